// A plan's cash flows with no shocks, summed per funder, per site and for
// the whole project.
#include <algorithm>

#include "stargate/finance/finance.h"

namespace stargate::finance {

Returns ReturnsOf(std::vector<double> flows, double discount_rate, Quarter start) {
  Returns r;
  r.discount_rate = discount_rate;
  for (double f : flows) {
    if (f < 0) {
      r.paid_in_usd -= f;
    } else {
      r.received_usd += f;
    }
  }
  r.npv_usd = Npv(flows, discount_rate, 4);
  r.irr = Irr(flows, 4);
  if (auto q = PaybackPeriod(flows)) r.payback = start + *q;
  r.peak_funding_usd = PeakFundingNeed(flows);
  r.flows = std::move(flows);
  return r;
}

absl::StatusOr<FinanceReport> AnalyzePlan(const Scenario& scenario, const plan::Plan& plan,
                                          const FinanceAssumptions& assumptions,
                                          const std::string& plan_origin) {
  auto model = BuildFinanceModel(scenario, plan, assumptions);
  if (!model.ok()) return model.status();
  FinanceReport report;
  report.scenario_id = scenario.id;
  report.plan_origin = plan_origin;
  report.start = scenario.start;
  report.horizon_end = scenario.end;
  report.analysis_end = scenario.start + (model->length() - 1);
  report.assumptions = assumptions;
  report.model = std::move(*model);
  const FinanceModel& m = report.model;
  const int n = m.length();

  std::vector<double> npv(m.funders.size());
  Outcome outcome;
  outcome.funder_npv = npv.data();
  EvaluateWithLedger(m, Shocks{}, &outcome, &report.ledger);

  Totals& totals = report.totals;
  std::vector<double> overall(n, 0.0);
  for (size_t s = 0; s < m.sites.size(); ++s) {
    const SiteModel& site = m.sites[s];
    SiteReport sr;
    sr.id = site.id;
    sr.country = site.country;
    std::vector<double> flows(n, 0.0);
    for (int t = 0; t < n; ++t) {
      const SiteFlows& f = report.ledger.sites[s][t];
      flows[t] = f.net();
      overall[t] += f.net();
      sr.facility_capex_usd += f.capex_facility;
      sr.chip_capex_usd += f.capex_chips;
      sr.debt_usd += f.debt_draws;
      sr.equity_usd += f.equity_draws;
      sr.revenue_usd += f.revenue;
      totals.energy_usd += f.energy;
      totals.operations_usd += f.operations;
      totals.depreciation_usd += f.depreciation;
      totals.interest_usd += f.interest;
      totals.tax_usd += f.tax;
      totals.residual_usd += f.residual;
    }
    totals.facility_capex_usd += sr.facility_capex_usd;
    totals.chip_capex_usd += sr.chip_capex_usd;
    totals.revenue_usd += sr.revenue_usd;
    totals.debt_usd += sr.debt_usd;
    totals.equity_usd += sr.equity_usd;
    sr.returns = ReturnsOf(std::move(flows), m.discount_rate, m.start);
    report.sites.push_back(std::move(sr));
  }
  report.overall = ReturnsOf(std::move(overall), m.discount_rate, m.start);
  totals.funding_gap_usd = m.funding_gap_usd;
  for (size_t f = 0; f < m.funders.size(); ++f) {
    FunderReport fr;
    fr.funder = m.funders[f];
    fr.role = fr.funder.lender ? "debt" : "equity";
    std::vector<double> flows(n);
    for (int t = 0; t < n; ++t)
      flows[t] = report.ledger.received[f][t] - report.ledger.paid_in[f][t];
    fr.returns = ReturnsOf(std::move(flows), fr.funder.discount_rate, m.start);
    // Gross amounts, not the sums of net quarters.
    fr.returns.paid_in_usd = fr.returns.received_usd = 0;
    for (int t = 0; t < n; ++t) {
      fr.returns.paid_in_usd += report.ledger.paid_in[f][t];
      fr.returns.received_usd += report.ledger.received[f][t];
    }
    report.funders.push_back(std::move(fr));
  }
  return report;
}

}  // namespace stargate::finance
