// Cash flows of a FinanceModel under shocks, two ways that give the same
// numbers (to rounding; a test checks it on shocked runs):
//
// EvaluateWithLedger (evaluate_ledger.cc), for `stargate finance`: the
// definition, flow by flow. Per site and quarter: facility capex on
// schedule (times the overrun); chips delivered `delay` quarters late
// (times the supply factor, less what a regime change or a tier change
// blocks), then earning at the GPU-hour price, drawing power at the
// electricity price, and depreciating for the accelerator life; the
// facility online `delay` quarters late, costing its operations per MW and
// depreciating; debt drawn in each lender's share of capex, with interest
// and principal per its terms; tax on profit after depreciation and
// interest, losses carried forward; what is left goes to equity by weight.
// At the site's end the facility's book value is realised and any debt
// still owed is repaid.
//
// Evaluate (evaluate.cc), for each Monte Carlo run: results only, from the
// model's SiteTables (site_tables.h), which hold what is linear in the
// overrun and the supply factor, per delay and regime cut. Per site it
// reads the rows for the run's delay and cuts, then makes a few short
// passes over the site's quarters for what the tables cannot hold: cash
// before tax at the run's prices, the tax with its loss carry-forward, and
// the present value of the cash after tax. It allocates nothing.
#ifndef STARGATE_FINANCE_EVALUATE_H_
#define STARGATE_FINANCE_EVALUATE_H_

#include <climits>
#include <vector>

#include "stargate/finance/finance_model.h"

namespace stargate::finance {

inline constexpr int kNever = INT_MAX;

// What differs from the plan in one run. Null pointers mean "no shock". A
// price array is indexed by model quarter and holds at least
// model.length() values: a site delayed by max_shift runs that long.
struct Shocks {
  const int* site_delay = nullptr;            // per model site, quarters (clamped to max_shift)
  const double* site_overrun = nullptr;       // per model site, multiplier on facility capex
  double supply_factor = 1;                   // share of planned chips delivered
  const double* gpu_price = nullptr;          // per quarter, multiplier on the GPU-hour price
  const double* electricity_price = nullptr;  // per quarter, multiplier on every country's price
  int alternative_from = kNever;              // quarter from which chips_alternative applies
  const int* site_blocked_from = nullptr;     // per model site: quarter from which no chips arrive
};

// Scratch space for one thread, sized for the model it was made with: use
// it with that model only, and reuse it across runs.
class Workspace {
 public:
  explicit Workspace(const FinanceModel& model);

 private:
  friend struct FastEvaluator;
  // One site's quarters from its first (with up to max_shift of a delay's
  // before its chips and halls start): cash after tax and profit before it;
  // and the chip rows under a regime change.
  std::vector<double> cash_, taxable_, revenue_, energy_, expenses_;
  std::vector<double> values_;           // one site's present values, per payee column
  std::vector<const double*> discount_;  // one site's discount factors, per rate
  std::vector<double> ones_;             // electricity prices when a run has no price shock
  std::vector<double> base_gpu_;         // the model's rental price path (price_index)
  std::vector<double> gpu_;              // that path times a run's price shock
};

// Results of one run.
struct Outcome {
  double* funder_npv = nullptr;  // caller's array, one per model funder
  double overall_npv = 0;        // after-tax project cash flows at the scenario's rate
  double capex_usd = 0;          // facility + chips actually paid
  double facility_capex_usd = 0;
  double delivered_h100e = 0;  // within the plan's horizon
};

// One quarter of one site, for reports.
struct SiteFlows {
  double capex_facility = 0, capex_chips = 0, revenue = 0, energy = 0, operations = 0,
         depreciation = 0, interest = 0, principal = 0, tax = 0, debt_draws = 0, equity_draws = 0,
         distributions = 0, residual = 0, mw_online = 0, h100e_installed = 0;
  double net() const {  // the project's after-tax cash flow
    return -capex_facility - capex_chips + revenue - energy - operations - tax + residual;
  }
};

// Every flow of a run, for `stargate finance`.
struct Ledger {
  std::vector<std::vector<SiteFlows>> sites;  // [site][quarter]
  std::vector<std::vector<double>> paid_in;   // [funder][quarter] draws
  std::vector<std::vector<double>> received;  // [funder][quarter] debt service or distributions
  void Reset(const FinanceModel& model);
};

// Fast: results only.
void Evaluate(const FinanceModel& model, const Shocks& shocks, Workspace* workspace,
              Outcome* outcome);
// Detailed: results and every flow.
void EvaluateWithLedger(const FinanceModel& model, const Shocks& shocks, Outcome* outcome,
                        Ledger* ledger);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_EVALUATE_H_
