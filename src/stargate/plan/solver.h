// Solving an LpModel with COIN-OR: CLP for LPs, CBC for MILPs. This is the
// only file that includes COIN-OR headers; their exceptions stop here.
#ifndef STARGATE_PLAN_SOLVER_H_
#define STARGATE_PLAN_SOLVER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/plan/lp_model.h"

namespace stargate::plan {

enum class SolveStatus { kOptimal, kInfeasible, kUnbounded, kTimeLimit, kFeasible, kError };
std::string SolveStatusName(SolveStatus status);

enum class SolverKind { kClp, kCbc };

struct SolveOptions {
  SolverKind solver = SolverKind::kClp;  // a model with integers always uses CBC
  double time_limit_seconds = 300;
  double relative_gap = 1e-4;            // CBC
  int threads = 1;                       // CBC
};

struct Solution {
  SolveStatus status = SolveStatus::kError;
  double objective = 0;
  double best_bound = 0;     // CBC: best possible objective
  double relative_gap = 0;   // CBC: |objective - bound| / max(1, |objective|)
  std::vector<double> x;     // column values
  std::vector<double> duals; // row duals (LP only): d objective / d row bound
  std::vector<double> row_activity;
  double solve_seconds = 0;
  std::string solver;        // "clp" or "cbc"
};

absl::StatusOr<Solution> Solve(const LpModel& model, const SolveOptions& options);

// Writes the model as free-format MPS with its row and column names.
absl::Status WriteMps(const LpModel& model, const std::string& path);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_SOLVER_H_
