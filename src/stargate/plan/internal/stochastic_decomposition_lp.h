// A CLP model kept between solves, for scenario decomposition: the master
// problem grows by cuts and each scenario subproblem sees new first-stage
// values as column bounds. By default a re-solve is the dual simplex from
// the last basis on the whole model (a bound change or a new row keeps that
// basis dual feasible); the decomposition's master and subproblems ask for
// presolve every time instead (ResolveFromScratch). The second file beside
// solver.cc that includes COIN-OR headers; their exceptions stop here.
#ifndef STARGATE_PLAN_STOCHASTIC_DECOMPOSITION_LP_H_
#define STARGATE_PLAN_STOCHASTIC_DECOMPOSITION_LP_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/plan/lp_model.h"
#include "stargate/plan/solver.h"

namespace stargate::plan {

struct WarmSolution {
  SolveStatus status = SolveStatus::kError;
  double objective = 0;
  std::vector<double> x;              // column values
  std::vector<double> reduced_costs;  // c - A'y per column
  std::vector<double> duals;          // per row: d objective / d row bound
  // Infeasible: a Farkas certificate, one multiplier per row, when CLP gave
  // one (its sign is the caller's to check); empty otherwise.
  std::vector<double> ray;
  int iterations = 0;
};

class WarmLp {
 public:
  explicit WarmLp(const LpModel& model);
  ~WarmLp();
  WarmLp(const WarmLp&) = delete;
  WarmLp& operator=(const WarmLp&) = delete;

  void SetColumnBounds(int column, double lower, double upper);
  void SetRowBounds(int row, double lower, double upper);
  // lower <= sum values[i] x[columns[i]] <= upper.
  void AddRow(const std::vector<int>& columns, const std::vector<double>& values, double lower,
              double upper);
  int num_rows() const;
  // The dual simplex prices rows by positive-edge steepest edge (CLP's
  // ClpPEDualRowSteepest) instead of steepest edge: on the extensive form
  // of 16 futures of the default scenario, 6% fewer iterations and 15 to 25%
  // fewer seconds (docs/stochastic.md); on one future alone, no gain.
  void UsePositiveEdgePricing();
  // Every Solve as the first: CLP's initialSolve, the dual simplex after
  // presolve, on the model as it now is. For the decomposition's
  // subproblems, whose fixed first-stage columns move far between points:
  // on 16 futures of the default scenario a round of 16 re-solves took 0.3
  // to 0.5 s this way against 1 to 6 s by the dual simplex on the whole
  // model (presolve removes the fixed columns; repairing the old basis on
  // the whole model took thousands of iterations). For the master too
  // (stochastic_decomposition.cc says by how much).
  void ResolveFromScratch();
  // The first call solves from scratch (dual simplex after presolve); later
  // ones re-solve with the dual simplex from the last basis, unless
  // ResolveFromScratch was called.
  absl::StatusOr<WarmSolution> Solve(double time_limit_seconds);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_STOCHASTIC_DECOMPOSITION_LP_H_
