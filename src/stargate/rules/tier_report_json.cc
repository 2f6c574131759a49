#include "stargate/rules/tier_report_json.h"

#include "stargate/rules/decision.h"
#include "stargate/rules/eccn.h"

namespace stargate::rules {

nlohmann::json ToJson(const TierReport& t) {
  using nlohmann::json;
  const auto or_null = [](const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
  };
  json treatments = json::array();
  for (const auto& tr : t.treatments) {
    json lines = json::array();
    for (const auto& l : tr.lines) {
      lines.push_back({{"row", l.row_id},
                       {"condition", or_null(l.condition)},
                       {"outcome", OutcomeName(l.outcome)},
                       {"exception", or_null(l.exception)},
                       {"review_policy",
                        l.review_policy ? json(ReviewPolicyName(*l.review_policy)) : json(nullptr)},
                       {"try", l.try_first},
                       {"cite", l.cite}});
    }
    treatments.push_back({{"classification", EccnName(tr.eccn)}, {"rules", lines}});
  }
  json caps = json::array();
  for (const auto& c : t.caps) {
    caps.push_back({{"id", c.id},
                    {"description", c.description},
                    {"consignee", or_null(c.consignee)},
                    {"window", c.window},
                    {"limit_tpp", c.limit_tpp},
                    {"used_tpp", c.used_tpp},
                    {"remaining_tpp", c.remaining_tpp()},
                    {"multiplied_by", or_null(c.multiplied_by)},
                    {"cite", c.cite}});
  }
  json upgrades = json::array();
  for (const auto& u : t.upgrades) {
    json criteria = json::array();
    for (const auto& c : u.criteria) {
      criteria.push_back({{"criterion", CriterionName(c.criterion)},
                          {"description", c.description},
                          {"met", c.met},
                          {"evidence", c.evidence}});
    }
    upgrades.push_back({{"id", u.id},
                        {"name", u.name},
                        {"met", u.met},
                        {"criteria", criteria},
                        {"unlocks", u.unlocks},
                        {"cite", u.cite}});
  }
  return {
      {"country", t.country},
      {"name", t.country_name},
      {"date", t.date.ToString()},
      {"regime", t.regime},
      {"tier", t.group},
      {"tier_name", t.group_name},
      {"how", t.how},
      {"cite", t.group_cite},
      {"home", t.home},
      {"headquarters_rule", t.headquarters_rule},
      {"treatments", treatments},
      {"lpp_tpp_per_consignee_per_year",
       t.lpp_tpp_per_consignee_per_year ? json(*t.lpp_tpp_per_consignee_per_year) : json(nullptr)},
      {"caps", caps},
      {"upgrades", upgrades}};
}

}  // namespace stargate::rules
