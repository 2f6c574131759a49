// Identifier rules shared by every entity: ids are short ASCII tokens so that
// they are safe in file names, CSV cells, URLs and ledger keys.
#ifndef STARGATE_CORE_IDS_H_
#define STARGATE_CORE_IDS_H_

#include <string_view>

namespace stargate {

// Letters, digits, '-', '_' and '.', 1..64 characters, starting with a letter or digit.
inline bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(id[0])) return false;
  for (char c : id) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// ISO 3166-1 alpha-2 shape: two upper-case ASCII letters.
inline bool IsCountryCodeShape(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

}  // namespace stargate

#endif  // STARGATE_CORE_IDS_H_
