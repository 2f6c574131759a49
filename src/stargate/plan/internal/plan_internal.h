// Internal steps of MakePlan, one file each.
#ifndef STARGATE_PLAN_INTERNAL_PLAN_INTERNAL_H_
#define STARGATE_PLAN_INTERNAL_PLAN_INTERNAL_H_

#include "stargate/plan/plan.h"

namespace stargate::plan {

// plan_extract.cc: tables and shipments from the solution.
void ExtractTables(const Scenario& scenario, const BuiltModel& built, const Solution& solution,
                   Plan* plan);
// milp_start.cc: existing capacity only, all demand unmet (feasible).
std::vector<double> TrivialStart(const Scenario& scenario, const BuiltModel& built);
// milp_start.cc: the LP relaxation rounded (blocks down, sites opened that
// reach their minimum) and re-solved with the integers fixed; empty when
// that fails.
std::vector<double> RoundedStart(const Scenario& scenario, const BuiltModel& built,
                                 const BuildOptions& build, const SolveOptions& options);
// kpis.cc
Kpis ComputeKpis(const Scenario& scenario, const ExportLimits& limits, const BuiltModel& built,
                 const Solution& solution, const Plan& plan);
// The objective's parts in discounted USD (Kpis::objective_usd_by_term).
std::map<std::string, double> ObjectiveTerms(const BuiltModel& built, const Solution& solution);
// diagnosis.cc: binding constraints with their values, and why demand is unmet.
std::vector<Binding> FindBinding(const Scenario& scenario, const BuiltModel& built,
                                 const Solution& solution, bool compute_objective);
std::vector<std::string> ExplainUnmet(const Scenario& scenario, const ExportLimits& limits,
                                      const BuiltModel& built, const Solution& solution);
// elastic.cc: when the model is infeasible, which constraint families stop it.
std::vector<std::string> ExplainInfeasible(const BuiltModel& built, const SolveOptions& options);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_INTERNAL_PLAN_INTERNAL_H_
