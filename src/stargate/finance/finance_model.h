// A plan turned into arrays for cash flows: per site, the facility capex by
// quarter, the chips each quarter delivers (as cohorts that earn, draw power
// and depreciate while alive), and who funds the site in which shares.
// Built once; evaluate.h turns it into cash flows, as often as the Monte
// Carlo wants, without allocating.
#ifndef STARGATE_FINANCE_FINANCE_MODEL_H_
#define STARGATE_FINANCE_FINANCE_MODEL_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/quarter.h"
#include "stargate/finance/assumptions.h"
#include "stargate/finance/internal/loan.h"
#include "stargate/finance/internal/site_tables.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"

namespace stargate::finance {

// Ids of the two stand-in funders: project debt beyond what the plan's
// lenders give, and equity the plan names no one for (its unfunded gap).
inline constexpr const char* kMarketDebtId = "market-debt";
inline constexpr const char* kUnnamedEquityId = "unnamed-equity";

// A capital provider: a financier of the scenario or a stand-in.
struct Funder {
  std::string id, name, kind;  // kind: the financier kind, or "stand_in"
  bool lender = false;
  double loan_rate = 0;         // annual (lenders)
  double discount_rate = 0;     // annual, for its NPV: its cost of capital
  LoanTerms terms;              // lenders
  double plan_funding_usd = 0;  // what the plan's financing table has it pay
};

// The chips one quarter delivers to a site: paid on delivery, then earning,
// drawing power and depreciating for the accelerator life.
struct ChipCohort {
  double capex = 0;         // USD
  double revenue = 0;       // USD per quarter alive, at the scenario's price
  double energy_mwh = 0;    // per quarter alive
  double depreciation = 0;  // USD per quarter alive
  double h100e = 0;         // H100-equivalents delivered
};

// A funder's part in a site: its share of each dollar of facility and chip
// capex, and (equity) its share of what the site distributes.
struct SiteFunding {
  int funder = 0;
  double facility_share = 0, chip_share = 0;
  double equity_weight = 0;  // equity only
  int rate_slot = 0;         // equity only: index into SiteModel::equity_rates
};

struct SiteModel {
  int scenario_site = 0;  // index into scenario.sites
  std::string id, country;
  int lead_quarters = 0;
  double existing_mw = 0;
  double electricity_usd_per_mwh = 0, tax_rate = 0, operations_usd_per_mw_quarter = 0;
  double facility_capex_usd = 0, chip_capex_usd = 0;
  std::vector<double> build_mw;               // [plan quarter] construction started
  std::vector<double> facility_capex;         // [plan quarter]
  std::vector<double> new_mw;                 // [analysis quarter] online, before any delay
  std::vector<double> facility_depreciation;  // [analysis quarter] before delay and overrun
  std::vector<ChipCohort> chips;              // [plan quarter]
  // What the alternative regime lets through (empty: the same as chips).
  std::vector<ChipCohort> chips_alternative;
  std::vector<SiteFunding> lenders, equity;
  // Equity's share of each dollar of facility and of chip capex (the sum of
  // the equity parts; each holder's is its equity_weight times these).
  double equity_facility_share = 0, equity_chip_share = 0;
  // The distinct discount rates of the equity holders (indices into
  // FinanceModel::discount): equity NPVs need one pass per rate, not per holder.
  std::vector<int> equity_rates;
  int first_quarter = 0;  // first quarter with capex, before delay
  int end_quarter = 0;    // one past the last quarter with a cash flow, before delay
};

struct FinanceModel {
  std::string scenario_id;
  Quarter start;
  int plan_quarters = 0;      // T
  int analysis_quarters = 0;  // the latest site end, before delays
  int max_shift = 0;          // the longest delay the arrays allow
  int life_quarters = 20;
  double discount_rate = 0.08;  // the scenario's, for the overall NPV
  double residual_value_share = 1;
  FinanceAssumptions assumptions;
  std::vector<Funder> funders;
  std::vector<SiteModel> sites;  // sites with capex in the plan, in scenario order
  // [analysis quarter, incl. shifts] multiplier on chip revenue: the base
  // case's rental price path (FinanceAssumptions::price_annual_change); a
  // Monte Carlo run's price shock multiplies it.
  std::vector<double> price_index;
  // Discount factors per distinct annual rate: discount[rate][quarter].
  std::vector<double> rates;
  std::vector<std::vector<double>> discount;
  std::vector<int> funder_rate;  // per funder: index into rates
  int overall_rate = 0;          // the scenario's rate
  double facility_capex_usd = 0, chip_capex_usd = 0;
  // Capex no financier of the plan pays (the plan's unfunded capex): carried
  // by the stand-in equity `unnamed-equity`, and reported as a gap.
  double funding_gap_usd = 0;
  // Per site, what a Monte Carlo run reads instead of stepping loans
  // (site_tables.h). Built from the fields above: a model is not changed
  // after BuildFinanceModel.
  std::vector<SiteTables> tables;

  int length() const { return analysis_quarters + max_shift; }
  Quarter QuarterAt(int t) const { return start + t; }
};

struct ModelOptions {
  int max_shift = 0;
  // Shipments an alternative regime allows; when set, each site also gets
  // chips_alternative (what would still arrive under it).
  std::function<bool(const Site& site, const std::string& accelerator, Quarter quarter)>
      alternative_allowed;
};

absl::StatusOr<FinanceModel> BuildFinanceModel(const Scenario& scenario, const plan::Plan& plan,
                                               const FinanceAssumptions& assumptions,
                                               const ModelOptions& options = {});

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_FINANCE_MODEL_H_
