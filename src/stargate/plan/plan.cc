#include "stargate/plan/plan.h"

#include "stargate/plan/plan_internal.h"

namespace stargate::plan {

absl::StatusOr<Plan> MakePlan(const Scenario& scenario, const ExportLimits& limits,
                              const PlanOptions& options) {
  auto built = BuildPlanModel(scenario, limits, options.build);
  if (!built.ok()) return built.status();
  auto solution = Solve(built->lp, options.solve);
  if (!solution.ok()) return solution.status();

  Plan plan;
  plan.scenario_id = scenario.id;
  plan.regime = limits.regime_label;
  plan.objective_kind = options.build.objective;
  plan.solver = solution->solver;
  plan.status = solution->status;
  plan.relative_gap = solution->relative_gap;
  plan.rows = built->lp.num_rows();
  plan.columns = built->lp.num_columns();
  plan.nonzeros = built->lp.num_coefficients();
  plan.build_seconds = built->build_seconds;
  plan.solve_seconds = solution->solve_seconds;
  const bool compute = options.build.objective == "compute";
  const bool has_solution = !solution->x.empty() && (solution->status == SolveStatus::kOptimal ||
                                                     solution->status == SolveStatus::kFeasible ||
                                                     solution->status == SolveStatus::kTimeLimit);
  if (solution->status == SolveStatus::kInfeasible) {
    plan.diagnosis = ExplainInfeasible(*built, options.solve);
    return plan;
  }
  if (!has_solution) return plan;
  plan.objective = compute ? -solution->objective : solution->objective * kUsdScale;
  ExtractTables(scenario, *built, *solution, &plan);
  plan.kpis = ComputeKpis(scenario, limits, *built, *solution, plan);
  plan.binding = FindBinding(scenario, *built, *solution, compute);
  plan.diagnosis = ExplainUnmet(scenario, limits, *built, *solution);
  if (plan.kpis.unfunded_usd > 1) {
    plan.diagnosis.push_back("financing: capex exceeds what eligible financiers have committed; see unfunded_usd");
  }
  return plan;
}

}  // namespace stargate::plan
