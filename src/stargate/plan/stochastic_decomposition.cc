// The L-shaped method over scenario subproblems (stochastic_decomposition.h):
// rank 0 keeps the master; every rank keeps the subproblems of its scenarios
// (s mod ranks), evaluates them on TBB threads and sends back, per scenario
// in order, either an optimality cut or a feasibility cut. The sequence of
// first-stage points a subproblem sees is the same on any number of ranks
// and threads, and CLP is deterministic, so the result is too.
#include "stargate/plan/internal/stochastic_decomposition.h"

#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/plan/internal/stochastic_decomposition_lp.h"
#include "stargate/plan/plan_model.h"

namespace stargate::plan {
namespace {

using Clock = std::chrono::steady_clock;

// The first-stage columns shared by every scenario, merged by name as the
// extensive form merges them, with the bounds every scenario allows.
struct SharedColumns {
  std::vector<std::string> names;
  std::vector<double> lower, upper;
  std::vector<std::vector<int>> of;      // per scenario: its first-stage columns, in order
  std::vector<std::vector<int>> shared;  // per scenario: of[s][i] -> shared index
};

SharedColumns ShareColumns(const DecompositionInput& in) {
  SharedColumns out;
  std::unordered_map<std::string, int> by_name;
  for (size_t s = 0; s < in.models.size(); ++s) {
    const LpModel& m = *in.models[s];
    auto& of = out.of.emplace_back();
    auto& shared = out.shared.emplace_back();
    for (int c = 0; c < m.num_columns(); ++c) {
      if (!in.first_stage[s][c]) continue;
      const LpColumn& col = m.columns()[c];
      auto [it, inserted] =
          by_name.try_emplace(m.column_names()[c], static_cast<int>(out.names.size()));
      if (inserted) {
        out.names.push_back(m.column_names()[c]);
        out.lower.push_back(col.lower);
        out.upper.push_back(col.upper);
      } else {
        out.lower[it->second] = std::max(out.lower[it->second], col.lower);
        out.upper[it->second] = std::min(out.upper[it->second], col.upper);
      }
      of.push_back(c);
      shared.push_back(it->second);
    }
  }
  return out;
}

// Rank 0's master: min (1-w) sum p_s theta_s + w (eta + sum p_s excess_s / (1-a)).
class Master {
 public:
  Master(const DecompositionInput& in, const SharedColumns& shared) : n_(in.models.size()) {
    LpModel lp;
    const int family = lp.AddFamily("master");
    const size_t k = shared.names.size();
    for (size_t j = 0; j < k; ++j)
      lp.AddColumn({shared.lower[j], shared.upper[j], 0, false, family}, shared.names[j]);
    const double w = in.risk ? in.risk->weight : 0;
    for (size_t s = 0; s < n_; ++s) {
      theta_.push_back(lp.AddColumn(
          {in.lower_bounds[s], kInfinity, (1 - w) * in.probabilities[s], false, family},
          absl::StrCat("theta[", s, "]")));
    }
    // What each scenario's rows imply for the first stage alone: a row
    // l <= a x + b y <= u with y within its bounds holds only if
    // l - max(b y) <= a x <= u - min(b y). Where that is finite (rows of
    // first-stage columns only; financing commitments, whose later draws
    // are >= 0) the master keeps it, so that no point it proposes breaks a
    // scenario for want of a row it could have known.
    std::map<std::string, std::vector<std::vector<double>>> added;  // by row name: its copies
    for (size_t s = 0; s < n_; ++s) {
      const LpModel& m = *in.models[s];
      std::vector<int> shared_of(m.num_columns(), -1);
      for (size_t i = 0; i < shared.of[s].size(); ++i)
        shared_of[shared.of[s][i]] = shared.shared[s][i];
      // The range of b y: low only ever gains finite or -inf terms, high
      // finite or +inf ones, so the bounds below are never inf - inf.
      std::vector<double> low(m.num_rows(), 0.0), high(m.num_rows(), 0.0);
      std::vector<std::vector<std::pair<int, double>>> terms(m.num_rows());
      const auto& rows = m.coefficient_rows();
      const auto& cols = m.coefficient_columns();
      const auto& vals = m.coefficient_values();
      for (size_t e = 0; e < rows.size(); ++e) {
        const int r = rows[e], c = cols[e];
        const double v = vals[e];
        if (shared_of[c] >= 0) {
          terms[r].emplace_back(shared_of[c], v);
          continue;
        }
        const LpColumn& col = m.columns()[c];
        low[r] += v > 0 ? v * col.lower : v * col.upper;
        high[r] += v > 0 ? v * col.upper : v * col.lower;
      }
      for (int r = 0; r < m.num_rows(); ++r) {
        if (terms[r].empty()) continue;
        const LpRow& row = m.rows()[r];
        const double lower = row.lower - high[r];
        const double upper = row.upper - low[r];
        if (std::isinf(lower) && std::isinf(upper)) continue;
        // The same row in another scenario, with the same terms and bounds.
        std::vector<double> key = {lower, upper};
        for (const auto& [j, v] : terms[r]) key.insert(key.end(), {static_cast<double>(j), v});
        auto& copies = added[m.row_names()[r]];
        if (std::find(copies.begin(), copies.end(), key) != copies.end()) continue;
        copies.push_back(key);
        const int master_row = lp.AddRow({lower, upper, family}, m.row_names()[r]);
        for (const auto& [j, v] : terms[r]) lp.AddCoefficient(master_row, j, v);
      }
    }
    if (in.retained >= 0) {
      // theta_r - c_r (x, y_r) = 0 over scenario r's rows, its recourse
      // columns added to the master.
      const size_t r = static_cast<size_t>(in.retained);
      const LpModel& m = *in.models[r];
      std::vector<int> column_of(m.num_columns(), -1);
      for (size_t i = 0; i < shared.of[r].size(); ++i)
        column_of[shared.of[r][i]] = shared.shared[r][i];
      for (int c = 0; c < m.num_columns(); ++c) {
        if (column_of[c] >= 0) continue;
        LpColumn col = m.columns()[c];
        col.cost = 0;
        col.family = family;
        column_of[c] = lp.AddColumn(col, m.column_names()[c]);
      }
      const int first_row = lp.num_rows();
      for (int row = 0; row < m.num_rows(); ++row) {
        LpRow copy = m.rows()[row];
        copy.family = family;
        lp.AddRow(copy, m.row_names()[row]);
      }
      for (size_t e = 0; e < m.coefficient_values().size(); ++e) {
        lp.AddCoefficient(first_row + m.coefficient_rows()[e],
                          column_of[m.coefficient_columns()[e]], m.coefficient_values()[e]);
      }
      const int cost_row = lp.AddRow({0, 0, family}, "retained_cost");
      lp.AddCoefficient(cost_row, theta_[r], 1);
      for (int c = 0; c < m.num_columns(); ++c) {
        if (m.columns()[c].cost != 0)
          lp.AddCoefficient(cost_row, column_of[c], -m.columns()[c].cost);
      }
    }
    if (in.risk) {
      const int eta = lp.AddColumn({-kInfinity, kInfinity, w, false, family}, "cvar_eta");
      for (size_t s = 0; s < n_; ++s) {
        const int excess = lp.AddColumn(
            {0, kInfinity, w * in.probabilities[s] / (1 - in.risk->alpha), false, family},
            absl::StrCat("cvar_excess[", s, "]"));
        // excess_s >= theta_s - eta
        const int row = lp.AddRow({0, kInfinity, family}, absl::StrCat("cvar[", s, "]"));
        lp.AddCoefficient(row, excess, 1);
        lp.AddCoefficient(row, eta, 1);
        lp.AddCoefficient(row, theta_[s], -1);
      }
    }
    lp_ = std::make_unique<WarmLp>(lp);
    // Each iteration's master is solved afresh after presolve: on 16 futures
    // of the default scenario that took 0.2 to 0.8 s a solve (a few hundred
    // iterations), against 0.7 to 12 s for the dual simplex from the last
    // basis on the whole model (thousands of iterations, each dearer
    // without presolve's reductions).
    lp_->ResolveFromScratch();
  }

  // theta_s - sum d_i x_i >= z - sum d_i x_hat_i.
  void AddOptimalityCut(size_t s, const std::vector<int>& shared, const double* d,
                        const std::vector<double>& x_hat, double z) {
    std::vector<int> cols = {theta_[s]};
    std::vector<double> vals = {1};
    double rhs = z;
    for (size_t i = 0; i < shared.size(); ++i) {
      if (d[i] == 0) continue;
      cols.push_back(shared[i]);
      vals.push_back(-d[i]);
      rhs -= d[i] * x_hat[shared[i]];
    }
    lp_->AddRow(cols, vals, rhs, kInfinity);
  }
  // sum g_i x_i <= rhs.
  void AddFeasibilityCut(const std::vector<int>& shared, const double* g, double rhs) {
    std::vector<int> cols;
    std::vector<double> vals;
    for (size_t i = 0; i < shared.size(); ++i) {
      if (g[i] == 0) continue;
      cols.push_back(shared[i]);
      vals.push_back(g[i]);
    }
    lp_->AddRow(cols, vals, -kInfinity, rhs);
  }
  absl::StatusOr<WarmSolution> Solve(double seconds) { return lp_->Solve(seconds); }

 private:
  size_t n_;
  std::vector<int> theta_;
  std::unique_ptr<WarmLp> lp_;
};

// What one subproblem evaluation sends to rank 0: [kind, value, k values]:
// kind 0, optimality: value = z, the reduced costs of the fixed columns;
// kind 1, infeasible: a cut sum g x <= value, g per fixed column;
// kind 2, failed (no optimum, no certificate): value = the status.
constexpr double kOptimality = 0, kFeasibility = 1, kFailed = 2;

// A feasibility cut from a Farkas ray r of the subproblem with x fixed: for
// any y with rl <= Ay <= ru, l <= y <= u, (A'r)y = r(Ay) <= max over the row
// box, so sum_first g_j x_j <= U - min over the other columns' box of g y.
// Both signs of r are tried (CLP's convention varies by path); the cut is
// kept only when it is finite and cuts x_hat off.
bool FeasibilityCut(const LpModel& m, const std::vector<int>& first, const std::vector<double>& ray,
                    const std::vector<bool>& is_first, std::vector<double>* g_first, double* rhs) {
  const int rows = m.num_rows();
  if (static_cast<int>(ray.size()) < rows) return false;
  double scale = 0;
  for (int r = 0; r < rows; ++r) scale = std::max(scale, std::fabs(ray[r]));
  if (scale == 0) return false;
  std::vector<double> g(m.num_columns(), 0.0);
  const auto& er = m.coefficient_rows();
  const auto& ec = m.coefficient_columns();
  const auto& ev = m.coefficient_values();
  for (size_t e = 0; e < ev.size(); ++e) g[ec[e]] += ray[er[e]] / scale * ev[e];
  for (double sign : {1.0, -1.0}) {
    double upper = 0;
    bool finite = true;
    for (int r = 0; r < rows && finite; ++r) {
      const double v = sign * ray[r] / scale;
      if (std::fabs(v) < 1e-12) continue;
      const double bound = v > 0 ? m.rows()[r].upper : m.rows()[r].lower;
      if (std::isinf(bound)) finite = false;
      upper += v * bound;
    }
    double other = 0;
    for (int c = 0; c < m.num_columns() && finite; ++c) {
      const double v = sign * g[c];
      if (is_first[c] || std::fabs(v) < 1e-12) continue;
      const double bound = v > 0 ? m.columns()[c].lower : m.columns()[c].upper;
      if (std::isinf(bound)) finite = false;
      other += v * bound;
    }
    if (!finite) continue;
    // At x_hat (the fixed bounds) the certificate must be violated.
    double at_hat = other;
    for (int c : first) at_hat += sign * g[c] * m.columns()[c].lower;
    if (at_hat - upper <= 1e-7 * std::max(1.0, std::fabs(upper))) continue;
    g_first->clear();
    for (int c : first) g_first->push_back(sign * g[c]);
    *rhs = upper - other;
    return true;
  }
  return false;
}

// Phase one of subproblem s, for when CLP gives no ray: the scenario's model
// without costs, its first-stage columns free within their bounds and tied
// to x_hat by copy rows x_j + up_j - down_j = x_hat_j, minimising
// sum (up + down). Its value v(x_hat) > 0 says how far x_hat is from a first
// stage this scenario can carry out; v is convex in x_hat and the copy rows'
// duals pi are a subgradient, so every feasible x has
// 0 >= v(x_hat) + pi (x - x_hat): the feasibility cut.
struct PhaseOne {
  std::unique_ptr<WarmLp> lp;
  int first_copy_row = 0;
};

PhaseOne MakePhaseOne(const LpModel& m, const std::vector<int>& first) {
  LpModel p = m;
  for (int c = 0; c < p.num_columns(); ++c) p.AddCost(c, -p.columns()[c].cost);
  const int family = p.AddFamily("phase_one");
  PhaseOne out;
  out.first_copy_row = p.num_rows();
  for (int c : first) {
    const int row = p.AddRow({0, 0, family}, "copy");
    const int up = p.AddColumn({0, kInfinity, 1, false, family}, "up");
    const int down = p.AddColumn({0, kInfinity, 1, false, family}, "down");
    p.AddCoefficient(row, c, 1);
    p.AddCoefficient(row, up, 1);
    p.AddCoefficient(row, down, -1);
  }
  out.lp = std::make_unique<WarmLp>(p);
  return out;
}

}  // namespace

absl::StatusOr<DecompositionOutcome> SolveByDecomposition(const DecompositionInput& in) {
  const auto start = Clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const size_t n = in.models.size();
  const int ranks = in.group ? in.group->size() : 1;
  const int rank = in.group ? in.group->rank() : 0;
  const SharedColumns shared = ShareColumns(in);
  const size_t k = shared.names.size();

  std::unique_ptr<Master> master;
  if (rank == 0) master = std::make_unique<Master>(in, shared);

  // This rank's scenarios and their warm models (copies of the scenario
  // models whose first-stage bounds move).
  std::vector<size_t> mine;
  for (size_t s = 0; s < n; ++s) {
    if (static_cast<int>(s % static_cast<size_t>(ranks)) == rank) mine.push_back(s);
  }
  std::vector<std::unique_ptr<WarmLp>> sub(n);
  std::vector<PhaseOne> phase_one(n);  // made the first time s is infeasible
  std::vector<std::vector<double>> last_x(n), best_x(n);
  for (size_t s : mine) {
    sub[s] = std::make_unique<WarmLp>(*in.models[s]);
    sub[s]->ResolveFromScratch();
  }

  // Rank 0's first point: the wait-and-see solutions' average when every
  // scenario has one, else the start values; clipped to the shared bounds.
  std::vector<double> x_hat(k, 0.0);
  if (rank == 0) {
    bool average = in.wait_and_see.size() == n;
    std::vector<double> mean(k, 0.0);
    for (size_t s = 0; s < n && average; ++s) {
      const std::vector<double>& alone = in.wait_and_see[s];
      average = alone.size() == shared.of[s].size();
      for (size_t i = 0; i < alone.size() && average; ++i)
        mean[shared.shared[s][i]] += in.probabilities[s] * alone[i];
    }
    for (size_t j = 0; j < k; ++j) {
      auto it = in.start.find(shared.names[j]);
      const double v = average ? mean[j] : it == in.start.end() ? shared.lower[j] : it->second;
      x_hat[j] = std::clamp(v, shared.lower[j], std::max(shared.lower[j], shared.upper[j]));
    }
  }
  // [stop, incumbent is the last point, x_hat...] from rank 0 to all.
  auto broadcast = [&](const std::vector<double>& message) -> absl::StatusOr<std::vector<double>> {
    if (!in.group) return message;
    return in.group->BroadcastFromRoot(message);
  };

  tbb::task_arena arena(in.threads > 0 ? in.threads : tbb::info::default_concurrency());
  DecompositionOutcome out;
  DecompositionProgress& p = out.last;
  double lower = -kInfinity, best_upper = kInfinity;
  // In-out stabilisation (Ben-Ameur and Neto): the next point is halfway
  // between the master's solution and the best point so far; the lower
  // bound is the master's. (Halfway only after a point that improved the
  // upper bound, the master's own point otherwise, closed less: on 16
  // futures of the default scenario, 2.9% against 2.1% after 60 s.)
  std::vector<double> incumbent;
  constexpr double kStep = 0.5;
  bool stop = false, failed = false, stalled = false;
  std::string failure;
  std::vector<double> message = {0, 0};
  message.insert(message.end(), x_hat.begin(), x_hat.end());
  for (int iteration = 1;; ++iteration) {
    auto got = broadcast(message);
    if (!got.ok()) return got.status();
    if (got->size() != 2 + k) return absl::InternalError("decomposition: a short broadcast");
    stop = (*got)[0] != 0;
    if ((*got)[1] != 0) {
      for (size_t s : mine) best_x[s] = last_x[s];
    }
    if (stop) break;
    x_hat.assign(got->begin() + 2, got->end());

    // Evaluate this rank's subproblems at x_hat.
    const auto round_began = Clock::now();
    std::vector<std::vector<double>> packed(n);
    const double left = std::max(1.0, in.time_limit_seconds - seconds());
    arena.execute([&] {
      tbb::parallel_for(size_t{0}, mine.size(), [&](size_t i) {
        const size_t s = mine[i];
        const auto& first = shared.of[s];
        for (size_t f = 0; f < first.size(); ++f) {
          const double v = x_hat[shared.shared[s][f]];
          sub[s]->SetColumnBounds(first[f], v, v);
        }
        auto solved = sub[s]->Solve(left);
        std::vector<double>& mine_out = packed[s];
        if (solved.ok() && solved->status == SolveStatus::kOptimal) {
          mine_out = {kOptimality, solved->objective};
          for (int c : first) mine_out.push_back(solved->reduced_costs[c]);
          last_x[s] = std::move(solved->x);
          return;
        }
        if (solved.ok() && solved->status == SolveStatus::kInfeasible) {
          // The fixed bounds are x_hat: the certificate reads them there.
          LpModel fixed_view = *in.models[s];
          for (size_t f = 0; f < first.size(); ++f) {
            const double v = x_hat[shared.shared[s][f]];
            fixed_view.SetColumnLower(first[f], v);
            fixed_view.SetColumnUpper(first[f], v);
          }
          std::vector<double> g;
          double rhs = 0;
          if (FeasibilityCut(fixed_view, first, solved->ray, in.first_stage[s], &g, &rhs)) {
            mine_out = {kFeasibility, rhs};
            mine_out.insert(mine_out.end(), g.begin(), g.end());
            last_x[s].clear();
            return;
          }
          if (!phase_one[s].lp) phase_one[s] = MakePhaseOne(*in.models[s], first);
          PhaseOne& one = phase_one[s];
          for (size_t f = 0; f < first.size(); ++f) {
            const double v = x_hat[shared.shared[s][f]];
            one.lp->SetRowBounds(one.first_copy_row + static_cast<int>(f), v, v);
          }
          auto far = one.lp->Solve(left);
          if (far.ok() && far->status == SolveStatus::kOptimal && far->objective > 1e-9) {
            // pi x <= pi x_hat - v(x_hat)
            mine_out = {kFeasibility, -far->objective};
            for (size_t f = 0; f < first.size(); ++f) {
              const double pi = far->duals[one.first_copy_row + f];
              mine_out.push_back(pi);
              mine_out[1] += pi * x_hat[shared.shared[s][f]];
            }
            last_x[s].clear();
            return;
          }
        }
        mine_out = {kFailed, static_cast<double>(static_cast<int>(
                                 solved.ok() ? solved->status : SolveStatus::kError))};
        mine_out.resize(2 + first.size(), 0.0);
        last_x[s].clear();
      });
    });
    std::vector<double> flat;
    for (size_t s : mine) flat.insert(flat.end(), packed[s].begin(), packed[s].end());
    std::vector<double> all = flat;
    if (in.group) {
      auto gathered = in.group->GatherToRoot(flat);
      if (!gathered.ok()) return gathered.status();
      all = std::move(*gathered);
    }
    p.subproblem_seconds += std::chrono::duration<double>(Clock::now() - round_began).count();

    message.assign(2 + k, 0.0);
    if (rank == 0) {
      // Rank r's part holds its scenarios r, r + R, ... in order: read each
      // scenario's record from its rank's stream.
      std::vector<size_t> offset(ranks, 0);
      {
        size_t at = 0;
        for (int r = 0; r < ranks; ++r) {
          offset[r] = at;
          for (size_t s = r; s < n; s += ranks) at += 2 + shared.of[s].size();
        }
      }
      std::vector<double> z(n, 0.0);
      bool all_feasible = true;
      for (size_t s = 0; s < n; ++s) {
        const int r = static_cast<int>(s % ranks);
        const double* rec = all.data() + offset[r];
        offset[r] += 2 + shared.of[s].size();
        if (rec[0] == kOptimality) {
          z[s] = rec[1];
          master->AddOptimalityCut(s, shared.shared[s], rec + 2, x_hat, rec[1]);
        } else if (rec[0] == kFeasibility) {
          all_feasible = false;
          ++p.feasibility_cuts;
          master->AddFeasibilityCut(shared.shared[s], rec + 2, rec[1]);
        } else {
          // No optimum and no cut (e.g. infeasible only by CLP's tolerances):
          // this point cannot be judged, and the master would propose it again.
          all_feasible = false;
          stalled = true;
          failure =
              absl::StrCat("scenario ", s + 1, "'s subproblem is ",
                           SolveStatusName(static_cast<SolveStatus>(static_cast<int>(rec[1]))));
        }
      }
      // Stalled with a feasible plan in hand: stop there and say so (the gap
      // is the distance to the optimum); without one there is nothing to give.
      if (stalled && std::isinf(best_upper)) failed = true;
      if (stalled && !failed) p.stopped_because = failure + ", with no cut to add";
      bool improved = false;
      if (all_feasible && !failed) {
        double upper = 0;
        const double w = in.risk ? in.risk->weight : 0;
        for (size_t s = 0; s < n; ++s) upper += (1 - w) * in.probabilities[s] * z[s];
        if (in.risk) {
          double best = kInfinity;
          for (double eta : z) {
            double excess = 0;
            for (size_t s = 0; s < n; ++s)
              excess += in.probabilities[s] * std::max(0.0, z[s] - eta);
            best = std::min(best, eta + excess / (1 - in.risk->alpha));
          }
          upper += w * best;
        }
        if (upper < best_upper) {
          best_upper = upper;
          improved = true;
          incumbent = x_hat;
        }
      }
      auto gap_of = [&] {
        if (std::isinf(best_upper) || std::isinf(lower)) return kInfinity;
        return std::max(0.0, best_upper - lower) / std::max(1e-9, std::fabs(best_upper));
      };
      bool done = failed || stalled || gap_of() <= in.relative_gap;
      if (!done) {
        const auto master_began = Clock::now();
        auto solved = master->Solve(std::max(1.0, in.time_limit_seconds - seconds()));
        p.master_seconds += std::chrono::duration<double>(Clock::now() - master_began).count();
        if (!solved.ok()) return solved.status();
        if (solved->status == SolveStatus::kInfeasible) {
          failed = true;
          failure = "the master problem is infeasible: no first stage suits every scenario";
          out.status = SolveStatus::kInfeasible;
          done = true;
        } else if (solved->status == SolveStatus::kTimeLimit) {
          done = true;  // out of time: the best point so far is the plan
          p.stopped_because = "time limit";
        } else if (solved->status != SolveStatus::kOptimal) {
          failed = true;
          failure = absl::StrCat("the master problem is ", SolveStatusName(solved->status));
          done = true;
        } else {
          lower = std::max(lower, solved->objective);
          for (size_t j = 0; j < k; ++j) {
            message[2 + j] = incumbent.empty() ? solved->x[j]
                                               : kStep * solved->x[j] + (1 - kStep) * incumbent[j];
          }
        }
      }
      p.iteration = iteration;
      p.lower_bound_usd = lower * kUsdScale;
      p.upper_bound_usd = best_upper * kUsdScale;
      p.gap = gap_of();
      p.seconds = seconds();
      if (!failed && p.stopped_because.empty()) {
        if (p.gap <= in.relative_gap) {
          p.stopped_because = "gap reached";
        } else if (iteration >= in.max_iterations) {
          p.stopped_because = "iteration limit";
        } else if (p.seconds >= in.time_limit_seconds) {
          p.stopped_because = "time limit";
        }
      }
      done = done || !p.stopped_because.empty();
      if (in.progress) in.progress(p);
      message[0] = done ? 1 : 0;
      message[1] = improved ? 1 : 0;
    }
  }
  if (failed && out.status == SolveStatus::kError && rank == 0) {
    return Problem(absl::StatusCode::kFailedPrecondition, failure,
                   "an optimal subproblem; --method ef solves the extensive form whole");
  }
  // Rank 0 collects every scenario's columns at the best point, in order.
  std::vector<double> flat;
  for (size_t s : mine) flat.insert(flat.end(), best_x[s].begin(), best_x[s].end());
  std::vector<double> all = flat;
  if (in.group) {
    auto gathered = in.group->GatherToRoot(flat);
    if (!gathered.ok()) return gathered.status();
    all = std::move(*gathered);
  }
  if (rank != 0) return out;
  if (failed) return out;  // infeasible
  if (std::isinf(best_upper)) {
    out.status = SolveStatus::kTimeLimit;
    return out;
  }
  out.x.assign(n, {});
  size_t at = 0;
  for (int r = 0; r < ranks; ++r) {
    for (size_t s = r; s < n; s += ranks) {
      const size_t cols = in.models[s]->num_columns();
      if (at + cols > all.size()) return absl::InternalError("decomposition: a short gather");
      out.x[s].assign(all.begin() + at, all.begin() + at + cols);
      at += cols;
    }
  }
  // Stopped by a limit: a feasible plan whose distance from the optimum is the gap.
  out.status = p.gap <= in.relative_gap ? SolveStatus::kOptimal : SolveStatus::kFeasible;
  return out;
}

}  // namespace stargate::plan
