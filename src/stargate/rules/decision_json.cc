#include "stargate/rules/decision_json.h"

namespace stargate::rules {

using nlohmann::json;

json ToJson(const CapState& cap) {
  return {{"id", cap.id},
          {"limit_tpp", cap.limit_tpp},
          {"used_tpp_before", cap.used_tpp_before},
          {"used_tpp_after", cap.used_tpp_after},
          {"remaining_tpp", cap.remaining_tpp()}};
}

json ToJson(const TraceStep& step) {
  json inputs = json::object();
  for (const auto& input : step.inputs) {
    std::visit([&](const auto& v) { inputs[input.name] = v; }, input.value);
  }
  return {{"rule", step.rule}, {"inputs", inputs}, {"result", step.result}, {"cite", step.cite}};
}

json ToJson(const Decision& d) {
  json caps = json::array();
  for (const auto& cap : d.caps) caps.push_back(ToJson(cap));
  json trace = json::array();
  for (const auto& step : d.trace) trace.push_back(ToJson(step));
  json j = {
      {"id", d.id},
      {"regime", d.regime},
      {"classification", EccnName(d.classification)},
      {"tier", d.tier},
      {"outcome", OutcomeName(d.outcome)},
      {"exception", d.exception.empty() ? json(nullptr) : json(d.exception)},
      {"review_policy", d.review_policy ? json(ReviewPolicyName(*d.review_policy)) : json(nullptr)},
      {"tpp_total", d.tpp_total},
      {"caps", caps},
      {"trace", trace}};
  if (!d.input_error.empty()) j["input_error"] = d.input_error;
  if (!d.conditions.empty()) j["conditions"] = d.conditions;
  return j;
}

json ToJson(const CapUsage& usage) {
  json caps = json::object();
  for (const auto& [id, tpp] : usage.cap_used_tpp) caps[id] = tpp;
  json lpp = json::array();
  for (const auto& [key, tpp] : usage.lpp_used_tpp) {
    lpp.push_back({{"consignee", key.first}, {"year", key.second}, {"tpp", tpp}});
  }
  json fleet = json::array();
  for (const auto& [key, tpp] : usage.fleet_tpp) {
    fleet.push_back({{"consignee", key.first}, {"country", key.second}, {"tpp", tpp}});
  }
  return {{"caps", caps}, {"lpp", lpp}, {"fleet", fleet}};
}

json ToJson(const Shipment& s) {
  json j = {{"id", s.id},
            {"date", s.date.ToString()},
            {"quantity", s.quantity},
            {"destination", s.destination},
            {"consignee", s.consignee}};
  if (s.hypothetical) {
    j["accelerator"] = {{"tpp", s.hypothetical->tpp},
                        {"die_area_mm2", s.hypothetical->die_area_mm2}};
    if (s.hypothetical->memory_bandwidth_gbps) {
      j["accelerator"]["memory_bandwidth_gbps"] = *s.hypothetical->memory_bandwidth_gbps;
    }
  } else {
    j["accelerator"] = s.accelerator;
  }
  if (!s.consignee_hq.empty()) j["consignee_hq"] = s.consignee_hq;
  if (!s.end_use.empty()) j["end_use"] = s.end_use;
  if (s.veu != VeuKind::kNone) j["veu"] = SpellingOf(s.veu);
  if (!s.end_user.empty()) j["end_user"] = s.end_user;
  if (!s.owners.empty()) {
    json owners = json::array();
    for (const auto& owner : s.owners)
      owners.push_back({{"name", owner.name}, {"share", owner.share}});
    j["owners"] = std::move(owners);
  }
  return j;
}

}  // namespace stargate::rules
