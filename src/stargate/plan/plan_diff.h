// Two plans side by side: per country and year, what changes in compute,
// capacity, capex and cost, and which constraints bind in one plan and not
// in the other, so that "why does this country get more under the stricter
// regime?" has an answer. `stargate plan diff A B` prints it.
#ifndef STARGATE_PLAN_PLAN_DIFF_H_
#define STARGATE_PLAN_PLAN_DIFF_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stargate/model/model.h"
#include "stargate/plan/plan_result.h"

namespace stargate::plan {

// One country and year in plans A and B.
struct CountryYearDiff {
  std::string country;
  int year = 0;
  double h100e_a = 0, h100e_b = 0;          // installed at year end
  double mw_a = 0, mw_b = 0;                // online at year end
  double capex_usd_a = 0, capex_usd_b = 0;  // facility + chips spent in the year
  double cost_usd_a = 0, cost_usd_b = 0;    // capex + energy in the year
};

struct PlanDiff {
  std::string label_a, label_b;    // where each plan came from (a directory, a job id)
  std::string regime_a, regime_b;  // the regime each plan was made under
  Objective objective_kind_a = Objective::kCost, objective_kind_b = Objective::kCost;
  std::vector<CountryYearDiff> rows;  // rows where anything differs, by country then year
  // Binding constraints (as plan.json lists them) in one plan only.
  std::vector<Binding> binding_only_a, binding_only_b;
  double objective_a = 0, objective_b = 0;
  double served_share_a = 0, served_share_b = 0;
};

// Both plans must be of `scenario` (their tables name its sites and chips).
PlanDiff DiffPlans(const Scenario& scenario, const Plan& a, const Plan& b, std::string label_a,
                   std::string label_b);

// The JSON every view shows (`plan diff --json`, GET /api/plans/diff, the
// report's "comparison"): changes are B - A; docs/outputs.md lists the members.
nlohmann::json PlanDiffToJson(const PlanDiff& diff);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_DIFF_H_
