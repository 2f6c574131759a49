#include "stargate/core/line_column.h"

#include <limits>

#include "stargate/core/utf8.h"

namespace stargate {

LineColumnCounter::LineColumnCounter(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") start_ = 3;
  offset_ = start_;
}

LineColumn LineColumnCounter::At(size_t offset) {
  if (offset > text_.size()) offset = text_.size();
  if (offset < start_) return {1, 1};
  if (offset < offset_) {
    offset_ = start_;
    at_ = {};
  }
  for (; offset_ < offset; ++offset_) {
    const unsigned char c = static_cast<unsigned char>(text_[offset_]);
    if (c == '\n') {
      ++at_.line;
      at_.column = 1;
    } else if (!IsUtf8Continuation(c) && at_.column < std::numeric_limits<int>::max()) {
      ++at_.column;  // saturates rather than overflows on a line past 2 G characters
    }
  }
  return at_;
}

LineColumn LineColumnAt(std::string_view text, size_t offset) {
  return LineColumnCounter(text).At(offset);
}

}  // namespace stargate
