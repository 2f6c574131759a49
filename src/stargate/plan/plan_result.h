// What MakePlan gives: the Plan with its tables, key figures, binding
// constraints and diagnosis. Apart from plan.h so that the plan's JSON view,
// reader and diff, which plan.h gathers, can name it.
#ifndef STARGATE_PLAN_PLAN_RESULT_H_
#define STARGATE_PLAN_PLAN_RESULT_H_

#include <map>
#include <string>
#include <vector>

#include "stargate/core/quarter.h"
#include "stargate/model/model.h"
#include "stargate/plan/solver.h"

namespace stargate::plan {

struct SiteQuarterRow {
  std::string site, country;
  Quarter quarter;
  double build_mw = 0, mw_online = 0, grid_mw = 0, power_mw = 0;
};
struct InstallRow {
  std::string site, country, accelerator;
  Quarter quarter;
  double install = 0, base = 0;
};
struct ServeRow {
  std::string demand_country, serving_country;
  Quarter quarter;
  double h100e = 0;
};
struct UnmetRow {
  std::string country;
  Quarter quarter;
  double h100e = 0;
};
// One demand row of the scenario in one quarter: served + unmet = demand.
struct DemandRow {
  int demand = 0;  // index into Scenario::demand
  std::string country;
  Quarter quarter;
  double demand_h100e = 0, served_h100e = 0, unmet_h100e = 0;
};
struct FundingRow {
  std::string financier, country;
  Quarter quarter;
  double usd = 0;
};
// One shipment in `stargate check`'s input format.
struct PlannedShipment {
  std::string id, date, accelerator, destination, consignee, consignee_hq, veu;
  long long quantity = 0;
};
// A binding constraint and what one more unit of it is worth.
struct Binding {
  std::string family, name;
  double value_per_unit = 0;  // objective improvement per unit (USD, or H100e-quarters)
  std::string unit;           // "MW", "H100e of cap", "accelerator", "USD"
  // The part of value_per_unit that is unmet demand avoided (valued at
  // Kpis::unmet_value_usd_per_h100e_quarter); the rest is cost saved.
  double from_unmet_value = 0;
  // What one unit costs to buy, for comparison: $/MW of facility at the
  // site, the chip's price, $1 of commitment; 0 when there is none.
  double unit_cost_usd = 0;
  std::string sentence;
};

// The plan's key figures: computed once, in kpis.cc, from the plan's tables;
// the CLI summary, plan.json, the report, the dashboard and the API all read
// these (never recompute them), so a figure has one value everywhere.
struct Kpis {
  std::map<std::string, double> gw_online_by_quarter;
  std::map<std::string, std::map<int, double>>
      accelerators_by_country_year;  // year-end installed units
  std::map<std::string, std::map<int, double>> h100e_by_country_year;
  std::map<std::string, double>
      compute_share_by_country;  // of installed H100e at the horizon's end
  double tier1_compute_share = 0;
  // The program's values as figures, by year from the year-end installed
  // H100e above: the share in countries Freedom House rates Free (freedom
  // score >= free_min_freedom_score, Country::RatedFree), and the share in
  // each data-protection zone. Years with no compute are absent.
  double free_min_freedom_score = kFreedomHouseFreeMinScore;
  std::map<int, double> free_compute_share_by_year;
  std::map<std::string, std::map<int, double>> compute_share_by_zone_year;
  // The planner's minimum freedom score for hosting (0: none) and, when it
  // binds, what it costs: the objective with it minus the objective of the
  // same model without it (USD, or H100e-quarters not served under the
  // compute objective); the per-unit values are its duals (Plan::binding,
  // family "freedom").
  double min_freedom_score = 0;
  double freedom_constraint_cost = 0;
  double capex_usd = 0, shell_capex_usd = 0, chip_capex_usd = 0;
  double opex_energy_usd = 0, energy_mwh = 0, co2_tonnes = 0;
  std::map<std::string, double> unmet_h100e_quarters_by_country;
  // served + unmet = demand, row by row and quarter by quarter (the demand
  // rows are equalities), so these three add up.
  double demand_h100e_quarters = 0, served_h100e_quarters = 0, unmet_h100e_quarters = 0;
  double served_share = 0;           // served / demand
  double excess_h100e_quarters = 0;  // capacity assigned beyond demand: not served
  double utilization = 0;            // served / installed H100e-quarters
  // Capex no financier's commitment covers: a gap, never "funded".
  double unfunded_usd = 0;
  std::map<std::string, double> unfunded_usd_by_country;
  // The objective's parts in discounted USD (present value at the scenario's
  // rate): facility_capex, chip_capex, energy, financing_cost,
  // unfunded_penalty, unmet_demand_value. Under the cost objective they sum
  // to the objective; under the compute objective they are what the plan
  // costs, priced the same way.
  std::map<std::string, double> objective_usd_by_term;
  double unmet_value_usd_per_h100e_quarter = 0;  // the price of one unmet H100e-quarter
};

struct Plan {
  std::string scenario_id, regime;
  Objective objective_kind = Objective::kCost;
  std::string solver;
  SolveStatus status = SolveStatus::kError;
  // True when the solver stopped without any feasible solution (e.g. a MILP
  // at its time limit): the plan has no tables and must not be written.
  bool no_solution = false;
  double objective = 0;  // USD for cost; H100e-quarters served for compute
  double relative_gap = 0;
  int rows = 0, columns = 0;
  size_t nonzeros = 0;
  double build_seconds = 0, solve_seconds = 0;
  std::vector<SiteQuarterRow> site_quarters;
  std::vector<InstallRow> installs;
  std::vector<ServeRow> served;
  std::vector<UnmetRow> unmet;
  std::vector<DemandRow> demand;  // per demand row and quarter with demand
  // Capacity the solver assigned beyond a row's demand (only where the cost
  // objective is indifferent): reported apart, never counted as served.
  double excess_h100e_quarters = 0;
  std::vector<FundingRow> funding;
  std::vector<PlannedShipment> shipments;
  Kpis kpis;
  std::vector<Binding> binding;
  std::vector<std::string> diagnosis;  // plain sentences
};

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_RESULT_H_
