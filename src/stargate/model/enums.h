// Closed vocabularies of the domain, with their spellings in data files.
#ifndef STARGATE_MODEL_ENUMS_H_
#define STARGATE_MODEL_ENUMS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stargate {

// Numeric formats accelerators are rated in; the bit length enters TPP.
enum class Precision { kFp4, kInt4, kFp6, kFp8, kInt8, kFp16, kBf16, kFp32, kFp64 };
int BitLength(Precision precision);

enum class PartnerStatus { kNone, kInterested, kNegotiating, kSigned, kOperating };
enum class SiteStatus { kCandidate, kAnnounced, kUnderConstruction, kOperating, kCancelled };
enum class FinancierKind { kStrategic, kSovereignFund, kPrivateEquity, kProjectDebt, kDevelopmentBank };
enum class ScreeningStatus { kClear, kPending, kFlagged };
// Where a country's demand may be served.
enum class Residency { kInCountry, kInZone, kAnywhere };

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
template <typename E>
std::string EnumName(E value) {
  for (const auto& s : Spellings<E>()) {
    if (value == s.value) return s.name;
  }
  return "?";
}
template <typename E>
std::vector<std::string> EnumNames() {
  std::vector<std::string> names;
  for (const auto& s : Spellings<E>()) names.emplace_back(s.name);
  return names;
}

}  // namespace stargate

#endif  // STARGATE_MODEL_ENUMS_H_
