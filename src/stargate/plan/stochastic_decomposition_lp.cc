#include "stargate/plan/internal/stochastic_decomposition_lp.h"

#include <cmath>

#include "ClpPEDualRowSteepest.hpp"
#include "ClpSimplex.hpp"
#include "ClpSolve.hpp"
#include "CoinError.hpp"
#include "CoinPackedMatrix.hpp"
#include "absl/strings/str_cat.h"

namespace stargate::plan {
namespace {

double Finite(double v) { return std::isinf(v) ? (v > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : v; }

}  // namespace

struct WarmLp::Impl {
  ClpSimplex clp;
  bool solved_once = false;
  bool from_scratch = false;
  int columns = 0;
};

WarmLp::WarmLp(const LpModel& model) : impl_(std::make_unique<Impl>()) {
  CoinPackedMatrix matrix(false, model.coefficient_rows().data(),
                          model.coefficient_columns().data(), model.coefficient_values().data(),
                          static_cast<CoinBigIndex>(model.num_coefficients()));
  matrix.setDimensions(model.num_rows(), model.num_columns());
  std::vector<double> col_lower, col_upper, cost, row_lower, row_upper;
  for (const auto& c : model.columns()) {
    col_lower.push_back(Finite(c.lower));
    col_upper.push_back(Finite(c.upper));
    cost.push_back(c.cost);
  }
  for (const auto& r : model.rows()) {
    row_lower.push_back(Finite(r.lower));
    row_upper.push_back(Finite(r.upper));
  }
  impl_->clp.setLogLevel(0);
  // Keep the Farkas ray of an infeasible solve (feasibility cuts need it).
  impl_->clp.setSpecialOptions(impl_->clp.specialOptions() | 32);
  impl_->clp.loadProblem(matrix, col_lower.data(), col_upper.data(), cost.data(), row_lower.data(),
                         row_upper.data());
  impl_->columns = model.num_columns();
}

WarmLp::~WarmLp() = default;

void WarmLp::SetColumnBounds(int column, double lower, double upper) {
  impl_->clp.setColumnBounds(column, Finite(lower), Finite(upper));
}

void WarmLp::SetRowBounds(int row, double lower, double upper) {
  impl_->clp.setRowBounds(row, Finite(lower), Finite(upper));
}

void WarmLp::AddRow(const std::vector<int>& columns, const std::vector<double>& values,
                    double lower, double upper) {
  impl_->clp.addRow(static_cast<int>(columns.size()), columns.data(), values.data(), Finite(lower),
                    Finite(upper));
}

void WarmLp::UsePositiveEdgePricing() {
  ClpPEDualRowSteepest pricing;
  impl_->clp.setDualRowPivotAlgorithm(pricing);  // CLP keeps a clone
}

void WarmLp::ResolveFromScratch() { impl_->from_scratch = true; }

int WarmLp::num_rows() const { return impl_->clp.numberRows(); }

absl::StatusOr<WarmSolution> WarmLp::Solve(double time_limit_seconds) {
  try {
    ClpSimplex& clp = impl_->clp;
    // In wall-clock seconds from now (CLP's plain limit counts the process's
    // CPU seconds, every thread's, from when it was set).
    clp.setMaximumSeconds(-1);
    clp.setMaximumWallSeconds(time_limit_seconds);
    if (!impl_->solved_once || impl_->from_scratch) {
      ClpSolve how;
      how.setSolveType(ClpSolve::useDual);
      how.setPresolveType(ClpSolve::presolveOn);
      clp.initialSolve(how);
      impl_->solved_once = true;
    } else {
      clp.dual();
    }
    // Presolve hides the ray: an infeasible first solve is repeated without it.
    if (clp.status() == 1 && !clp.rayExists()) clp.dual();
    WarmSolution s;
    s.status = FromClpStatus(clp.status());
    s.iterations = clp.numberIterations();
    s.objective = clp.objectiveValue();
    const int n = clp.numberColumns();
    s.x.assign(clp.primalColumnSolution(), clp.primalColumnSolution() + n);
    s.reduced_costs.assign(clp.dualColumnSolution(), clp.dualColumnSolution() + n);
    s.duals.assign(clp.dualRowSolution(), clp.dualRowSolution() + clp.numberRows());
    if (s.status == SolveStatus::kInfeasible) {
      if (double* ray = clp.infeasibilityRay()) {
        s.ray.assign(ray, ray + clp.numberRows());
        delete[] ray;
      }
    }
    return s;
  } catch (const CoinError& e) {
    return absl::InternalError(absl::StrCat("COIN-OR: ", e.message(), " in ", e.methodName()));
  }
}

}  // namespace stargate::plan
