#include "stargate/screen/hit_json.h"

namespace stargate::screen {

nlohmann::json ToJson(const Hit& hit) {
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : hit.parts) {
    parts.push_back({{"kind", PartKindName(p.kind)},
                     {"query", p.query},
                     {"listed", p.listed},
                     {"similarity", p.similarity},
                     {"quality", p.quality},
                     {"weight", p.weight}});
  }
  nlohmann::json out = {{"score", hit.score},
                        {"list", hit.list},
                        {"entry_id", hit.entry_id},
                        {"entry_name", hit.entry_name},
                        {"type", EntryTypeName(hit.type)},
                        {"programs", hit.programs},
                        {"matched_name", hit.matched_name},
                        {"name_role", NameRoleName(hit.name_role)},
                        {"source", hit.source},
                        {"explanation",
                         {{"coverage", hit.coverage},
                          {"quality", hit.quality},
                          {"order_factor", hit.order_factor},
                          {"legal_factor", hit.legal_factor},
                          {"script_factor", hit.script_factor},
                          {"initials_factor", hit.initials_factor},
                          {"number_factor", hit.number_factor},
                          {"type_factor", hit.type_factor},
                          {"identifier_factor", hit.identifier_factor},
                          {"country_factor", hit.country_factor},
                          {"matched", hit.matched},
                          {"against", hit.against},
                          {"supporting", hit.supporting},
                          {"parts", parts}}}};
  if (!hit.imo.empty()) out["imo"] = hit.imo;
  if (!hit.birth_years.empty()) out["birth_years"] = hit.birth_years;
  if (!hit.countries.empty()) out["countries"] = hit.countries;
  if (!hit.license_requirement.empty() || !hit.license_policy.empty() ||
      !hit.federal_register_notice.empty()) {
    out["license_requirement"] = hit.license_requirement;
    out["license_policy"] = hit.license_policy;
    out["federal_register_notice"] = hit.federal_register_notice;
  }
  return out;
}

}  // namespace stargate::screen
