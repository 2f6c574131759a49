// What changes between two regimes, in plain words: parameters (thresholds,
// exceptions, validated end users), caps and agreements, upgrade paths, and,
// country by country, the tier and the treatment of 3A090.a and 3A090.b.
// Treatments are compared by deciding the same probe shipment under both
// regimes, so the diff reflects what the engine would actually do.
#ifndef STARGATE_RULES_REGIME_DIFF_H_
#define STARGATE_RULES_REGIME_DIFF_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/date.h"

namespace stargate::rules {

class Engine;

struct DiffEntry {
  std::string topic;    // "classification", "exception", "cap", "agreement", "upgrade", "country"
  std::string subject;  // "a_tpp_min", "LPP", "FR: 3A090.a", ...
  std::string a;        // the value under the first regime ("-" when absent)
  std::string b;        // ... under the second
};

struct RegimeDiff {
  std::string a;
  std::string b;
  Date date_a;  // the dates each regime is looked at
  Date date_b;
  std::optional<std::string> country;
  std::vector<DiffEntry> entries;
};

// Compares regimes `a` and `b`, each on `date` if given, else on its own
// reference date. With `country`, only that country's rows appear among the
// per-country entries (and its tier is always shown).
absl::StatusOr<RegimeDiff> DiffRegimes(const Engine& engine, const std::string& a,
                                       const std::string& b,
                                       const std::optional<std::string>& country,
                                       const std::optional<Date>& date);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_REGIME_DIFF_H_
