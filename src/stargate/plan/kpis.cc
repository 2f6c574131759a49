// Key figures of a plan: capacity online, compute by country and year, the
// share in Tier 1, money, energy and emissions, unmet demand, utilization.
#include "stargate/plan/plan_internal.h"

namespace stargate::plan {

Kpis ComputeKpis(const Scenario& scenario, const ExportLimits& limits, const BuiltModel& built,
                 const Solution& solution, const Plan& plan) {
  Kpis k;
  for (const auto& row : plan.site_quarters) {
    k.gw_online_by_quarter[row.quarter.ToString()] += row.mw_online / 1000.0;
    const Site* site = scenario.FindSite(row.site);
    k.shell_capex_usd += row.build_mw * site->shell_capex_usd_per_mw;
  }
  double installed_h100e_quarters = 0;
  std::map<std::string, double> final_h100e;
  double final_total = 0;
  for (const auto& row : plan.installs) {
    const Accelerator* a = scenario.FindAccelerator(row.accelerator);
    const Site* site = scenario.FindSite(row.site);
    const Country* country = scenario.FindCountry(row.country);
    k.chip_capex_usd += row.install * a->price_usd;
    const double mwh = row.base * a->power_kw * site->pue * kHoursPerQuarter / 1000.0;
    k.energy_mwh += mwh;
    k.opex_energy_usd += mwh * country->electricity_usd_per_mwh;
    k.co2_tonnes += mwh * country->grid_gco2_per_kwh / 1000.0;
    installed_h100e_quarters += row.base * a->h100e();
    if (row.quarter.number() == 4 || row.quarter == scenario.end) {
      k.accelerators_by_country_year[row.country][row.quarter.year()] += row.base;
      k.h100e_by_country_year[row.country][row.quarter.year()] += row.base * a->h100e();
    }
    if (row.quarter == scenario.end) {
      final_h100e[row.country] += row.base * a->h100e();
      final_total += row.base * a->h100e();
    }
  }
  k.capex_usd = k.shell_capex_usd + k.chip_capex_usd;
  double tier1 = 0;
  for (const auto& [country, h] : final_h100e) {
    k.compute_share_by_country[country] = final_total > 0 ? h / final_total : 0;
    const auto& tier = limits.framework_tier ? limits.framework_tier : limits.tier;
    const bool is_tier1 = tier && (country == "US" || tier(country, scenario.end) == "tier1");
    if (is_tier1) tier1 += h;
  }
  k.tier1_compute_share = final_total > 0 ? tier1 / final_total : 0;
  for (const auto& d : scenario.demand) {
    for (int t = 0; t < scenario.num_quarters(); ++t) k.demand_h100e_quarters += d.H100eAt(scenario.start + t);
  }
  for (const auto& row : plan.unmet) k.unmet_h100e_quarters_by_country[row.country] += row.h100e;
  for (const auto& row : plan.served) k.served_h100e_quarters += row.h100e;
  k.utilization = installed_h100e_quarters > 0 ? k.served_h100e_quarters / installed_h100e_quarters : 0;
  for (const auto& gap : built.index.unfunded) {
    if (gap.column >= 0 && solution.x[gap.column] > 1e-6) k.unfunded_usd += solution.x[gap.column] * kUsdScale;
  }
  return k;
}

}  // namespace stargate::plan
