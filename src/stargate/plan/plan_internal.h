// Internal steps of MakePlan, one file each.
#ifndef STARGATE_PLAN_PLAN_INTERNAL_H_
#define STARGATE_PLAN_PLAN_INTERNAL_H_

#include "stargate/plan/plan.h"

namespace stargate::plan {

// plan_extract.cc: tables and shipments from the solution.
void ExtractTables(const Scenario& scenario, const BuiltModel& built, const Solution& solution, Plan* plan);
// kpis.cc
Kpis ComputeKpis(const Scenario& scenario, const ExportLimits& limits, const BuiltModel& built,
                 const Solution& solution, const Plan& plan);
// diagnosis.cc: binding constraints with their values, and why demand is unmet.
std::vector<Binding> FindBinding(const Scenario& scenario, const BuiltModel& built,
                                 const Solution& solution, bool compute_objective);
std::vector<std::string> ExplainUnmet(const Scenario& scenario, const ExportLimits& limits,
                                      const BuiltModel& built, const Solution& solution);
// elastic.cc: when the model is infeasible, which constraint families stop it.
std::vector<std::string> ExplainInfeasible(const BuiltModel& built, const SolveOptions& options);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_INTERNAL_H_
