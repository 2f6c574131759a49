// Small std::string_view helpers. Debian's Abseil has its own string_view
// type, so absl::StrSplit / StripAsciiWhitespace do not take
// std::string_view; these do.
#ifndef STARGATE_SCREEN_INTERNAL_TEXT_UTIL_H_
#define STARGATE_SCREEN_INTERNAL_TEXT_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace stargate::screen {

inline bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Splits at any of `separators`; empty pieces are kept.
inline std::vector<std::string_view> SplitAny(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || separators.find(s[i]) != std::string_view::npos) {
      pieces.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return pieces;
}

inline bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && Lower(s.substr(0, prefix.size())) == Lower(prefix);
}

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_INTERNAL_TEXT_UTIL_H_
