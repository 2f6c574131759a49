// SolveStochastic: the extensive form (the hedged plan), every future solved
// alone (wait-and-see), and the mean-value plan's first stage evaluated in
// every future (for the VSS).
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/plan/internal/stochastic_decomposition.h"
#include "stargate/plan/internal/stochastic_decomposition_lp.h"
#include "stargate/plan/internal/stochastic_internal.h"

namespace stargate::plan {
namespace {

using Clock = std::chrono::steady_clock;
double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CVaR_a of a discrete distribution: min over eta of eta + E[(c - eta)+]/(1-a),
// attained at one of the outcomes (the value-at-risk).
double DiscreteCvar(const std::vector<double>& costs, const std::vector<double>& p, double alpha) {
  double best = kInfinity;
  for (double eta : costs) {
    double excess = 0;
    for (size_t s = 0; s < costs.size(); ++s) excess += p[s] * std::max(0.0, costs[s] - eta);
    best = std::min(best, eta + excess / (1 - alpha));
  }
  return best;
}

absl::StatusOr<Solution> SolveOptimal(const LpModel& lp, const SolveOptions& options,
                                      const std::string& what) {
  auto solution = Solve(lp, options);
  if (!solution.ok()) return solution.status();
  if (solution->status != SolveStatus::kOptimal) {
    return Problem(absl::StatusCode::kFailedPrecondition,
                   absl::StrCat(what, " is ", SolveStatusName(solution->status)),
                   "an optimal solution");
  }
  return solution;
}

// The extensive form by CLP's dual simplex after presolve, as Solve would,
// but with positive-edge pricing (WarmLp::UsePositiveEdgePricing): the
// same optimum in fewer seconds on a model of many similar blocks.
absl::StatusOr<Solution> SolveExtensiveForm(const LpModel& lp, const SolveOptions& options) {
  const auto start = Clock::now();
  WarmLp clp(lp);
  clp.UsePositiveEdgePricing();
  auto solved = clp.Solve(options.time_limit_seconds);
  if (!solved.ok()) return solved.status();
  Solution s;
  s.solver = "clp";
  s.status = solved->status;
  s.objective = solved->objective;
  s.best_bound = s.objective;
  s.x = std::move(solved->x);
  s.duals = std::move(solved->duals);
  s.solve_seconds = SecondsSince(start);
  return s;
}

// One independent solve's figures: what travels between ranks.
struct Figures {
  bool solved = false;  // false: not run here, or the solver failed
  SolveStatus status = SolveStatus::kError;
  double objective = 0;
  // A future solved alone, for the decomposition's first point: its
  // first-stage columns' values, in column order.
  std::vector<double> first_stage;
};

// The values of a solution's first-stage columns, in column order.
std::vector<double> FirstStageValues(const std::vector<double>& x, const std::vector<bool>& first) {
  std::vector<double> values;
  for (size_t c = 0; c < x.size() && c < first.size(); ++c)
    if (first[c]) values.push_back(x[c]);
  return values;
}

Figures FiguresOf(const absl::StatusOr<Solution>& solution) {
  if (!solution.ok()) return {};
  return {true, solution->status, solution->objective};
}

struct Future {
  Scenario scenario;
  ExportLimits limits;
  BuiltModel built;
};

}  // namespace

absl::StatusOr<StochasticResult> SolveStochastic(const Scenario& base,
                                                 const std::vector<StochasticScenario>& futures,
                                                 const LimitsProvider& limits_of,
                                                 const StochasticOptions& options) {
  const auto start = Clock::now();
  if (futures.empty())
    return Problem(absl::StatusCode::kInvalidArgument, "no scenarios", "at least one");
  if (options.plan.build.milp || options.plan.build.objective != Objective::kCost) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   "the stochastic plan is an LP under the cost objective",
                   "no --milp and --objective cost");
  }
  if (options.decide_until < base.start || options.decide_until > base.end) {
    return Problem(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("decide-until ", options.decide_until.ToString(), " is outside the horizon"),
        absl::StrCat("a quarter in ", base.start.ToString(), "..", base.end.ToString()));
  }
  double total = 0;
  for (const auto& f : futures) total += f.probability;
  if (std::fabs(total - 1) > 1e-6) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("probabilities add up to ", total), "1");
  }
  SolveOptions solve = options.plan.solve;
  solve.solver = SolverKind::kClp;

  // Export limits per regime id, built once.
  std::map<std::string, ExportLimits> by_regime;
  auto regime_limits = [&](const std::string& id) -> absl::StatusOr<const ExportLimits*> {
    auto it = by_regime.find(id);
    if (it == by_regime.end()) {
      auto made = limits_of(id);
      if (!made.ok()) return made.status();
      it = by_regime.emplace(id, std::move(*made)).first;
    }
    return &it->second;
  };
  const std::string base_regime = options.regime.empty() ? base.regime : options.regime;
  auto make_future = [&](const StochasticScenario& f) -> absl::StatusOr<Future> {
    Future out;
    out.scenario = ApplyScenario(base, f);
    auto before = regime_limits(base_regime);
    if (!before.ok()) return before.status();
    out.limits = **before;
    if (!f.regime_change_to.empty()) {
      auto after = regime_limits(f.regime_change_to);
      if (!after.ok()) return after.status();
      out.limits = SwitchLimits(**before, **after, f.regime_change_at);
    }
    BuildOptions build = options.plan.build;
    build.strandable = true;  // complete recourse: any first stage suits every future
    auto built = BuildPlanModel(out.scenario, out.limits, build);
    if (!built.ok()) return built.status();
    out.built = std::move(*built);
    return out;
  };

  StochasticResult result;
  result.decide_until = options.decide_until;
  result.base_regime = base_regime;
  result.risk = options.risk;
  std::vector<Future> models;
  std::vector<const BuiltModel*> built;
  std::vector<std::vector<bool>> first_stage;
  std::vector<double> p;
  for (const auto& f : futures) {
    auto future = make_future(f);
    if (!future.ok()) return future.status();
    models.push_back(std::move(*future));
    p.push_back(f.probability);
  }
  for (auto& m : models) {
    built.push_back(&m.built);
    first_stage.push_back(FirstStageColumns(m.scenario, m.built, options.decide_until));
  }
  const int ranks = options.group ? options.group->size() : 1;
  const int rank = options.group ? options.group->rank() : 0;
  const bool decompose = options.method == StochasticMethod::kDecomposition;
  result.method = options.method;
  // What every rank's decomposition needs; rank 0 adds its bounds and start.
  auto decomposition_input = [&] {
    DecompositionInput input;
    for (const BuiltModel* b : built) input.models.push_back(&b->lp);
    input.first_stage = first_stage;
    input.probabilities = p;
    input.risk = options.risk;
    input.relative_gap = options.relative_gap;
    input.max_iterations = options.max_iterations;
    input.time_limit_seconds = solve.time_limit_seconds;
    input.threads = options.threads;
    input.group = options.group;
    return input;
  };
  // Only rank 0 solves the extensive form; the other ranks never stitch it.
  // Decomposition never stitches it (unless asked to export it): its size
  // is that of the scenario models together.
  ExtensiveForm ef;
  if (rank == 0 && (!decompose || !options.export_mps.empty()))
    ef = StitchExtensiveForm(built, first_stage, p, options.risk);
  result.build_seconds = SecondsSince(start);
  result.rows = ef.lp.num_rows();
  result.columns = ef.lp.num_columns();
  result.nonzeros = ef.lp.num_coefficients();
  if (decompose) {
    result.rows = result.columns = 0;
    result.nonzeros = 0;
    for (const BuiltModel* b : built) {
      result.rows += b->lp.num_rows();
      result.columns += b->lp.num_columns();
      result.nonzeros += b->lp.num_coefficients();
    }
  }
  // The mean-value problem is built here, before any thread starts: the
  // export limits' cache is not shared across threads.
  result.mean_scenario = MeanScenario(futures);
  auto mean = make_future(result.mean_scenario);
  if (!mean.ok()) return mean.status();
  const std::vector<bool> mean_first =
      FirstStageColumns(mean->scenario, mean->built, options.decide_until);
  std::unordered_map<std::string, double> mean_value;  // by column name

  // Every solve is independent of the others and reads only its own model:
  // item 0 is the mean-value problem, 1..n each future alone, n+1..2n each
  // future with the mean-value first stage fixed. Rank 0 solves the
  // extensive form; the items are dealt to the other ranks (all to rank 0
  // when it is alone) and run on TBB threads there. Results are gathered by
  // index and summed in order, the same for any number of threads and ranks.
  const size_t n = models.size();
  // Decomposition: every rank takes a share (rank 0 has no extensive form).
  auto owner = [&](size_t k) {
    if (decompose) return static_cast<int>(k % static_cast<size_t>(ranks));
    return ranks == 1 ? 0 : 1 + static_cast<int>(k % static_cast<size_t>(ranks - 1));
  };
  std::vector<size_t> mine;
  bool need_mean = false;
  for (size_t k = 0; k <= 2 * n; ++k) {
    if (owner(k) != rank) continue;
    mine.push_back(k);
    need_mean = need_mean || k == 0 || k > n;
  }
  absl::StatusOr<Solution> solution = absl::UnknownError("not solved");
  absl::StatusOr<Solution> mean_solution = absl::UnknownError("not solved");
  std::vector<Figures> figures(2 * n + 1);
  std::vector<double> mean_values;  // the mean-value plan's first-stage columns, in column order
  auto local = [&] {
    if (need_mean) {
      mean_solution = SolveOptimal(mean->built.lp, solve, "the mean-value scenario");
      if (mean_solution.ok()) {
        figures[0] = {true, mean_solution->status, mean_solution->objective};
        mean_values = FirstStageValues(mean_solution->x, mean_first);
      }
    }
    tbb::parallel_for(size_t{0}, mine.size(), [&](size_t i) {
      const size_t k = mine[i];
      if (k == 0) return;
      if (k <= n) {
        auto alone = Solve(models[k - 1].built.lp, solve);
        figures[k] = FiguresOf(alone);
        if (decompose && alone.ok() && alone->status == SolveStatus::kOptimal)
          figures[k].first_stage = FirstStageValues(alone->x, first_stage[k - 1]);
        return;
      }
      const size_t s = k - n - 1;
      if (!mean_solution.ok()) return;
      LpModel fixed = models[s].built.lp;
      size_t next = 0;
      std::unordered_map<std::string, double> by_name;
      for (int c = 0; c < mean->built.lp.num_columns(); ++c) {
        if (mean_first[c]) by_name[mean->built.lp.column_names()[c]] = mean_values[next++];
      }
      for (int c = 0; c < fixed.num_columns(); ++c) {
        if (!first_stage[s][c]) continue;
        auto it = by_name.find(fixed.column_names()[c]);
        const double v = it == by_name.end() ? 0.0 : it->second;
        fixed.SetColumnLower(c, v);
        fixed.SetColumnUpper(c, v);
      }
      figures[k] = FiguresOf(Solve(fixed, solve));
    });
  };
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::info::default_concurrency());
  if (rank == 0 && !decompose) {
    arena.execute(
        [&] { tbb::parallel_invoke([&] { solution = SolveExtensiveForm(ef.lp, solve); }, local); });
  } else {
    arena.execute(local);
  }
  // Every rank reaches this gather whatever its solves gave (no early
  // return before it, or the others would wait for ever).
  if (ranks > 1) {
    // [items, (k, solved, status, objective, m, m first-stage values) per item, values, the
    // mean-value plan's first-stage columns (from the rank that solved item 0)].
    std::vector<double> packed = {static_cast<double>(mine.size())};
    bool has_mean = false;
    for (size_t k : mine) {
      const Figures& f = figures[k];
      packed.insert(packed.end(), {static_cast<double>(k), f.solved ? 1.0 : 0.0,
                                   static_cast<double>(static_cast<int>(f.status)), f.objective,
                                   static_cast<double>(f.first_stage.size())});
      packed.insert(packed.end(), f.first_stage.begin(), f.first_stage.end());
      has_mean = has_mean || (k == 0 && f.solved);
    }
    packed.push_back(has_mean ? static_cast<double>(mean_values.size()) : 0.0);
    if (has_mean) packed.insert(packed.end(), mean_values.begin(), mean_values.end());
    auto all = options.group->GatherToRoot(packed);
    if (rank != 0) {
      result.root = false;
      if (decompose) {
        auto solved = SolveByDecomposition(decomposition_input());
        if (!solved.ok()) return solved.status();
      }
      return result;
    }
    if (!all.ok()) return all.status();
    const std::vector<double>& from = *all;
    size_t at = 0;
    auto next = [&]() { return at < from.size() ? from[at++] : 0.0; };
    for (int r = 0; r < ranks && at < from.size(); ++r) {
      const size_t count = static_cast<size_t>(next());
      for (size_t i = 0; i < count; ++i) {
        const size_t k = static_cast<size_t>(next());
        Figures f;
        f.solved = next() != 0;
        f.status = static_cast<SolveStatus>(static_cast<int>(next()));
        f.objective = next();
        const size_t m = static_cast<size_t>(next());
        for (size_t i = 0; i < m; ++i) f.first_stage.push_back(next());
        if (k <= 2 * n) figures[k] = std::move(f);
      }
      const size_t values = static_cast<size_t>(next());
      if (values > 0) mean_values.clear();
      for (size_t i = 0; i < values; ++i) mean_values.push_back(next());
    }
  }
  {
    size_t next = 0;
    for (int c = 0; c < mean->built.lp.num_columns() && next < mean_values.size(); ++c) {
      if (mean_first[c]) mean_value[mean->built.lp.column_names()[c]] = mean_values[next++];
    }
  }
  // Decomposition, on every rank together: the wait-and-see objectives bound
  // each scenario's cost from below, and their first stages' average is the
  // first point evaluated (the mean-value plan's first stage when a
  // scenario has none).
  std::vector<std::vector<double>> scenario_x;  // per scenario, the hedged plan's columns
  if (decompose) {
    DecompositionInput input = decomposition_input();
    for (size_t s = 0; s < n; ++s) {
      const Figures& alone = figures[1 + s];
      input.lower_bounds.push_back(
          alone.solved && alone.status == SolveStatus::kOptimal ? alone.objective : -kInfinity);
      input.wait_and_see.push_back(alone.first_stage);
    }
    input.start = mean_value;
    // The future with the shortest delays is kept whole in the master
    // (DecompositionInput::retained says why).
    int least = 0;
    for (size_t s = 1; s < n; ++s) {
      auto delay = [&](size_t i) {
        return futures[i].grid_delay_quarters + futures[i].construction_delay_quarters;
      };
      if (delay(s) < delay(least)) least = static_cast<int>(s);
    }
    input.retained = least;
    input.progress = options.progress;
    const auto began = Clock::now();
    auto solved = SolveByDecomposition(input);
    if (!solved.ok()) return solved.status();
    Solution s;
    s.status = solved->status;
    s.objective = solved->last.upper_bound_usd / kUsdScale;
    s.solve_seconds = SecondsSince(began);
    solution = s;
    result.bounds = solved->last;
    scenario_x = std::move(solved->x);
  }
  if (!options.export_mps.empty()) {
    if (auto status = WriteMps(ef.lp, options.export_mps); !status.ok()) {
      return absl::InvalidArgumentError(status.message());
    }
  }

  if (!solution.ok()) return solution.status();
  result.status = solution->status;
  result.solve_seconds = solution->solve_seconds;
  result.objective_usd = solution->objective * kUsdScale;
  if (!decompose) {
    result.bounds = {1, result.objective_usd, result.objective_usd, 0, solution->solve_seconds};
    result.bounds.stopped_because = SolveStatusName(solution->status);  // one CLP solve
    if (solution->status == SolveStatus::kOptimal) {
      for (size_t s = 0; s < n; ++s)
        scenario_x.push_back(ScenarioColumns(ef, static_cast<int>(s), solution->x));
    }
  }
  // A decomposition stopped by a limit still has a plan, its gap reported.
  const bool usable = solution->status == SolveStatus::kOptimal ||
                      (decompose && solution->status == SolveStatus::kFeasible);
  if (!usable) {
    result.total_seconds = SecondsSince(start);
    return result;
  }

  // The hedged plan in each future.
  std::vector<double> costs;
  for (size_t s = 0; s < n; ++s) {
    ScenarioOutcome outcome;
    outcome.future = futures[s];
    outcome.regime_label = models[s].limits.regime_label;
    const std::vector<double>& x = scenario_x[s];
    outcome.cost_usd = CostUsd(models[s].built, x);
    const Plan plan =
        PlanFromColumns(models[s].scenario, models[s].limits, models[s].built, x, solution->status);
    outcome.served_h100e_quarters = plan.kpis.served_h100e_quarters;
    outcome.unmet_h100e_quarters = plan.kpis.unmet_h100e_quarters;
    {
      const PlanIndex& ix = models[s].built.index;
      for (int site = 0; site < ix.num_sites && !ix.stranded.empty(); ++site) {
        for (int t = 0; t < ix.num_quarters; ++t) {
          outcome.stranded_mw_quarters +=
              StrandedMw(x[ix.mw[ix.SiteQuarter(site, t)]],
                         models[s].scenario.sites[ix.site[site]].GridMwAt(base.start + t));
        }
      }
    }
    const std::string last = base.end.ToString();
    if (auto it = plan.kpis.gw_online_by_quarter.find(last);
        it != plan.kpis.gw_online_by_quarter.end()) {
      outcome.gw_online_end = it->second;
    }
    outcome.shipments = plan.shipments;
    costs.push_back(outcome.cost_usd);
    result.expected_cost_usd += p[s] * outcome.cost_usd;
    result.scenarios.push_back(std::move(outcome));
  }
  if (options.risk) result.cvar_usd = DiscreteCvar(costs, p, options.risk->alpha);
  result.reference_scenario = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
  {
    const int r = result.reference_scenario;
    result.reference_plan = PlanFromColumns(models[r].scenario, models[r].limits, models[r].built,
                                            scenario_x[r], solution->status);
    result.reference_plan.rows = result.rows;
    result.reference_plan.columns = result.columns;
    result.reference_plan.nonzeros = result.nonzeros;
    result.reference_plan.build_seconds = result.build_seconds;
    result.reference_plan.solve_seconds = result.solve_seconds;
  }

  // Wait-and-see: each future solved alone, knowing it will happen.
  for (size_t s = 0; s < n; ++s) {
    const Figures& alone = figures[1 + s];
    if (!alone.solved || alone.status != SolveStatus::kOptimal) {
      return Problem(absl::StatusCode::kFailedPrecondition,
                     absl::StrCat("scenario '", futures[s].name, "' alone is ",
                                  alone.solved ? SolveStatusName(alone.status) : "not solved"),
                     "an optimal solution");
    }
    result.scenarios[s].wait_and_see_cost_usd = alone.objective * kUsdScale;
    result.wait_and_see_cost_usd += p[s] * result.scenarios[s].wait_and_see_cost_usd;
  }
  result.evpi_usd = result.expected_cost_usd - result.wait_and_see_cost_usd;

  // The mean-value problem's first stage, fixed in every future.
  if (!figures[0].solved) {
    if (!mean_solution.ok() && ranks == 1) return mean_solution.status();
    return Problem(absl::StatusCode::kFailedPrecondition, "the mean-value scenario is not solved",
                   "an optimal solution");
  }
  for (size_t s = 0; s < n; ++s) {
    const Figures& recourse = figures[n + 1 + s];
    if (recourse.solved && recourse.status == SolveStatus::kInfeasible) {
      result.mean_value_feasible = false;
      result.mean_value_infeasible_in.push_back(futures[s].name);
      continue;
    }
    if (!recourse.solved || recourse.status != SolveStatus::kOptimal) {
      return Problem(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat("scenario '", futures[s].name, "' with the mean-value first stage is ",
                       recourse.solved ? SolveStatusName(recourse.status) : "not solved"),
          "an optimal solution");
    }
    result.scenarios[s].mean_value_first_stage_cost_usd = recourse.objective * kUsdScale;
    result.mean_value_first_stage_expected_cost_usd +=
        p[s] * result.scenarios[s].mean_value_first_stage_cost_usd;
  }
  result.vss_usd = result.mean_value_first_stage_expected_cost_usd - result.expected_cost_usd;

  // The shared decisions, named by the first future's index.
  const Future& first = models.front();
  const PlanIndex& index = first.built.index;
  auto value_of = [&](int column) { return scenario_x[0][column]; };
  auto mean_of = [&](int column) {
    auto it = mean_value.find(first.built.lp.column_names()[column]);
    return it == mean_value.end() ? 0.0 : it->second;
  };
  for (int s = 0; s < index.num_sites; ++s) {
    const Site& site = first.scenario.sites[index.site[s]];
    for (int t = 0; t < index.num_quarters; ++t) {
      const int c = index.build[index.SiteQuarter(s, t)];
      if (c < 0 || !first_stage[0][c]) continue;
      result.first_stage.push_back(
          {"build_mw", site.id, site.country, -1, base.start + t, value_of(c), mean_of(c)});
    }
  }
  for (const auto& fund : index.fund) {
    if (fund.column < 0 || !first_stage[0][fund.column]) continue;
    result.first_stage.push_back(
        {"fund_usd", first.scenario.financiers[fund.financier].id, fund.country, fund.commitment,
         base.start + fund.t, value_of(fund.column) * kUsdScale, mean_of(fund.column) * kUsdScale});
  }
  result.total_seconds = SecondsSince(start);
  return result;
}

}  // namespace stargate::plan
