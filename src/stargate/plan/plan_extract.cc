// Reading a solution back into the plan's tables and shipments.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "stargate/core/date.h"
#include "stargate/plan/internal/plan_internal.h"

namespace stargate::plan {
namespace {
// Solver noise below this is read as zero.
constexpr double kTiny = 1e-6;
double Clean(double v) { return std::fabs(v) < kTiny ? 0.0 : v; }
// The tables hold what the CSV files hold (plan_writer.cc's decimals), so a
// plan read back from its files is the plan in memory: MW to the watt,
// dollars to the cent; accelerators are whole units (below).
double RoundTo(double v, double step) { return std::round(v / step) * step; }
double Mw(double v) { return RoundTo(v, 1e-6); }
double Usd(double v) { return RoundTo(v, 0.01); }
}  // namespace

void ExtractTables(const Scenario& scenario, const BuiltModel& built, const Solution& solution,
                   Plan* plan) {
  const PlanIndex& ix = built.index;
  const auto& x = solution.x;
  auto value = [&](int column) { return column >= 0 ? Clean(x[column]) : 0.0; };
  const int life = static_cast<int>(std::lround(scenario.options.accelerator_life_quarters));
  // Whole installed units per (site, type, quarter) of the current site, to
  // retire them `life` quarters later as the model does.
  std::vector<long long> units_at(static_cast<size_t>(ix.num_types) * ix.num_quarters, 0);
  std::vector<double> base_units(ix.num_types, 0.0);
  for (int s = 0; s < ix.num_sites; ++s) {
    const Site& site = scenario.sites[ix.site[s]];
    for (int k = 0; k < ix.num_types; ++k) {
      base_units[k] = 0;
      for (const auto& e : site.existing_accelerators) {
        if (e.accelerator == scenario.accelerators[k].id)
          base_units[k] += static_cast<double>(e.count);
      }
    }
    for (int t = 0; t < ix.num_quarters; ++t) {
      const Quarter q = scenario.start + t;
      // Online is what stands on the grid: built MW less any left idle
      // (complete recourse; never more than the grid row allows).
      const double mw = value(ix.mw[ix.SiteQuarter(s, t)]);
      const double stranded = ix.stranded.empty() ? 0.0 : StrandedMw(mw, site.GridMwAt(q));
      SiteQuarterRow row{
          site.id,           site.country,     q, Mw(value(ix.build[ix.SiteQuarter(s, t)])),
          Mw(mw - stranded), site.GridMwAt(q), 0};
      for (int k = 0; k < ix.num_types; ++k) {
        const int i = ix.SiteTypeQuarter(s, k, t);
        if (ix.base[i] < 0) continue;
        const Accelerator& a = scenario.accelerators[k];
        // Whole accelerators only: rounding down keeps every shipment within
        // the caps and supply the solver respected; the installed base is
        // the sum of the whole units, so the tables, the KPIs and the
        // shipments count the same chips.
        const long long units = static_cast<long long>(std::floor(value(ix.install[i]) + kTiny));
        units_at[k * ix.num_quarters + t] = units;
        base_units[k] += static_cast<double>(units);
        if (t - life >= 0)
          base_units[k] -= static_cast<double>(units_at[k * ix.num_quarters + t - life]);
        const double base = base_units[k];
        const double install = static_cast<double>(units);
        row.power_mw += base * a.power_kw * site.pue / 1000.0;
        if (base > 0 || install > 0) {
          plan->installs.push_back({site.id, site.country, a.id, q, install, base});
        }
        if (units > 0 && site.country != "US") {
          plan->shipments.push_back({absl::StrCat("plan-", site.id, "-", a.id, "-", q.ToString()),
                                     Date::FirstDayOf(q).ToString(), a.id, site.country,
                                     site.operator_name, site.operator_hq, site.uveu ? "uveu" : "",
                                     units});
        }
      }
      row.power_mw = Mw(row.power_mw);
      plan->site_quarters.push_back(row);
    }
  }
  // Service beyond a row's demand (possible only where the cost objective
  // is indifferent) is not service: each pool's share is scaled to demand.
  std::vector<double> served_by_row(scenario.demand.size() * ix.num_quarters, 0.0);
  for (const auto& serve : ix.serve) {
    served_by_row[serve.demand * ix.num_quarters + serve.t] += value(serve.column);
  }
  for (const auto& serve : ix.serve) {
    double h = value(serve.column);
    if (h <= 0) continue;
    const double total = served_by_row[serve.demand * ix.num_quarters + serve.t];
    const double wanted = scenario.demand[serve.demand].H100eAt(scenario.start + serve.t);
    if (total > wanted) h *= wanted / total;
    plan->served.push_back({scenario.demand[serve.demand].country, ix.pool_country[serve.pool],
                            scenario.start + serve.t, h});
  }
  for (size_t d = 0; d < scenario.demand.size(); ++d) {
    for (int t = 0; t < ix.num_quarters; ++t) {
      const double u = value(ix.unmet[d * ix.num_quarters + t]);
      if (u > 0) plan->unmet.push_back({scenario.demand[d].country, scenario.start + t, u});
      const double wanted = scenario.demand[d].H100eAt(scenario.start + t);
      if (wanted <= 0) continue;
      const double excess = std::max(0.0, served_by_row[d * ix.num_quarters + t] - wanted);
      plan->excess_h100e_quarters += excess;
      plan->demand.push_back({static_cast<int>(d), scenario.demand[d].country, scenario.start + t,
                              wanted, served_by_row[d * ix.num_quarters + t] - excess, u});
    }
  }
  for (const auto& fund : ix.fund) {
    const double usd = Usd(value(fund.column) * kUsdScale);
    if (usd <= 0) continue;
    plan->funding.push_back(
        {scenario.financiers[fund.financier].id, fund.country, scenario.start + fund.t, usd});
  }
}

}  // namespace stargate::plan
