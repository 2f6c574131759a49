#include "stargate/plan/plan.h"

#include <algorithm>
#include <chrono>

#include "stargate/plan/internal/plan_internal.h"

namespace stargate::plan {
namespace {

// What the minimum freedom score costs in total: the objective with it minus
// the objective of the same LP without it (its rows' bounds lifted), in the
// objective's unit (USD, or H100e-quarters less served). Its duals give the
// value per unit; a total needs the second solve. A MILP's second solve
// would be a second search, so MILPs report 0 (docs/formulation.md).
double FreedomConstraintCost(const BuiltModel& built, const Solution& with,
                             const SolveOptions& options, double scale) {
  if (built.lp.has_integers()) return 0;
  LpModel relaxed = built.lp;
  bool any = false;
  for (int row : built.index.freedom_row) {
    if (row < 0) continue;
    relaxed.SetRowUpper(row, kInfinity);
    any = true;
  }
  if (!any) return 0;
  SolveOptions solve = options;
  solve.dual_share_costs.clear();
  auto without = Solve(relaxed, solve);
  if (!without.ok() || without->status != SolveStatus::kOptimal) return 0;
  return (with.objective - without->objective) * scale;
}

}  // namespace

absl::StatusOr<Plan> MakePlan(const Scenario& scenario, const ExportLimits& limits,
                              const PlanOptions& options) {
  auto built = BuildPlanModel(scenario, limits, options.build);
  if (!built.ok()) return built.status();
  // The time limit covers the whole run: building the model counts too.
  SolveOptions solve = options.solve;
  solve.time_limit_seconds = std::max(1.0, solve.time_limit_seconds - built->build_seconds);
  if (built->lp.has_integers() && solve.start.empty()) {
    // A first solution before the search: the rounded LP, else the trivial
    // point; both are feasible, so a stopped search still has a plan.
    const auto start = std::chrono::steady_clock::now();
    solve.start = RoundedStart(scenario, *built, options.build, solve);
    if (solve.start.empty()) solve.start = TrivialStart(scenario, *built);
    solve.time_limit_seconds = std::max(
        1.0, solve.time_limit_seconds -
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (!built->lp.has_integers() && options.build.objective == Objective::kCost) {
    // Shadow prices name the part that comes from the value of unmet demand.
    solve.dual_share_costs.assign(built->lp.num_columns(), 0.0);
    for (int c : built->index.unmet) {
      if (c >= 0) solve.dual_share_costs[c] = built->lp.columns()[c].cost;
    }
  }
  auto solution = Solve(built->lp, solve);
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
  const bool compute = options.build.objective == Objective::kCompute;
  const bool has_solution = !solution->x.empty() && (solution->status == SolveStatus::kOptimal ||
                                                     solution->status == SolveStatus::kFeasible ||
                                                     solution->status == SolveStatus::kTimeLimit);
  if (solution->status == SolveStatus::kInfeasible) {
    plan.diagnosis = ExplainInfeasible(*built, options.solve);
    return plan;
  }
  if (!has_solution) {
    plan.no_solution = true;
    return plan;
  }
  plan.objective = compute ? -solution->objective : solution->objective * kUsdScale;
  ExtractTables(scenario, *built, *solution, &plan);
  plan.kpis = ComputeKpis(scenario, limits, *built, *solution, plan);
  plan.kpis.freedom_constraint_cost =
      FreedomConstraintCost(*built, *solution, options.solve, compute ? 1.0 : kUsdScale);
  plan.binding = FindBinding(scenario, *built, *solution, compute);
  plan.diagnosis = ExplainUnmet(scenario, limits, *built, *solution);
  if (plan.kpis.unfunded_usd > 1) {
    plan.diagnosis.push_back(
        "financing: capex exceeds what eligible financiers have committed; see unfunded_usd");
  }
  return plan;
}

}  // namespace stargate::plan
