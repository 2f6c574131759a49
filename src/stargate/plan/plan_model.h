// The planning LP/MILP built from a scenario (DESIGN.md, "The planning model";
// docs/formulation.md has the mathematics), with the index maps that tie each
// column and row back to its site, accelerator, quarter, demand or financier.
#ifndef STARGATE_PLAN_PLAN_MODEL_H_
#define STARGATE_PLAN_PLAN_MODEL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/model/model.h"
#include "stargate/plan/export_limits.h"
#include "stargate/plan/lp_model.h"

namespace stargate::plan {

// Money is modelled in millions of USD and TPP in millions, which keeps
// coefficients within a few orders of magnitude of 1 for the simplex.
inline constexpr double kUsdScale = 1e6;
inline constexpr double kTppScale = 1e6;
inline constexpr double kHoursPerQuarter = 8766.0 / 4.0;

struct BuildOptions {
  Objective objective = Objective::kCost;
  bool milp = false;           // site opening and modular builds
  double build_block_mw = 50;  // MILP: modular build size
  // Cost of a dollar of capital no financier covers, per dollar: the
  // elastic slack that keeps the model feasible and shows the gap.
  double unfunded_penalty_per_usd = 10;
  // Complete recourse for the stochastic plan: a `stranded` column per
  // (site, quarter) lets built MW stand idle, off the grid and unpowered,
  // so construction started before a future is known never makes that
  // future infeasible (its grid arriving later, say). The deterministic
  // plan never needs it: MW beyond the grid would cost money for nothing.
  // It costs nothing (the shell is paid for either way), so its value is
  // not unique where the grid has room; what a plan reports as stranded is
  // the least the rows allow, max(0, mw - grid) (StrandedMw).
  bool strandable = false;
};

struct PlanIndex {
  int num_sites = 0;  // sites in the model (not cancelled)
  int num_types = 0;
  int num_quarters = 0;
  std::vector<int> site;  // model site -> scenario.sites index
  // Per (s, t): s * T + t. Per (s, k, t): (s * K + k) * T + t. -1 when absent.
  std::vector<int> build, mw, grid_row, power_row;
  std::vector<int> stranded;  // per (s, t) with BuildOptions::strandable, else empty
  std::vector<int> install, base;
  std::vector<int> open;        // per s, MILP
  std::vector<int> blocks;      // per (s, t), MILP with modular builds
  std::vector<int> supply_row;  // per (k, t)
  // Demand is served from country pools: sites in one country are
  // interchangeable for residency, so serving by country instead of by site
  // keeps the model's size independent of the number of sites.
  std::vector<std::string> pool_country;     // pool -> ISO code
  std::vector<std::vector<int>> pool_sites;  // pool -> model sites
  struct Serve {
    int demand, pool, t, column;
  };
  std::vector<Serve> serve;
  std::vector<int> unmet, demand_row;  // per (d, t)
  // Per demand row d: the row keeping its service out of countries below
  // its minimum freedom score (scenario and row), -1 when there is none.
  std::vector<int> freedom_row;
  struct Fund {
    int financier, commitment, t, column;
    std::string country;
  };
  std::vector<Fund> fund;
  struct Unfunded {
    std::string country;
    int t, column, row;
  };
  std::vector<Unfunded> unfunded;
  std::vector<int> commitment_row;  // per (financier, commitment) in order
  std::vector<int> cap_row;         // per ExportLimits::caps entry
  int budget_row = -1;
  // Per column: its discounted cost in $M under the cost objective, also when
  // the objective maximises compute; the objective breakdown and the KPIs
  // are computed from it so both objectives report money the same way.
  std::vector<double> money_usd_m;
  int SiteQuarter(int s, int t) const { return s * num_quarters + t; }
  int SiteTypeQuarter(int s, int k, int t) const { return (s * num_types + k) * num_quarters + t; }
};

struct BuiltModel {
  LpModel lp;
  PlanIndex index;
  double build_seconds = 0;
};

// Builds the model. Errors only for scenarios the model cannot express
// (e.g. an empty horizon); limits that make it infeasible are left to the solver.
absl::StatusOr<BuiltModel> BuildPlanModel(const Scenario& scenario, const ExportLimits& limits,
                                          const BuildOptions& options);

// MW built but idle for want of grid: the least stranded[s,t] the grid row
// allows (the power row only gains from less), so that a plan's figures do
// not depend on which of the solver's equal optima came out.
inline double StrandedMw(double mw, double grid_mw) { return mw > grid_mw ? mw - grid_mw : 0.0; }

// Discount factor of quarter t (0-based from the horizon's start).
double DiscountFactor(double annual_rate, int t);

// What one H100e-quarter of unmet demand costs in the objective: the
// scenario's penalty when it sets one, else the revenue the quarter would
// have earned (GPU-hour price x hours x utilization).
double UnmetValueUsdPerH100eQuarter(const ScenarioOptions& options);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_MODEL_H_
