// What a caller may say about the party besides its name (its type, a
// vessel's IMO number, a person's year of birth), read the same way for
// `stargate screen` and POST /api/screen, so both doors accept and refuse
// the same values. The matcher uses them to count a listed entry of another
// type, IMO number or birth year against a hit (ScreenOptions).
#ifndef STARGATE_SCREEN_QUERY_FACTS_H_
#define STARGATE_SCREEN_QUERY_FACTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/screen/list_import.h"

namespace stargate::screen {

// "person" (or "individual"), "organization" ("organisation", "entity",
// "company"), "vessel", "aircraft"; any case.
absl::StatusOr<EntryType> ParseQueryType(std::string_view text);

// Seven digits, optionally after "IMO" ("IMO 9123456"); the digits.
absl::StatusOr<std::string> ParseImoNumber(std::string_view text);

// A year from 1900 to 2100.
absl::StatusOr<int> ParseBirthYear(std::string_view text);

// The party's country as the matcher compares it with the countries a list
// ties an entry to (addresses, nationality, citizenship). The doors resolve
// the user's text to a country with model's CountryResolver ("de", "Germany",
// "South Korea"; screen depends on core only) and pass its code, name and
// aliases here; the lists write names ("Korea, South"), hence the keys.
struct QueryCountry {
  std::string code;               // ISO 3166 alpha-2, e.g. "KR"; empty: not given
  std::string name;               // for explanations, e.g. "Republic of Korea"
  std::vector<std::string> keys;  // CountryKey of the code, name and aliases
  bool given() const { return !keys.empty(); }
};
QueryCountry MakeQueryCountry(std::string_view code, std::string_view name,
                              const std::vector<std::string>& aliases);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_QUERY_FACTS_H_
