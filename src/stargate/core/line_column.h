// Byte offsets to line:column, the way editors count: lines from 1, columns
// from 1 in characters (a multi-byte UTF-8 character is one column, a tab is
// one), and a UTF-8 byte order mark at the very start takes no column.
#ifndef STARGATE_CORE_LINE_COLUMN_H_
#define STARGATE_CORE_LINE_COLUMN_H_

#include <cstddef>
#include <string_view>

namespace stargate {

struct LineColumn {
  int line = 1;
  int column = 1;
};

// Positions of increasing offsets in one text, in time linear in the text
// over all calls: each call counts only from the previous offset. (An offset
// before the previous one restarts from the beginning.) Readers that place
// many values use this; offsets past the end are placed at the end.
class LineColumnCounter {
 public:
  explicit LineColumnCounter(std::string_view text);
  LineColumn At(size_t offset);

 private:
  std::string_view text_;
  size_t start_ = 0;  // after a byte order mark
  size_t offset_ = 0;
  LineColumn at_;
};

// The position of one offset (counts from the start of `text`).
LineColumn LineColumnAt(std::string_view text, size_t offset);

}  // namespace stargate

#endif  // STARGATE_CORE_LINE_COLUMN_H_
