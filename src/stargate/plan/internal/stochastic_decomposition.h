// Scenario decomposition of the two-stage plan: the L-shaped method (Benders)
// with one cut per scenario. The master holds the first-stage columns, the
// rows that involve nothing else, one theta_s per scenario (and CVaR's eta
// and excess_s); subproblem s is scenario s's own model with the first-stage
// columns fixed at the master's values, re-solved from scratch (presolve
// drops the fixed columns). Its objective and the reduced costs of the fixed columns
// make an optimality cut theta_s >= z_s + d_s (x - x_hat) (valid for every
// x: (duals, reduced costs) stay dual feasible when only x changes); an
// infeasible subproblem gives a feasibility cut from CLP's Farkas ray.
// For an LP this converges to the extensive form's optimum; it stops at a
// relative gap, an iteration or a time limit, whichever comes first.
#ifndef STARGATE_PLAN_STOCHASTIC_DECOMPOSITION_H_
#define STARGATE_PLAN_STOCHASTIC_DECOMPOSITION_H_

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/plan/lp_model.h"
#include "stargate/plan/solver.h"
#include "stargate/plan/stochastic.h"

namespace stargate::plan {

struct DecompositionInput {
  std::vector<const LpModel*> models;          // per scenario
  std::vector<std::vector<bool>> first_stage;  // per scenario, per column
  std::vector<double> probabilities;
  std::optional<RiskMeasure> risk;
  // Per scenario, a lower bound on its cost for any first stage (its
  // wait-and-see objective, model units): keeps the first masters bounded.
  // Read on rank 0 only.
  std::vector<double> lower_bounds;
  // The first point evaluated when `wait_and_see` is incomplete, by column
  // name (the mean-value plan's first stage); missing names start at their
  // lower bound. Read on rank 0 only.
  std::unordered_map<std::string, double> start;
  // Per scenario, its first-stage columns' values (in its column order)
  // when solved alone. When every scenario has them, the first point is
  // their probability-weighted average instead of `start`: on 16 futures of
  // the default scenario its upper bound was $724B against the mean-value
  // plan's $829B (the optimum $651B), and after 30 s the gap 4.4% against
  // 9.0%. (Their optimality cuts in the master were tried too: they made
  // each master solve slower and the gap after 30 s 9.2%.) Rank 0 only.
  std::vector<std::vector<double>> wait_and_see;
  // Partial decomposition: this scenario's whole model is kept in the
  // master (its theta tied to its cost by a row), so that its cost is exact
  // from the first iteration and the master's points stay near what one
  // future can use (without it, on 16 futures of the default scenario and
  // with each build column capped at its site's grid, neither bound moved
  // in 48 iterations). -1: none.
  int retained = -1;
  double relative_gap = 1e-4;
  int max_iterations = 500;
  double time_limit_seconds = 300;
  int threads = 0;
  SolveGroup* group = nullptr;
  std::function<void(const DecompositionProgress&)> progress;  // rank 0; may be empty
};

struct DecompositionOutcome {
  SolveStatus status = SolveStatus::kError;  // optimal: the gap was reached
  DecompositionProgress last;
  // Rank 0: per scenario, its model's column values at the best first
  // stage found (the upper bound's).
  std::vector<std::vector<double>> x;
};

absl::StatusOr<DecompositionOutcome> SolveByDecomposition(const DecompositionInput& input);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_STOCHASTIC_DECOMPOSITION_H_
