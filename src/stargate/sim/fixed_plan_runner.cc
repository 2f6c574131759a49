// A run on the fixed plan: sample, shift and scale the precomputed arrays,
// read the results. Nothing is allocated once the thread's scratch exists.
#include <algorithm>

#include "stargate/sim/internal/drivers.h"
#include "stargate/sim/internal/runner.h"

namespace stargate::sim {

FixedPlanRunner::FixedPlanRunner(const SimContext& context, finance::FinanceModel model,
                                 const plan::Plan& plan, int path_length)
    : context_(context),
      model_(std::move(model)),
      sampler_(context.spec, context.scenario, std::min(path_length, model_.length())),
      caps_(context.scenario, plan, context.base_limits.caps,
            context.alternative_limits ? &context.alternative_limits->caps : nullptr,
            context.spec.tier_changes, context.layout.cap_countries) {
  for (const auto& f : model_.funders)
    funder_column_.push_back(context.layout.funder_column.at(f.id));
  // Only the countries and sites this plan touches need draws.
  const Scenario& scenario = context.scenario;
  std::vector<char> countries(scenario.countries.size(), 0), sites(scenario.sites.size(), 0);
  auto mark = [&](const std::string& iso2) {
    if (const Country* c = scenario.FindCountry(iso2)) countries[c - scenario.countries.data()] = 1;
  };
  for (const auto& site : model_.sites) {
    sites[site.scenario_site] = 1;
    mark(site.country);
  }
  for (const auto& country : context.layout.cap_countries) mark(country);
  sampler_.Restrict(std::move(countries), std::move(sites));
}

void FixedPlanRunner::Run(uint64_t run, double* row, Scratch* scratch) const {
  const RowLayout& layout = context_.layout;
  if (!scratch->workspace) scratch->workspace = std::make_unique<finance::Workspace>(model_);
  scratch->npv.resize(model_.funders.size());
  RunDraws& draws = scratch->draws;
  sampler_.Draw(context_.options.seed, run, &draws);
  const finance::Shocks shocks = sampler_.ShocksFor(model_, &draws);
  finance::Outcome outcome;
  outcome.funder_npv = scratch->npv.data();
  finance::Evaluate(model_, shocks, scratch->workspace.get(), &outcome);

  for (size_t y = 0; y < layout.years.size(); ++y) {
    double mw = context_.existing_mw;
    for (size_t s = 0; s < model_.sites.size(); ++s) {
      const int t = layout.year_end[y] - std::min(draws.site_delay[s], model_.max_shift);
      if (t >= 0) mw += model_.sites[s].new_mw[t];
    }
    row[layout.gw + y] = mw / 1000.0;
  }
  row[layout.delivered] = outcome.delivered_h100e;
  const double overrun = outcome.facility_capex_usd - model_.facility_capex_usd;
  const double planned = model_.facility_capex_usd + model_.chip_capex_usd;
  row[layout.overrun_usd] = overrun;
  row[layout.overrun_share] = planned > 0 ? overrun / planned : 0.0;
  row[layout.npv_overall] = outcome.overall_npv;
  for (size_t i = 0; i < layout.funder_ids.size(); ++i) row[layout.npv_funders + i] = 0;
  for (size_t f = 0; f < funder_column_.size(); ++f) row[funder_column_[f]] = scratch->npv[f];
  caps_.Check(draws, row + layout.caps);
  FillDrivers(sampler_, draws, row + layout.drivers);
}

}  // namespace stargate::sim
