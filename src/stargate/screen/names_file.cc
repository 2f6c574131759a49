#include "stargate/screen/names_file.h"

#include "absl/strings/str_cat.h"
#include "stargate/screen/screen.h"

namespace stargate::screen {

absl::StatusOr<std::vector<NameLine>> ParseNamesFile(std::string_view text,
                                                     const std::string& shown) {
  std::vector<NameLine> names;
  size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string name(text.substr(start, end - start));
    start = end + 1;
    ++line;
    if (!name.empty() && name.back() == '\r') name.pop_back();
    const size_t first = name.find_first_not_of(" \t");
    if (first == std::string::npos || name[first] == '#') continue;
    name = name.substr(first, name.find_last_not_of(" \t") - first + 1);
    if (auto status = CheckQueryName(name); !status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(shown, ":", line, ":1: ", status.message()));
    }
    names.push_back({std::move(name), line});
  }
  return names;
}

}  // namespace stargate::screen
