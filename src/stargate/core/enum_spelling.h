// Spelling <-> value tables for closed vocabularies: one table per enum
// (specialise Spellings<E>()), and the parse / name / list functions every
// reader and writer shares. The domain's enums are in model/enums.h.
#ifndef STARGATE_CORE_ENUM_SPELLING_H_
#define STARGATE_CORE_ENUM_SPELLING_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stargate {

// Spelling <-> value, one table per enum; the spellings are the data-file and
// JSON contract.
template <typename E>
struct EnumSpelling {
  E value;
  const char* name;
};
template <typename E>
const std::vector<EnumSpelling<E>>& Spellings();

template <typename E>
std::optional<E> ParseEnum(std::string_view name) {
  for (const auto& s : Spellings<E>()) {
    if (name == s.name) return s.value;
  }
  return std::nullopt;
}
// The table's own text for `value` ("?" for a value it lacks), no copy: for
// the hot paths and the `const char*` name functions built on a table.
template <typename E>
const char* SpellingOf(E value) {
  for (const auto& s : Spellings<E>()) {
    if (value == s.value) return s.name;
  }
  return "?";
}
template <typename E>
std::string EnumName(E value) {
  return SpellingOf(value);
}
template <typename E>
std::vector<std::string> EnumNames() {
  std::vector<std::string> names;
  for (const auto& s : Spellings<E>()) names.emplace_back(s.name);
  return names;
}

}  // namespace stargate

#endif  // STARGATE_CORE_ENUM_SPELLING_H_
