// Setting up a simulation, running this process's share of the runs on its
// threads, and gathering every row on rank 0 in run order.
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <climits>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/diagnostic.h"
#include "stargate/sim/internal/drivers.h"
#include "stargate/sim/internal/runner.h"

namespace stargate::sim {
namespace {

// Runs per task: large enough that scheduling costs nothing next to the
// runs, small enough to balance two cores and move the progress bar.
constexpr int64_t kGrain = 256;

absl::Status InputProblem(const TextLocation& where, const std::string& what,
                          const std::string& expected) {
  return absl::InvalidArgumentError(Diagnostic{where, what, expected}.ToString());
}

RowLayout MakeLayout(const Scenario& scenario, const std::vector<std::string>& funder_ids,
                     const std::vector<std::string>& cap_countries) {
  RowLayout l;
  const int T = scenario.num_quarters();
  for (int y = scenario.start.year(); y <= scenario.end.year(); ++y) {
    l.years.push_back(y);
    l.year_end.push_back(std::min(Quarter::FromYearAndNumber(y, 4) - scenario.start, T - 1));
  }
  size_t next = 0;
  l.gw = next;
  next += l.years.size();
  l.delivered = next++;
  l.overrun_usd = next++;
  l.overrun_share = next++;
  l.npv_overall = next++;
  l.npv_funders = next;
  l.funder_ids = funder_ids;
  for (const auto& id : funder_ids) l.funder_column[id] = next++;
  l.caps = next;
  l.cap_countries = cap_countries;
  next += cap_countries.size();
  l.drivers = next;
  next += kDriverCount;
  l.width = next;
  return l;
}

std::vector<Metric> MetricsOf(const RowLayout& l, const Scenario& scenario,
                              const std::vector<finance::Funder>& funders) {
  std::vector<Metric> m(l.width);
  for (size_t y = 0; y < l.years.size(); ++y) {
    m[l.gw + y] = {absl::StrCat("gw_online_", l.years[y]),
                   absl::StrCat("GW online at the end of ", l.years[y]), "GW"};
  }
  m[l.delivered] = {"delivered_h100e", "H100e delivered within the horizon", "H100e"};
  m[l.overrun_usd] = {"capex_overrun_usd", "facility capex overrun", "USD"};
  m[l.overrun_share] = {"capex_overrun_share", "capex overrun, share of planned capex", "share"};
  m[l.npv_overall] = {
      "npv_overall",
      absl::StrFormat("NPV of the project at %.1f%%", 100 * scenario.options.discount_rate), "USD"};
  for (size_t i = 0; i < l.funder_ids.size(); ++i) {
    double rate = scenario.options.discount_rate;
    for (const auto& f : funders) {
      if (f.id == l.funder_ids[i]) rate = f.discount_rate;
    }
    m[l.npv_funders + i] = {absl::StrCat("npv:", l.funder_ids[i]),
                            absl::StrFormat("NPV %s at %.1f%%", l.funder_ids[i], 100 * rate),
                            "USD"};
  }
  for (size_t i = 0; i < l.cap_countries.size(); ++i) {
    m[l.caps + i] = {absl::StrCat("cap_binds:", l.cap_countries[i]),
                     absl::StrCat("a cap of ", l.cap_countries[i], " binds"), "probability"};
  }
  const std::vector<Metric> drivers = DriverMetrics();
  for (size_t i = 0; i < drivers.size(); ++i) m[l.drivers + i] = drivers[i];
  return m;
}

// Funders of any plan: the scenario's financiers and both stand-ins.
std::vector<finance::Funder> AllFunders(const Scenario& scenario,
                                        const finance::FinanceAssumptions& a) {
  std::vector<finance::Funder> all;
  for (const auto& f : scenario.financiers) {
    finance::Funder funder;
    funder.id = f.id;
    funder.discount_rate =
        f.cost_of_capital > 0 ? f.cost_of_capital : scenario.options.discount_rate;
    all.push_back(funder);
  }
  finance::Funder market;
  market.id = finance::kMarketDebtId;
  market.discount_rate = a.DebtRate();
  all.push_back(market);
  finance::Funder unnamed;
  unnamed.id = finance::kUnnamedEquityId;
  unnamed.discount_rate = scenario.options.discount_rate;
  all.push_back(unnamed);
  return all;
}

}  // namespace

absl::StatusOr<SimResult> Simulate(const Scenario& scenario, const plan::Plan& plan,
                                   const finance::FinanceAssumptions& assumptions,
                                   const UncertaintySpec& spec, const SimOptions& options,
                                   const MpiSession* mpi) {
  if (options.runs <= 0) return absl::InvalidArgumentError("the number of runs must be positive");
  for (const TierChange& t : spec.tier_changes) {
    if (!scenario.FindCountry(t.country)) {
      return InputProblem(t.location,
                          absl::StrCat("tier change of '", t.country,
                                       "': not a country of scenario '", scenario.id, "'"),
                          "a country the scenario defines");
    }
  }
  SimContext context{scenario, spec, assumptions, options, {}, std::nullopt, 0, {}};
  if (options.limits_for) {
    auto base = options.limits_for(scenario, scenario.regime);
    if (!base.ok()) return base.status();
    context.base_limits = std::move(*base);
    if (spec.regime_change.probability > 0) {
      auto alternative = options.limits_for(scenario, spec.regime_change.regime);
      if (!alternative.ok()) {
        return InputProblem(spec.regime_change.location,
                            absl::StrCat("regime '", spec.regime_change.regime,
                                         "' of regime_change: ", alternative.status().message()),
                            "a regime the rules engine knows");
      }
      context.alternative_limits = std::move(*alternative);
    }
  }
  for (const Site& site : scenario.sites) {
    if (site.status != SiteStatus::kCancelled) context.existing_mw += site.existing_mw;
  }

  const int max_delay = spec.MaxDelay();
  finance::ModelOptions model_options;
  model_options.max_shift = max_delay;
  if (context.alternative_limits && context.alternative_limits->allowed) {
    model_options.alternative_allowed = context.alternative_limits->allowed;
  }
  auto model = finance::BuildFinanceModel(scenario, plan, assumptions, model_options);
  if (!model.ok()) return model.status();
  // Price paths long enough for any re-solved plan: its sites may start
  // later by the longest delay.
  int longest_lead = 0;
  for (const Site& s : scenario.sites) longest_lead = std::max(longest_lead, s.lead_quarters);
  const int path_length = std::max(
      model->length(), scenario.num_quarters() + longest_lead + 2 * max_delay +
                           std::max(model->life_quarters, assumptions.debt_tenor_quarters + 1) + 1);

  const std::vector<finance::Funder> funders =
      options.reoptimize ? AllFunders(scenario, assumptions) : model->funders;
  std::vector<std::string> funder_ids;
  for (const auto& f : funders) funder_ids.push_back(f.id);
  context.layout =
      MakeLayout(scenario, funder_ids,
                 CapWatch::CountriesAtRisk(
                     context.base_limits.caps,
                     context.alternative_limits ? &context.alternative_limits->caps : nullptr,
                     spec.tier_changes));
  const size_t width = context.layout.width;
  if (mpi && static_cast<double>(options.runs) * width > INT_MAX) {
    return Problem(
        absl::StatusCode::kResourceExhausted,
        absl::StrCat(options.runs, " runs x ", width, " metrics do not fit one MPI gather"),
        absl::StrCat("at most ", INT_MAX / width, " runs"));
  }

  std::unique_ptr<Runner> runner;
  if (options.reoptimize) {
    runner = std::make_unique<ReoptimizingRunner>(context, path_length);
  } else {
    runner = std::make_unique<FixedPlanRunner>(context, *model, plan, path_length);
  }

  const RunRange range =
      mpi ? RangeOf(options.runs, mpi->rank(), mpi->size()) : RunRange{0, options.runs};
  std::vector<double> local(static_cast<size_t>(range.last - range.first) * width);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::task_arena arena(threads);
  tbb::enumerable_thread_specific<Scratch> scratch;
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<int64_t>(range.first, range.last, kGrain),
                      [&](const tbb::blocked_range<int64_t>& block) {
                        Scratch& mine = scratch.local();
                        for (int64_t run = block.begin(); run < block.end(); ++run) {
                          runner->Run(static_cast<uint64_t>(run),
                                      &local[(run - range.first) * width], &mine);
                        }
                        if (options.progress)
                          options.progress->Add(static_cast<int64_t>(block.size()));
                      });
  });

  SimResult result;
  result.scenario_id = scenario.id;
  result.uncertainty_origin = spec.origin;
  result.assumptions_origin = assumptions.origin;
  result.runs = options.runs;
  result.seed = options.seed;
  result.reoptimize = options.reoptimize;
  result.metrics = MetricsOf(context.layout, scenario, funders);
  if (mpi) {
    auto gathered = mpi->GatherToRoot(local);
    if (!gathered.ok()) return gathered.status();
    result.is_root = mpi->rank() == 0;
    result.values = std::move(*gathered);
  } else {
    result.values = std::move(local);
  }
  if (!result.is_root) return result;
  result.summaries = SummarizeAll(result.values, width);
  for (int64_t r = 0; r < options.runs; ++r) {
    if (std::isnan(result.values[r * width + context.layout.npv_overall])) ++result.failed_runs;
  }
  result.tornado = Tornado(result, "npv_overall");
  return result;
}

}  // namespace stargate::sim
