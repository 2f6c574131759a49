// The names file of `stargate screen --file`: one name per line, surrounding
// spaces and tabs trimmed; blank lines and '#' comments are skipped. Each
// name is checked as a query (CheckQueryName), a bad one stopping the read
// with its file:line:1.
#ifndef STARGATE_SCREEN_NAMES_FILE_H_
#define STARGATE_SCREEN_NAMES_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace stargate::screen {

struct NameLine {
  std::string name;
  int line = 0;  // 1-based
};

// `shown` names the file in problems ("<stdin>" for standard input).
absl::StatusOr<std::vector<NameLine>> ParseNamesFile(std::string_view text,
                                                     const std::string& shown);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_NAMES_FILE_H_
