// Reading a solution back into the plan's tables and shipments.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "stargate/core/date.h"
#include "stargate/plan/plan_internal.h"

namespace stargate::plan {
namespace {
// Solver noise below this is read as zero.
constexpr double kTiny = 1e-6;
double Clean(double v) { return std::fabs(v) < kTiny ? 0.0 : v; }
}  // namespace

void ExtractTables(const Scenario& scenario, const BuiltModel& built, const Solution& solution,
                   Plan* plan) {
  const PlanIndex& ix = built.index;
  const auto& x = solution.x;
  auto value = [&](int column) { return column >= 0 ? Clean(x[column]) : 0.0; };
  for (int s = 0; s < ix.num_sites; ++s) {
    const Site& site = scenario.sites[ix.site[s]];
    for (int t = 0; t < ix.num_quarters; ++t) {
      const Quarter q = scenario.start + t;
      SiteQuarterRow row{site.id, site.country, q, value(ix.build[ix.SiteQuarter(s, t)]),
                         value(ix.mw[ix.SiteQuarter(s, t)]), site.GridMwAt(q), 0};
      for (int k = 0; k < ix.num_types; ++k) {
        const int i = ix.SiteTypeQuarter(s, k, t);
        if (ix.base[i] < 0) continue;
        const Accelerator& a = scenario.accelerators[k];
        const double base = value(ix.base[i]);
        const double install = value(ix.install[i]);
        row.power_mw += base * a.power_kw * site.pue / 1000.0;
        if (base > 0 || install > 0) {
          plan->installs.push_back({site.id, site.country, a.id, q, install, base});
        }
        // Whole accelerators only: rounding down keeps every shipment within
        // the caps and supply the solver respected.
        const long long units = static_cast<long long>(std::floor(install + kTiny));
        if (units > 0 && site.country != "US") {
          plan->shipments.push_back({absl::StrCat("plan-", site.id, "-", a.id, "-", q.ToString()),
                                     Date::FirstDayOf(q).ToString(), a.id, site.country,
                                     site.operator_name, site.operator_hq, site.uveu ? "uveu" : "",
                                     units});
        }
      }
      plan->site_quarters.push_back(row);
    }
  }
  for (const auto& serve : ix.serve) {
    const double h = value(serve.column);
    if (h <= 0) continue;
    plan->served.push_back({scenario.demand[serve.demand].country, ix.pool_country[serve.pool],
                            scenario.start + serve.t, h});
  }
  for (size_t d = 0; d < scenario.demand.size(); ++d) {
    for (int t = 0; t < ix.num_quarters; ++t) {
      const double u = value(ix.unmet[d * ix.num_quarters + t]);
      if (u > 0) plan->unmet.push_back({scenario.demand[d].country, scenario.start + t, u});
    }
  }
  for (const auto& fund : ix.fund) {
    const double usd = value(fund.column) * kUsdScale;
    if (usd <= 0) continue;
    plan->funding.push_back({scenario.financiers[fund.financier].id, fund.country, scenario.start + fund.t, usd});
  }
}

}  // namespace stargate::plan
