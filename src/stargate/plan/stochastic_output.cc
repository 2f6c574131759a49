// The stochastic plan's files: the reference plan's ordinary files, plan.json
// with its "stochastic" block, and first_stage.csv (docs/outputs.md).
#include <cmath>
#include <sstream>

#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
#include "stargate/plan/plan_json.h"
#include "stargate/plan/stochastic.h"

namespace stargate::plan {
namespace {

nlohmann::json FutureToJson(const StochasticScenario& f) {
  nlohmann::json j = {{"name", f.name},
                      {"probability", f.probability},
                      {"demand_multiplier", f.demand_multiplier},
                      {"supply_multiplier", f.supply_multiplier},
                      {"chip_price_multiplier", f.chip_price_multiplier},
                      {"grid_delay_quarters", f.grid_delay_quarters},
                      {"construction_delay_quarters", f.construction_delay_quarters}};
  if (f.regime_change_to.empty()) {
    j["regime_change"] = nullptr;
  } else {
    j["regime_change"] = {{"to", f.regime_change_to}, {"at", f.regime_change_at.ToString()}};
  }
  return j;
}

std::string Fixed(double v, int decimals) {
  std::string s = absl::StrFormat("%.*f", decimals, v);
  if (s.find_first_not_of("-0.") == std::string::npos) s = absl::StrFormat("%.*f", decimals, 0.0);
  return s;
}

std::string FirstStageCsv(const StochasticResult& r) {
  std::ostringstream out;
  out << "decision,site_or_financier,commitment,country,quarter,value,mean_value_plan\n";
  for (const auto& d : r.first_stage) {
    const int decimals = d.kind == "build_mw" ? 6 : 2;
    out << d.kind << ',' << d.site_or_financier << ','
        << (d.commitment < 0 ? "" : std::to_string(d.commitment)) << ',' << d.country << ','
        << d.quarter.ToString() << ',' << Fixed(d.value, decimals) << ','
        << Fixed(d.mean_value_plan, decimals) << '\n';
  }
  return out.str();
}

// JSON has no infinity: an unknown bound is null.
nlohmann::json Finite(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

// By position, not by name: names come from a user's file.
std::string ShipmentsFile(size_t i) {
  return "scenarios/s" + std::to_string(i + 1) + "-shipments.json";
}

}  // namespace

nlohmann::json StochasticToJson(const StochasticResult& r) {
  nlohmann::json scenarios = nlohmann::json::array();
  for (size_t i = 0; i < r.scenarios.size(); ++i) {
    const auto& s = r.scenarios[i];
    nlohmann::json j = FutureToJson(s.future);
    j["regime"] = s.regime_label;
    j["shipments_file"] = ShipmentsFile(i);
    j["shipments"] = s.shipments.size();
    j["kpis"] = {{"cost_usd", s.cost_usd},
                 {"wait_and_see_cost_usd", s.wait_and_see_cost_usd},
                 {"mean_value_first_stage_cost_usd",
                  r.mean_value_feasible ? nlohmann::json(s.mean_value_first_stage_cost_usd)
                                        : nlohmann::json()},
                 {"served_h100e_quarters", s.served_h100e_quarters},
                 {"unmet_h100e_quarters", s.unmet_h100e_quarters},
                 {"gw_online_end", s.gw_online_end},
                 {"stranded_mw_quarters", s.stranded_mw_quarters}};
    scenarios.push_back(std::move(j));
  }
  nlohmann::json j = {
      {"status", SolveStatusName(r.status)},
      {"decide_until", r.decide_until.ToString()},
      {"base_regime", r.base_regime},
      {"model",
       {{"rows", r.rows},
        {"columns", r.columns},
        {"nonzeros", r.nonzeros},
        {"build_seconds", r.build_seconds},
        {"solve_seconds", r.solve_seconds},
        {"total_seconds", r.total_seconds}}},
      {"method",
       {{"name", StochasticMethodName(r.method)},
        {"iterations", r.bounds.iteration},
        {"lower_bound_usd", Finite(r.bounds.lower_bound_usd)},
        {"upper_bound_usd", Finite(r.bounds.upper_bound_usd)},
        {"relative_gap", Finite(r.bounds.gap)},
        {"feasibility_cuts", r.bounds.feasibility_cuts},
        {"master_seconds", r.bounds.master_seconds},
        {"subproblem_seconds", r.bounds.subproblem_seconds},
        {"stopped_because", r.bounds.stopped_because}}},
      {"scenarios", std::move(scenarios)},
      {"reference_scenario",
       r.scenarios.empty() ? "" : r.scenarios[r.reference_scenario].future.name},
      {"objective_usd", r.objective_usd},
      {"expected_cost_usd", r.expected_cost_usd},
      {"wait_and_see_cost_usd", r.wait_and_see_cost_usd},
      {"evpi_usd", r.evpi_usd},
      {"mean_scenario", FutureToJson(r.mean_scenario)},
      {"mean_value_first_stage_expected_cost_usd", r.mean_value_first_stage_expected_cost_usd},
      {"vss_usd", r.vss_usd},
      {"first_stage_decisions", r.first_stage.size()}};
  if (!r.mean_value_feasible) {
    j["mean_value_first_stage_expected_cost_usd"] = nullptr;
    j["vss_usd"] = nullptr;
    j["mean_value_infeasible_in"] = r.mean_value_infeasible_in;
  }
  if (r.risk) {
    j["risk"] = {{"measure", "cvar"}, {"alpha", r.risk->alpha}, {"weight", r.risk->weight}};
    j["cvar_usd"] = r.cvar_usd;
  } else {
    j["risk"] = nullptr;
  }
  return j;
}

namespace {

// A "model" object's wall-clock seconds (the plan's or the stochastic block's).
void EraseModelTimings(nlohmann::json* model) {
  for (const char* time : {"build_seconds", "solve_seconds", "total_seconds"}) model->erase(time);
}

}  // namespace

void EraseTimings(nlohmann::json* block) {
  EraseModelTimings(&(*block)["model"]);
  for (const char* time : {"master_seconds", "subproblem_seconds"}) (*block)["method"].erase(time);
}

absl::Status WriteStochasticPlan(const StochasticResult& result, const std::filesystem::path& dir) {
  if (auto status = WritePlan(result.reference_plan, dir); !status.ok()) return status;
  nlohmann::json plan = PlanToJson(result.reference_plan);
  plan["stochastic"] = StochasticToJson(result);
  EraseModelTimings(&plan["model"]);
  EraseTimings(&plan["stochastic"]);
  if (auto status = WriteFileAtomically(dir / "plan.json", plan.dump(2) + "\n"); !status.ok())
    return status;
  if (auto status = WriteFileAtomically(dir / "first_stage.csv", FirstStageCsv(result));
      !status.ok())
    return status;
  std::error_code ec;
  std::filesystem::create_directories(dir / "scenarios", ec);
  if (ec)
    return absl::InternalError("cannot create " + (dir / "scenarios").string() + ": " +
                               ec.message());
  for (size_t i = 0; i < result.scenarios.size(); ++i) {
    Plan shipments_only;
    shipments_only.shipments = result.scenarios[i].shipments;
    if (auto status = WriteFileAtomically(dir / ShipmentsFile(i),
                                          ShipmentsToJson(shipments_only).dump(2) + "\n");
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace stargate::plan
