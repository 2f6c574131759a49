// What a partner government asks: "which tier are we in, what may we get,
// how much cap is left, and how do we move up?" — a country's place in a
// regime on a date, the license treatment of controlled chips, the caps that
// apply with what is left, and each upgrade path with its criteria met or
// missing (with evidence) and what it would unlock.
#ifndef STARGATE_RULES_TIER_REPORT_H_
#define STARGATE_RULES_TIER_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/regime.h"

namespace stargate::rules {

class Engine;

// One way a license-requirement row may apply to a class of chip.
struct TreatmentLine {
  std::string row_id;
  std::string condition;  // "" when it always applies; "TPP < 21000 and ..." otherwise
  Outcome outcome = Outcome::kNoLicenseRequired;
  std::string exception;
  std::optional<ReviewPolicy> review_policy;
  std::vector<std::string> try_first;
  std::string cite;
};

struct Treatment {
  Eccn eccn = Eccn::k3A090a;
  std::vector<TreatmentLine> lines;  // in the order the engine tries them
};

struct CapReport {
  std::string id;
  std::string description;
  std::string consignee;  // empty: every consignee
  std::string window;     // "2025-01-01 .. 2027-12-31"
  double limit_tpp = 0;
  double used_tpp = 0;
  std::string multiplied_by;  // upgrade that multiplies the limit, if met
  std::string cite;
  std::string unconfirmed;
  double remaining_tpp() const { return limit_tpp > used_tpp ? limit_tpp - used_tpp : 0; }
};

struct UpgradeReport {
  std::string id;
  std::string name;
  std::vector<CriterionResult> criteria;
  bool met = false;
  std::string unlocks;  // plain words
  std::string cite;
  std::string unconfirmed;
};

struct TierReport {
  std::string country;
  std::string country_name;
  Date date;
  std::string regime;
  std::string regime_name;
  std::string group;  // after upgrades
  std::string group_name;
  std::string base_group;  // before upgrades
  std::string how;         // "listed", "member of D:5", "by default", "promoted by ..."
  std::string group_cite;
  bool home = false;  // the regime's home country: nothing is an export
  bool headquarters_rule = false;
  std::vector<Treatment> treatments;  // 3A090.a, then 3A090.b
  std::optional<double> lpp_tpp_per_consignee_per_year;
  std::string lpp_cite;
  std::vector<CapReport> caps;
  std::vector<UpgradeReport> upgrades;  // the paths open from the country's group
};

absl::StatusOr<TierReport> DescribeTier(const Engine& engine, const std::string& country, Date date,
                                        const std::string& regime_choice, const CapUsage& usage);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_TIER_REPORT_H_
