// A run that re-solves the plan (--reoptimize): the draws perturb a copy of
// the scenario (later sites, dearer facilities, fewer chips, average prices,
// the run's regime and tiers), the planner adapts to them, and only the
// price paths are left to apply to the new plan's cash flows.
#include <cmath>
#include <limits>

#include "stargate/sim/internal/compose_limits.h"
#include "stargate/sim/internal/drivers.h"
#include "stargate/sim/internal/runner.h"

namespace stargate::sim {
namespace {

bool Usable(plan::SolveStatus status) {
  return status == plan::SolveStatus::kOptimal || status == plan::SolveStatus::kFeasible ||
         status == plan::SolveStatus::kTimeLimit;
}

}  // namespace

ReoptimizingRunner::ReoptimizingRunner(const SimContext& context, int path_length)
    : context_(context), sampler_(context.spec, context.scenario, path_length) {}

void ReoptimizingRunner::Run(uint64_t run, double* row, Scratch* scratch) const {
  const RowLayout& layout = context_.layout;
  for (size_t i = 0; i < layout.width; ++i) row[i] = std::numeric_limits<double>::quiet_NaN();
  RunDraws& draws = scratch->draws;
  sampler_.Draw(context_.options.seed, run, &draws);
  // The drivers are the draws, known even when the re-solved plan fails.
  FillDrivers(sampler_, draws, row + layout.drivers);

  Scenario s = context_.scenario;
  for (size_t i = 0; i < s.sites.size(); ++i) {
    Site& site = s.sites[i];
    const Country* c = s.FindCountry(site.country);
    if (c) site.lead_quarters += draws.country_delay[c - s.countries.data()];
    site.shell_capex_usd_per_mw *= draws.site_overrun[i];
  }
  for (Supply& supply : s.supply) supply.units_per_quarter *= draws.supply_factor;
  const double gpu_mean = sampler_.MeanOverHorizon(draws.gpu_price);
  const double electricity_mean = sampler_.MeanOverHorizon(draws.electricity_price);
  for (Country& c : s.countries) c.electricity_usd_per_mwh *= electricity_mean;
  s.options.gpu_hour_price_usd *= gpu_mean;
  const plan::ExportLimits limits =
      ComposeLimits(s, context_.base_limits,
                    context_.alternative_limits ? &*context_.alternative_limits : nullptr,
                    draws.regime_change, context_.spec.tier_changes, draws.tier_change);
  auto plan = plan::MakePlan(s, limits, context_.options.plan_options);
  if (!plan.ok() || !Usable(plan->status)) return;
  auto model = finance::BuildFinanceModel(s, *plan, context_.assumptions);
  if (!model.ok()) return;

  // The prices were set to their means over the horizon: the paths apply
  // relative to them.
  const int n = model->length();
  std::vector<double> gpu(n), electricity(n);
  for (int t = 0; t < n; ++t) {
    const size_t at = std::min<size_t>(t, draws.gpu_price.size() - 1);
    gpu[t] = draws.gpu_price[at] / gpu_mean;
    electricity[t] = draws.electricity_price[at] / electricity_mean;
  }
  finance::Shocks shocks;
  shocks.gpu_price = gpu.data();
  shocks.electricity_price = electricity.data();
  finance::Workspace workspace(*model);
  std::vector<double> npv(model->funders.size());
  finance::Outcome outcome;
  outcome.funder_npv = npv.data();
  finance::Evaluate(*model, shocks, &workspace, &outcome);

  for (size_t y = 0; y < layout.years.size(); ++y) {
    double mw = context_.existing_mw;
    for (const auto& site : model->sites) mw += site.new_mw[layout.year_end[y]];
    row[layout.gw + y] = mw / 1000.0;
  }
  row[layout.delivered] = outcome.delivered_h100e;
  double overrun = 0;
  for (const auto& site : model->sites) {
    const double factor = draws.site_overrun[site.scenario_site];
    if (factor > 0) overrun += site.facility_capex_usd * (1 - 1 / factor);
  }
  const double capex = model->facility_capex_usd + model->chip_capex_usd;
  row[layout.overrun_usd] = overrun;
  row[layout.overrun_share] = capex > 0 ? overrun / capex : 0.0;
  row[layout.npv_overall] = outcome.overall_npv;
  for (size_t i = 0; i < layout.funder_ids.size(); ++i) row[layout.npv_funders + i] = 0;
  for (size_t f = 0; f < model->funders.size(); ++f) {
    auto it = layout.funder_column.find(model->funders[f].id);
    if (it != layout.funder_column.end()) row[it->second] = npv[f];
  }
  // The caps the re-solved plan met: its own composed limits, no further shocks.
  RunDraws none;
  none.country_delay.assign(s.countries.size(), 0);
  CapWatch caps(s, *plan, limits.caps, nullptr, {}, layout.cap_countries);
  caps.Check(none, row + layout.caps);
}

}  // namespace stargate::sim
