// Solving an LpModel with COIN-OR: CLP for LPs, CBC for MILPs. solver.cc and
// stochastic_decomposition_lp.cc (CLP models kept warm between solves) are
// the only files that include COIN-OR headers; their exceptions stop there.
#ifndef STARGATE_PLAN_SOLVER_H_
#define STARGATE_PLAN_SOLVER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/plan/lp_model.h"

namespace stargate::plan {

enum class SolveStatus { kOptimal, kInfeasible, kUnbounded, kTimeLimit, kFeasible, kError };
std::string SolveStatusName(SolveStatus status);
// ClpSimplex::status(): 0 optimal, 1 infeasible, 2 unbounded, 3 stopped at a
// limit, anything else an error.
SolveStatus FromClpStatus(int clp_status);

enum class SolverKind { kClp, kCbc };

// Where a MILP search stands: reported every `progress_seconds` while CBC runs.
struct SolveProgress {
  double seconds = 0;
  bool has_incumbent = false;
  double incumbent = 0;  // objective of the best solution found
  double bound = 0;      // best possible objective
  double relative_gap = 0;
};

struct SolveOptions {
  SolverKind solver = SolverKind::kClp;  // a model with integers always uses CBC
  // Wall-clock seconds for the whole solve, presolve and root included.
  double time_limit_seconds = 300;
  double relative_gap = 1e-4;  // CBC
  int threads = 1;             // CBC
  // CBC: a feasible point to start from (one value per column), so that a
  // search stopped early still has a solution; empty for none.
  std::vector<double> start;
  std::function<void(const SolveProgress&)> progress;  // CBC; may be empty
  // CLP: a part of the cost vector (one value per column) whose share of
  // the row duals is reported apart, at the optimal basis; empty for none.
  std::vector<double> dual_share_costs;
  double progress_seconds = 3;
};

struct Solution {
  SolveStatus status = SolveStatus::kError;
  double objective = 0;
  double best_bound = 0;      // CBC: best possible objective
  double relative_gap = 0;    // CBC: |objective - bound| / max(1, |objective|)
  std::vector<double> x;      // column values
  std::vector<double> duals;  // row duals (LP only): d objective / d row bound
  // The part of each dual that comes from SolveOptions::dual_share_costs
  // (duals are linear in the costs at a fixed basis); empty when not asked.
  std::vector<double> dual_shares;
  std::vector<double> row_activity;
  double solve_seconds = 0;
  std::string solver;  // "clp" or "cbc"
};

absl::StatusOr<Solution> Solve(const LpModel& model, const SolveOptions& options);

// Writes the model as free-format MPS with its row and column names.
absl::Status WriteMps(const LpModel& model, const std::string& path);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_SOLVER_H_
