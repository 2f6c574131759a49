#include "stargate/plan/plan_json.h"

namespace stargate::plan {

using nlohmann::json;

json KpisToJson(const Kpis& k) {
  json by_year = json::object(), h100e = json::object();
  for (const auto& [country, years] : k.accelerators_by_country_year) {
    for (const auto& [year, v] : years) by_year[country][std::to_string(year)] = v;
  }
  for (const auto& [country, years] : k.h100e_by_country_year) {
    for (const auto& [year, v] : years) h100e[country][std::to_string(year)] = v;
  }
  json free = json::object(), zones = json::object();
  for (const auto& [year, v] : k.free_compute_share_by_year) free[std::to_string(year)] = v;
  for (const auto& [zone, years] : k.compute_share_by_zone_year) {
    for (const auto& [year, v] : years) zones[zone][std::to_string(year)] = v;
  }
  return {{"gw_online_by_quarter", k.gw_online_by_quarter},
          {"accelerators_by_country_year", by_year},
          {"h100e_by_country_year", h100e},
          {"compute_share_by_country", k.compute_share_by_country},
          {"tier1_compute_share", k.tier1_compute_share},
          {"free_min_freedom_score", k.free_min_freedom_score},
          {"free_compute_share_by_year", free},
          {"compute_share_by_zone_year", zones},
          {"min_freedom_score", k.min_freedom_score},
          {"freedom_constraint_cost", k.freedom_constraint_cost},
          {"capex_usd", k.capex_usd},
          {"shell_capex_usd", k.shell_capex_usd},
          {"chip_capex_usd", k.chip_capex_usd},
          {"opex_energy_usd", k.opex_energy_usd},
          {"energy_mwh", k.energy_mwh},
          {"co2_tonnes", k.co2_tonnes},
          {"unmet_h100e_quarters_by_country", k.unmet_h100e_quarters_by_country},
          {"demand_h100e_quarters", k.demand_h100e_quarters},
          {"served_h100e_quarters", k.served_h100e_quarters},
          {"unmet_h100e_quarters", k.unmet_h100e_quarters},
          {"served_share", k.served_share},
          {"excess_h100e_quarters", k.excess_h100e_quarters},
          {"utilization", k.utilization},
          {"unfunded_usd", k.unfunded_usd},
          {"unfunded_usd_by_country", k.unfunded_usd_by_country},
          {"objective_usd_by_term", k.objective_usd_by_term},
          {"unmet_value_usd_per_h100e_quarter", k.unmet_value_usd_per_h100e_quarter}};
}

json ShipmentsToJson(const Plan& plan) {
  json list = json::array();
  for (const auto& s : plan.shipments) {
    json j = {{"id", s.id},
              {"date", s.date},
              {"accelerator", s.accelerator},
              {"quantity", s.quantity},
              {"destination", s.destination},
              {"consignee", s.consignee},
              {"consignee_hq", s.consignee_hq},
              {"end_use", "datacenter"}};
    if (!s.veu.empty()) j["veu"] = s.veu;
    list.push_back(j);
  }
  return list;
}

json PlanToJson(const Plan& plan) {
  json binding = json::array();
  for (const auto& b : plan.binding) {
    binding.push_back({{"family", b.family},
                       {"constraint", b.name},
                       {"value_per_unit", b.value_per_unit},
                       {"unit", b.unit},
                       {"from_unmet_demand_value", b.from_unmet_value},
                       {"unit_cost_usd", b.unit_cost_usd},
                       {"sentence", b.sentence}});
  }
  return {{"scenario", plan.scenario_id},
          {"regime", plan.regime},
          {"objective_kind", SpellingOf(plan.objective_kind)},
          {"status", SolveStatusName(plan.status)},
          {"objective", plan.objective},
          {"solver", plan.solver},
          {"relative_gap", plan.relative_gap},
          {"model",
           {{"rows", plan.rows},
            {"columns", plan.columns},
            {"nonzeros", plan.nonzeros},
            {"build_seconds", plan.build_seconds},
            {"solve_seconds", plan.solve_seconds}}},
          {"kpis", KpisToJson(plan.kpis)},
          {"binding", binding},
          {"diagnosis", plan.diagnosis},
          {"shipments", plan.shipments.size()}};
}

}  // namespace stargate::plan
