#include "stargate/model/model_json.h"

namespace stargate {

using nlohmann::json;

json ToJson(const Provenance& p) {
  json j = json::object();
  if (!p.sources.empty()) j["source"] = p.sources;
  if (!p.assumption.empty()) j["assumption"] = p.assumption;
  if (!p.assumptions.empty()) j["assumptions"] = p.assumptions;
  return j;
}

json ToJson(const Accelerator& a) {
  json rates = json::object();
  for (const auto& [precision, tflops] : a.dense_tflops) rates[EnumName(precision)] = tflops;
  json j = {{"id", a.id},
            {"name", a.name},
            {"vendor", a.vendor},
            {"datacenter", a.datacenter},
            {"dense_tflops", rates},
            {"tpp", a.tpp()},
            {"die_area_mm2", a.die_area_mm2},
            {"performance_density", a.performance_density()},
            {"h100e", a.h100e()},
            {"power_kw", a.power_kw},
            {"price_usd", a.price_usd},
            {"system_cost_factor", a.system_cost_factor},
            {"installed_cost_usd", a.InstalledCostUsd()},
            {"memory_gb", a.memory_gb},
            {"memory_bandwidth_gbps", a.memory_bandwidth_gbps},
            {"available_from", a.available_from.ToString()},
            {"provenance", ToJson(a.provenance)}};
  if (a.stated_tpp) j["stated_tpp"] = *a.stated_tpp;
  return j;
}

json ToJson(const Country& c) {
  const ComplianceProfile& p = c.compliance;
  return {{"iso2", c.iso2},
          {"name", c.name},
          {"aliases", c.aliases},
          {"region", c.region},
          {"memberships", c.memberships},
          {"electricity_usd_per_mwh", c.electricity_usd_per_mwh},
          {"grid_gco2_per_kwh", c.grid_gco2_per_kwh},
          {"freedom_score", c.freedom_score},
          {"data_protection_zone", c.data_protection_zone},
          {"partner_status", EnumName(c.partner_status)},
          {"compliance",
           {{"g2g_agreement", p.g2g_agreement},
            {"security_agreement_signed", p.security_agreement_signed},
            {"datacenter_security_standard", p.datacenter_security_standard},
            {"export_control_alignment", p.export_control_alignment},
            {"diversion_incidents", p.diversion_incidents}}},
          {"provenance", ToJson(c.provenance)}};
}

json ToJson(const Site& s) {
  json schedule = json::array();
  for (const auto& step : s.grid_schedule) {
    schedule.push_back({{"from", step.from.ToString()}, {"mw", step.mw}});
  }
  json existing = json::array();
  for (const auto& e : s.existing_accelerators) {
    existing.push_back({{"accelerator", e.accelerator}, {"count", e.count}});
  }
  return {{"id", s.id},
          {"name", s.name},
          {"country", s.country},
          {"lat", s.lat},
          {"lon", s.lon},
          {"operator", s.operator_name},
          {"operator_hq", s.operator_hq},
          {"uveu", s.uveu},
          {"status", EnumName(s.status)},
          {"grid_mw_max", s.grid_mw_max},
          {"grid_schedule", schedule},
          {"pue", s.pue},
          {"shell_capex_usd_per_mw", s.shell_capex_usd_per_mw},
          {"lead_quarters", s.lead_quarters},
          {"existing_mw", s.existing_mw},
          {"existing_accelerators", existing},
          {"fixed_cost_usd", s.fixed_cost_usd},
          {"min_build_mw", s.min_build_mw},
          {"provenance", ToJson(s.provenance)}};
}

json ToJson(const Financier& f) {
  json commitments = json::array();
  for (const auto& c : f.commitments) {
    commitments.push_back({{"from", c.from.ToString()}, {"to", c.to.ToString()}, {"usd", c.usd}});
  }
  return {{"id", f.id},
          {"name", f.name},
          {"kind", EnumName(f.kind)},
          {"hq", f.hq},
          {"commitments", commitments},
          {"total_committed_usd", f.TotalCommittedUsd()},
          {"eligible_countries", f.eligible_everywhere ? json("all") : json(f.eligible_countries)},
          {"cost_of_capital", f.cost_of_capital},
          {"screening_status", EnumName(f.screening_status)},
          {"provenance", ToJson(f.provenance)}};
}

json ToJson(const Demand& d) {
  return {{"country", d.country},
          {"from", d.from.ToString()},
          {"to", d.to.ToString()},
          {"start_h100e", d.start_h100e},
          {"annual_growth", d.annual_growth},
          {"residency", EnumName(d.residency)},
          {"provenance", ToJson(d.provenance)}};
}

json ToJson(const Supply& s) {
  return {{"accelerator", s.accelerator},
          {"from", s.from.ToString()},
          {"to", s.to.ToString()},
          {"units_per_quarter", s.units_per_quarter},
          {"annual_growth", s.annual_growth},
          {"provenance", ToJson(s.provenance)}};
}

}  // namespace stargate
