// The finance report as JSON (stdout with --json, and finance.json).
#include "stargate/finance/finance.h"

namespace stargate::finance {
namespace {

using nlohmann::json;

json ReturnsToJson(const Returns& r) {
  return {{"paid_in_usd", r.paid_in_usd},
          {"received_usd", r.received_usd},
          {"discount_rate", r.discount_rate},
          {"npv_usd", r.npv_usd},
          {"irr", r.irr ? json(*r.irr) : json(nullptr)},
          {"payback_quarter", r.payback ? json(r.payback->ToString()) : json(nullptr)},
          {"peak_funding_usd", r.peak_funding_usd}};
}

json AssumptionsToJson(const FinanceAssumptions& a) {
  json kinds = json::array();
  for (FinancierKind k : a.lender_kinds) kinds.push_back(EnumName(k));
  return {{"origin", a.origin},
          {"debt",
           {{"share_of_facility_capex", a.debt_share_facility},
            {"share_of_chip_capex", a.debt_share_chips},
            {"base_rate", a.debt_base_rate},
            {"spread", a.debt_spread},
            {"tenor_quarters", a.debt_tenor_quarters},
            {"interest_only_quarters", a.debt_interest_only_quarters},
            {"amortization", AmortizationName(a.amortization)},
            {"lender_kinds", kinds}}},
          {"revenue",
           {{"price_annual_change", a.price_annual_change},
            {"price_change_per_chip_year", a.price_change_per_chip_year}}},
          {"operations",
           {{"usd_per_mw_year", a.operations_usd_per_mw_year},
            {"facility_life_years", a.facility_life_years},
            {"residual_value_share", a.residual_value_share}}},
          {"tax", {{"rate", a.tax_rate}, {"by_country", a.tax_rate_by_country}}}};
}

}  // namespace

json FinanceReportToJson(const FinanceReport& report) {
  const Totals& t = report.totals;
  json funders = json::array();
  for (const auto& f : report.funders) {
    json j = {{"id", f.funder.id},
              {"name", f.funder.name},
              {"kind", f.funder.kind},
              {"role", f.role},
              {"plan_funding_usd", f.funder.plan_funding_usd}};
    if (f.funder.lender) j["loan_rate"] = f.funder.loan_rate;
    j.update(ReturnsToJson(f.returns));
    funders.push_back(j);
  }
  json sites = json::array();
  for (const auto& s : report.sites) {
    json j = {{"id", s.id},
              {"country", s.country},
              {"facility_capex_usd", s.facility_capex_usd},
              {"chip_capex_usd", s.chip_capex_usd},
              {"debt_usd", s.debt_usd},
              {"equity_usd", s.equity_usd},
              {"revenue_usd", s.revenue_usd}};
    j.update(ReturnsToJson(s.returns));
    sites.push_back(j);
  }
  json quarters = json::array();
  const int n = report.model.length();
  for (int q = 0; q < n; ++q) {
    SiteFlows sum;
    for (const auto& site : report.ledger.sites) {
      const SiteFlows& f = site[q];
      sum.capex_facility += f.capex_facility;
      sum.capex_chips += f.capex_chips;
      sum.revenue += f.revenue;
      sum.energy += f.energy;
      sum.operations += f.operations;
      sum.depreciation += f.depreciation;
      sum.interest += f.interest;
      sum.principal += f.principal;
      sum.tax += f.tax;
      sum.residual += f.residual;
    }
    quarters.push_back({{"quarter", (report.start + q).ToString()},
                        {"capex_facility_usd", sum.capex_facility},
                        {"capex_chips_usd", sum.capex_chips},
                        {"revenue_usd", sum.revenue},
                        {"energy_usd", sum.energy},
                        {"operations_usd", sum.operations},
                        {"depreciation_usd", sum.depreciation},
                        {"interest_usd", sum.interest},
                        {"principal_usd", sum.principal},
                        {"tax_usd", sum.tax},
                        {"residual_usd", sum.residual},
                        {"net_usd", sum.net()}});
  }
  json overall = ReturnsToJson(report.overall);
  overall.update({{"facility_capex_usd", t.facility_capex_usd},
                  {"chip_capex_usd", t.chip_capex_usd},
                  {"revenue_usd", t.revenue_usd},
                  {"energy_usd", t.energy_usd},
                  {"operations_usd", t.operations_usd},
                  {"depreciation_usd", t.depreciation_usd},
                  {"interest_usd", t.interest_usd},
                  {"tax_usd", t.tax_usd},
                  {"residual_usd", t.residual_usd},
                  {"debt_usd", t.debt_usd},
                  {"equity_usd", t.equity_usd},
                  {"funding_gap_usd", t.funding_gap_usd}});
  return {{"scenario", report.scenario_id},
          {"plan", report.plan_origin},
          {"horizon", {{"start", report.start.ToString()}, {"end", report.horizon_end.ToString()}}},
          {"cash_flows_until", report.analysis_end.ToString()},
          {"assumptions", AssumptionsToJson(report.assumptions)},
          {"overall", overall},
          {"financiers", funders},
          {"sites", sites},
          {"quarters", quarters}};
}

}  // namespace stargate::finance
