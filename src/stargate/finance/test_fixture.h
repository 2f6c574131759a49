// A hand-sized scenario and plan for the finance and sim unit tests: one
// site in the US, one accelerator of exactly one H100-equivalent, three
// financiers (two equity, one lender). Test-only.
#ifndef STARGATE_FINANCE_TEST_FIXTURE_H_
#define STARGATE_FINANCE_TEST_FIXTURE_H_

#include "stargate/finance/assumptions.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"

namespace stargate::finance::testing {

inline Quarter Q(int year, int number) { return Quarter::FromYearAndNumber(year, number); }

// 2026Q1..2026Q4; US at $100/MWh; site "s1" (PUE 1, $10M/MW, lead 1 quarter);
// accelerator "A" (1 H100e, 1 kW, $10,000); $2/GPU-hour at 50% utilization;
// accelerator life 4 quarters; discount 8%.
inline Scenario SmallScenario() {
  Scenario s;
  s.id = "fixture";
  s.start = Q(2026, 1);
  s.end = Q(2026, 4);
  s.options.discount_rate = 0.08;
  s.options.gpu_hour_price_usd = 2.0;
  s.options.utilization = 0.5;
  s.options.accelerator_life_quarters = 4;
  Accelerator a;
  a.id = "A";
  a.dense_tflops[Precision::kFp8] = 1979;  // TPP 15,832: one H100e
  a.power_kw = 1.0;
  a.price_usd = 10000;
  a.available_from = Q(2020, 1);
  s.accelerators.push_back(a);
  Country us;
  us.iso2 = "US";
  us.name = "United States";
  us.electricity_usd_per_mwh = 100;
  s.countries.push_back(us);
  Country de = us;
  de.iso2 = "DE";
  de.name = "Germany";
  s.countries.push_back(de);
  Site site;
  site.id = "s1";
  site.country = "US";
  site.grid_mw_max = 100;
  site.pue = 1.0;
  site.shell_capex_usd_per_mw = 10e6;
  site.lead_quarters = 1;
  s.sites.push_back(site);
  Site site2 = site;
  site2.id = "s2";
  site2.country = "DE";
  s.sites.push_back(site2);
  auto financier = [](const char* id, FinancierKind kind, double rate) {
    Financier f;
    f.id = id;
    f.name = id;
    f.kind = kind;
    f.eligible_everywhere = true;
    f.cost_of_capital = rate;
    return f;
  };
  s.financiers.push_back(financier("eq1", FinancierKind::kStrategic, 0.10));
  s.financiers.push_back(financier("eq2", FinancierKind::kPrivateEquity, 0.12));
  s.financiers.push_back(financier("bank", FinancierKind::kProjectDebt, 0.06));
  return s;
}

// s1 builds 10 MW in 2026Q1 ($100M) and installs 1,000 A in 2026Q2 ($10M).
// bank pays $80M and eq1 $20M in Q1; eq1 $3M and eq2 $7M in Q2.
inline plan::Plan SmallPlan() {
  plan::Plan p;
  p.scenario_id = "fixture";
  p.status = plan::SolveStatus::kOptimal;
  for (int t = 0; t < 4; ++t) {
    p.site_quarters.push_back({"s1", "US", Q(2026, 1) + t, t == 0 ? 10.0 : 0.0, 0, 100, 0});
  }
  p.installs.push_back({"s1", "US", "A", Q(2026, 2), 1000, 1000});
  p.funding.push_back({"bank", "US", Q(2026, 1), 80e6});
  p.funding.push_back({"eq1", "US", Q(2026, 1), 20e6});
  p.funding.push_back({"eq1", "US", Q(2026, 2), 3e6});
  p.funding.push_back({"eq2", "US", Q(2026, 2), 7e6});
  return p;
}

// No tax, no operations cost; 60% of the facility on debt at a 4-quarter tenor.
inline FinanceAssumptions SimpleAssumptions() {
  FinanceAssumptions a;
  a.tax_rate = 0;
  a.tax_rate_by_country.clear();
  a.operations_usd_per_mw_year = 0;
  a.debt_tenor_quarters = 4;
  a.debt_interest_only_quarters = 1;
  a.price_annual_change = 0;  // flat prices: cash flows computed by hand
  return a;
}

}  // namespace stargate::finance::testing

#endif  // STARGATE_FINANCE_TEST_FIXTURE_H_
