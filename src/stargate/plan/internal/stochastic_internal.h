// Internal steps of SolveStochastic, one file each.
#ifndef STARGATE_PLAN_INTERNAL_STOCHASTIC_INTERNAL_H_
#define STARGATE_PLAN_INTERNAL_STOCHASTIC_INTERNAL_H_

#include <optional>
#include <string>
#include <vector>

#include "stargate/plan/plan_model.h"
#include "stargate/plan/stochastic.h"

namespace stargate::plan {

// Which columns of a scenario's model are first-stage decisions:
// construction starts and financing draws in quarters up to decide_until.
std::vector<bool> FirstStageColumns(const Scenario& scenario, const BuiltModel& built,
                                    Quarter decide_until);

// The extensive form: every scenario's model, its first-stage columns merged
// by name into one shared column (non-anticipativity by construction), its
// other columns and all its rows copied under an "sN:" prefix.
struct ExtensiveForm {
  LpModel lp;
  std::vector<std::vector<int>> column_of;  // per scenario: its column -> the extensive form's
  std::vector<int> shared;                  // first-stage columns, in order of first appearance
  int eta = -1;                             // CVaR: the value-at-risk column
};
ExtensiveForm StitchExtensiveForm(const std::vector<const BuiltModel*>& models,
                                  const std::vector<std::vector<bool>>& first_stage,
                                  const std::vector<double>& probabilities,
                                  const std::optional<RiskMeasure>& risk);

// A scenario's column values from the extensive form's.
std::vector<double> ScenarioColumns(const ExtensiveForm& ef, int scenario,
                                    const std::vector<double>& x);
// c_s . x_s in USD.
double CostUsd(const BuiltModel& built, const std::vector<double>& x);
// The plan's tables and KPIs from column values (no duals, no diagnosis).
Plan PlanFromColumns(const Scenario& scenario, const ExportLimits& limits, const BuiltModel& built,
                     std::vector<double> x, SolveStatus status);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_INTERNAL_STOCHASTIC_INTERNAL_H_
