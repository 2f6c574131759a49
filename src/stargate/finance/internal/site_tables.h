// What a Monte Carlo run of one site needs, precomputed once per model so
// that a run (evaluate.cc) makes a few short passes over the site's
// quarters with no loan to step.
//
// Why this works: what the tables hold is linear in the overrun o and the
// supply factor S, and the delay d and the cuts only choose its rows.
// Facility capex stays on schedule and only scales by o, so its loans are
// the planned ones times o. Chips scale by S and shift by d; a loan does
// not care when it starts, so the chips' loans shift with them. A regime
// change or a ban keeps the chips of plan quarters before a cut c (then
// those of the alternative regime up to a second cut), so every chip-driven
// flow is tabulated per cut c in 0..T:
//   flows(planned before c1, alternative from c1 to c2)
//     = planned[c1] + alternative[c2] - alternative[c1].
// Present values are tabulated per delay d in 0..max_shift as well, so no
// assumption is made about the shape of the discount factors. Left to the
// run: the price paths, which multiply chip revenue and energy quarter by
// quarter (S times a price: not linear), and the tax, whose losses carried
// forward make it depend on every quarter before.
#ifndef STARGATE_FINANCE_INTERNAL_SITE_TABLES_H_
#define STARGATE_FINANCE_INTERNAL_SITE_TABLES_H_

#include <vector>

#include "absl/status/status.h"

namespace stargate::finance {

struct FinanceModel;

// Per quarter alive of the chips delivered before a cut, for unit supply:
// what they earn, their energy in USD at the country's price, and the
// expenses that scale with them (their depreciation plus the interest on
// the debt that paid for them). Indexed [c * n + i] for cut c and the i-th
// quarter of the site's chips and halls (quarter first_quarter + d + i of a
// run delayed by d); one array per flow, so that a run reads each
// contiguously.
struct ChipRows {
  std::vector<double> revenue, energy, expenses;
};

// Present values of the flows that are linear in the shocks, one column per
// payee: column 0 is the project (at the scenario's rate), 1 + k equity at
// SiteModel::equity_rates[k], then one per SiteModel::lenders entry.
struct ChipValues {
  std::vector<double> values;  // [(c * (max_shift + 1) + d) * columns + column]
  std::vector<double> capex;   // [c]: of the chips before c
  std::vector<double> h100e;   // [c]: of the chips before c
};

struct SiteTables {
  int quarters = 0;          // n: end_quarter - first_quarter
  bool alternative = false;  // chips_alternative differ from chips
  ChipRows chips, alternative_chips;
  // For the i-th quarter of the site's chips and halls (as in ChipRows):
  // operations, which do not scale with the overrun; and for unit overrun
  // the facility's depreciation plus its debt's interest, [d * n + i] per
  // delay d, as that debt is drawn on schedule, not delayed.
  std::vector<double> operations, facility_expenses;
  // For unit overrun, the facility debt's interest in quarter first_quarter
  // + q, q < max_shift: a run delayed by d has only this in its first d
  // quarters. It is not summed per delay: its sign decides its tax (a cost
  // is a loss carried forward, a negative rate's interest is profit taxed in
  // its own quarter), so the run walks the tax over these quarters too.
  std::vector<double> early_interest;

  int columns = 0;
  // The discount rates (indices into FinanceModel::discount) of the columns
  // that also receive the run's cash after tax: the project and equity.
  std::vector<int> rates;
  // For unit overrun, per delay: facility capex and its debt's flows, the
  // repayment of what is still owed and the residual value when the site
  // ends, [d * columns + column].
  std::vector<double> facility_values;
  ChipValues chip_values, alternative_values;  // for unit supply
};

// Fills model->tables (one per site); BuildFinanceModel calls it last. An
// internal error if a site has halls or chips before its first_quarter: the
// tables start there, so a run could not agree with the definition.
absl::Status BuildSiteTables(FinanceModel* model);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_INTERNAL_SITE_TABLES_H_
