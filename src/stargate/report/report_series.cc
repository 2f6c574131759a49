// Time series for the report's charts, computed from the plan's tables so a
// plan read from a directory and a plan solved in memory give the same
// figures. Conventions follow plan/kpis.cc: a year's installed base is its
// Q4 (or the horizon's last quarter), energy is installed power x PUE x the
// quarter's hours, CO2 uses the country's grid intensity.
#include <algorithm>
#include <map>
#include <vector>

#include "stargate/report/internal/report_internal.h"

namespace stargate::report {
namespace {

using nlohmann::json;
using Values = std::vector<double>;

// Named rows of values, created on first use with `size` zeros.
class Rows {
 public:
  explicit Rows(int size) : size_(size) {}
  Values& operator[](const std::string& key) {
    auto it = rows_.find(key);
    if (it == rows_.end()) it = rows_.emplace(key, Values(size_, 0.0)).first;
    return it->second;
  }
  // Rows whose values are not all (near) zero.
  json ToJson() const {
    json out = json::object();
    for (const auto& [key, values] : rows_) {
      for (double v : values) {
        if (v > 1e-9) {
          out[key] = values;
          break;
        }
      }
    }
    return out;
  }

 private:
  int size_;
  std::map<std::string, Values> rows_;
};

json TierSeries(const ReportInputs& in, const Timeline& time, const Tiers& tiers) {
  // Tier id -> (name, H100e per quarter), in order of first appearance by name.
  std::map<std::string, std::pair<std::string, Values>> by_tier;
  for (const auto& r : in.plan.installs) {
    const Accelerator* a = in.scenario.FindAccelerator(r.accelerator);
    if (!a || r.base <= 0) continue;
    TierOf tier = tiers.Framework(r.country, r.quarter);
    if (tier.id.empty()) tier = {"unknown", "no tier"};
    auto& entry = by_tier[tier.id];
    if (entry.second.empty()) entry = {tier.name, Values(time.quarters(), 0.0)};
    entry.second[time.QuarterIndex(r.quarter)] += r.base * a->h100e();
  }
  json out = json::array();
  for (const auto& [id, entry] : by_tier) {
    out.push_back({{"id", id}, {"name", entry.first}, {"h100e", entry.second}});
  }
  return out;
}

}  // namespace

json BuildSeries(const ReportInputs& in, const Timeline& time, const Tiers& tiers) {
  const int Q = time.quarters(), Y = static_cast<int>(time.years.size());
  const Scenario& scenario = in.scenario;

  Rows gw(Q), accelerators(Y), h100e(Y), unmet(Q), funding(Y), co2_by_country(Y);
  Values facility_capex(Y, 0.0), chip_capex(Y, 0.0), energy_mwh(Y, 0.0), energy_usd(Y, 0.0),
      co2_tonnes(Y, 0.0), demand(Q, 0.0), unmet_total(Q, 0.0), h100e_total(Q, 0.0);

  for (const auto& r : in.plan.site_quarters) {
    gw[r.country][time.QuarterIndex(r.quarter)] += r.mw_online / 1000.0;
    if (const Site* site = scenario.FindSite(r.site)) {
      facility_capex[time.YearIndex(r.quarter)] += r.build_mw * site->shell_capex_usd_per_mw;
    }
  }
  for (const auto& r : in.plan.installs) {
    const Accelerator* a = scenario.FindAccelerator(r.accelerator);
    const Site* site = scenario.FindSite(r.site);
    const Country* country = scenario.FindCountry(r.country);
    if (!a || !site || !country) continue;
    const int y = time.YearIndex(r.quarter);
    chip_capex[y] += r.install * a->InstalledCostUsd();
    const double mwh = r.base * a->power_kw * site->pue * plan::kHoursPerQuarter / 1000.0;
    energy_mwh[y] += mwh;
    energy_usd[y] += mwh * country->electricity_usd_per_mwh;
    const double tonnes = mwh * country->grid_gco2_per_kwh / 1000.0;
    co2_tonnes[y] += tonnes;
    co2_by_country[r.country][y] += tonnes;
    h100e_total[time.QuarterIndex(r.quarter)] += r.base * a->h100e();
    if (time.IsYearEnd(r.quarter)) {
      accelerators[r.country][y] += r.base;
      h100e[r.country][y] += r.base * a->h100e();
    }
  }
  for (const auto& r : in.plan.funding) funding[r.financier][time.YearIndex(r.quarter)] += r.usd;
  for (const auto& r : in.plan.unmet) {
    unmet[r.country][time.QuarterIndex(r.quarter)] += r.h100e;
    unmet_total[time.QuarterIndex(r.quarter)] += r.h100e;
  }
  for (const auto& d : scenario.demand) {
    for (int t = 0; t < Q; ++t) demand[t] += d.H100eAt(time.start + t);
  }
  Values served(Q, 0.0);
  for (int t = 0; t < Q; ++t) served[t] = std::max(0.0, demand[t] - unmet_total[t]);

  return {
      {"gw_online_by_country", gw.ToJson()},
      {"accelerators_by_country_year", accelerators.ToJson()},
      {"h100e_by_country_year", h100e.ToJson()},
      {"h100e_by_tier", TierSeries(in, time, tiers)},
      {"h100e_installed", h100e_total},
      {"capex_by_year", {{"facility_usd", facility_capex}, {"chips_usd", chip_capex}}},
      {"funding_by_financier_year", funding.ToJson()},
      {"energy_by_year", {{"mwh", energy_mwh}, {"usd", energy_usd}, {"co2_tonnes", co2_tonnes}}},
      {"co2_by_country_year", co2_by_country.ToJson()},
      {"unmet_by_country", unmet.ToJson()},
      {"demand_h100e", demand},
      {"served_h100e", served}};
}

}  // namespace stargate::report
