// Key figures of a plan: capacity online, compute by country and year, the
// share in Tier 1, money, energy and emissions, unmet demand, utilization.
#include "stargate/plan/internal/plan_internal.h"

namespace stargate::plan {
namespace {

// The objective term each priced column family belongs to.
const char* TermOf(const std::string& family) {
  if (family == "build" || family == "open") return "facility_capex";
  if (family == "install") return "chip_capex";
  if (family == "base") return "energy";
  if (family == "fund") return "financing_cost";
  if (family == "unfunded") return "unfunded_penalty";
  if (family == "unmet") return "unmet_demand_value";
  return nullptr;
}

// Shares of year-end installed H100e in Free countries and by data-protection
// zone, from h100e_by_country_year so they add up with the country table.
void ValueShares(const Scenario& scenario, Kpis* k) {
  std::map<int, double> total, free;
  std::map<std::string, std::map<int, double>> zone;
  for (const auto& [code, years] : k->h100e_by_country_year) {
    const Country* country = scenario.FindCountry(code);
    for (const auto& [year, h] : years) {
      total[year] += h;
      if (country && country->RatedFree()) free[year] += h;
      zone[country ? country->data_protection_zone : code][year] += h;
    }
  }
  for (const auto& [year, h] : total) {
    if (h <= 0) continue;
    k->free_compute_share_by_year[year] = free[year] / h;
    for (const auto& [z, years] : zone) {
      auto it = years.find(year);
      if (it != years.end() && it->second > 0)
        k->compute_share_by_zone_year[z][year] = it->second / h;
    }
  }
}

}  // namespace

std::map<std::string, double> ObjectiveTerms(const BuiltModel& built, const Solution& solution) {
  std::map<std::string, double> terms;
  for (const char* name : {"facility_capex", "chip_capex", "energy", "financing_cost",
                           "unfunded_penalty", "unmet_demand_value"}) {
    terms[name] = 0;
  }
  const auto& families = built.lp.families();
  const auto& columns = built.lp.columns();
  const auto& money = built.index.money_usd_m;
  for (size_t c = 0; c < money.size() && c < solution.x.size(); ++c) {
    if (money[c] == 0 || solution.x[c] == 0) continue;
    if (const char* term = TermOf(families[columns[c].family]))
      terms[term] += money[c] * solution.x[c] * kUsdScale;
  }
  return terms;
}

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
    k.chip_capex_usd += row.install * a->InstalledCostUsd();
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
  ValueShares(scenario, &k);
  // Demand, service and unmet from one table, row by row.
  for (const auto& row : plan.demand) {
    k.demand_h100e_quarters += row.demand_h100e;
    k.served_h100e_quarters += row.served_h100e;
    k.unmet_h100e_quarters += row.unmet_h100e;
    if (row.unmet_h100e > 0) k.unmet_h100e_quarters_by_country[row.country] += row.unmet_h100e;
  }
  k.excess_h100e_quarters = plan.excess_h100e_quarters;
  k.served_share =
      k.demand_h100e_quarters > 0 ? k.served_h100e_quarters / k.demand_h100e_quarters : 0;
  k.utilization =
      installed_h100e_quarters > 0 ? k.served_h100e_quarters / installed_h100e_quarters : 0;
  for (const auto& gap : built.index.unfunded) {
    if (gap.column >= 0 && solution.x[gap.column] > 1e-6) {
      k.unfunded_usd += solution.x[gap.column] * kUsdScale;
      k.unfunded_usd_by_country[gap.country] += solution.x[gap.column] * kUsdScale;
    }
  }
  k.objective_usd_by_term = ObjectiveTerms(built, solution);
  k.unmet_value_usd_per_h100e_quarter = UnmetValueUsdPerH100eQuarter(scenario.options);
  k.min_freedom_score = scenario.options.min_freedom_score;
  return k;
}

}  // namespace stargate::plan
