// What a caller may say about the party besides its name (its type, a
// vessel's IMO number, a person's year of birth), read the same way for
// `stargate screen` and POST /api/screen, so both doors accept and refuse
// the same values. The matcher uses them to count a listed entry of another
// type, IMO number or birth year against a hit (ScreenOptions).
#ifndef STARGATE_SCREEN_QUERY_FACTS_H_
#define STARGATE_SCREEN_QUERY_FACTS_H_

#include <string>
#include <string_view>

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

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_QUERY_FACTS_H_
