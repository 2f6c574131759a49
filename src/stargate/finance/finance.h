// Finance: the cash flows of a plan per site and per financier, and what
// they are worth to each (NPV, IRR, payback, peak funding need).
// docs/finance.md states the formulas and assumptions.
//
// The front door of the module: code outside finance includes this header,
// and other modules' unit tests may include test_fixture.h (a hand-sized
// scenario and plan). It gathers the public surface: the assumptions, the
// finance model and its evaluation under shocks (what sim re-prices per
// run). Loans, metrics, site tables and funding shares live in
// finance/internal/.
//
//   auto report = finance::AnalyzePlan(scenario, plan, assumptions);
//   finance::WriteFinanceFiles(*report, "out");  // CSV + finance.json
#ifndef STARGATE_FINANCE_FINANCE_H_
#define STARGATE_FINANCE_FINANCE_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/finance/assumptions.h"
#include "stargate/finance/evaluate.h"
#include "stargate/finance/finance_model.h"
#include "stargate/finance/internal/metrics.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"

namespace stargate::finance {

// What a series of quarterly cash flows is worth, from one side.
struct Returns {
  double paid_in_usd = 0;    // capex paid or money lent
  double received_usd = 0;   // debt service or distributions (net of equity calls)
  double discount_rate = 0;  // annual
  double npv_usd = 0;
  std::optional<double> irr;       // annual
  std::optional<Quarter> payback;  // first quarter from which the cumulative flow stays >= 0
  double peak_funding_usd = 0;     // deepest cumulative shortfall
  std::vector<double> flows;       // per quarter, from the horizon's start
};

struct FunderReport {
  Funder funder;
  std::string role;  // "debt" or "equity"
  Returns returns;
};

struct SiteReport {
  std::string id, country;
  double facility_capex_usd = 0, chip_capex_usd = 0, debt_usd = 0, equity_usd = 0;
  double revenue_usd = 0;
  Returns returns;  // the site's after-tax project cash flows at the scenario's rate
};

struct Totals {
  double facility_capex_usd = 0, chip_capex_usd = 0, revenue_usd = 0, energy_usd = 0,
         operations_usd = 0, depreciation_usd = 0, interest_usd = 0, tax_usd = 0, residual_usd = 0,
         debt_usd = 0, equity_usd = 0;
  double funding_gap_usd = 0;  // capex no financier's commitment covers (never "funded")
};

struct FinanceReport {
  std::string scenario_id;
  std::string plan_origin;  // "solved" or the directory read
  Quarter start, horizon_end, analysis_end;
  FinanceAssumptions assumptions;
  FinanceModel model;
  Ledger ledger;
  Totals totals;
  Returns overall;  // every funder together: the project's after-tax cash flows
  std::vector<FunderReport> funders;
  std::vector<SiteReport> sites;
};

Returns ReturnsOf(std::vector<double> flows, double discount_rate, Quarter start);

absl::StatusOr<FinanceReport> AnalyzePlan(const Scenario& scenario, const plan::Plan& plan,
                                          const FinanceAssumptions& assumptions,
                                          const std::string& plan_origin = "solved");

nlohmann::json FinanceReportToJson(const FinanceReport& report);

// finance_sites.csv (site x quarter), finance_financiers.csv (financier x
// quarter), finance_summary.csv (one row per financier and "overall") and
// finance.json, each written atomically.
absl::Status WriteFinanceFiles(const FinanceReport& report, const std::filesystem::path& dir);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_FINANCE_H_
