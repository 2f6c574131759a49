#include "stargate/rules/regime_json.h"

namespace stargate::rules {
namespace {

using nlohmann::json;

json Text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

template <typename T>
json VersionedJson(const Versioned<T>& v) {
  json out = json::array();
  for (const auto& e : v.entries) {
    out.push_back({{"from", e.from == Date() ? json(nullptr) : json(e.from.ToString())},
                   {"value", e.value ? json(*e.value) : json(nullptr)}});
  }
  return out;
}

json Eccns(const std::vector<Eccn>& list) {
  json out = json::array();
  for (Eccn e : list) out.push_back(EccnName(e));
  return out;
}

json OptionalDate(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

}  // namespace

json SummaryJson(const Regime& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"effective_from", OptionalDate(r.effective_from)},
          {"effective_to", OptionalDate(r.effective_to)},
          {"compliance_date", OptionalDate(r.compliance_date)},
          {"by_date", r.by_date},
          {"illustrative", r.illustrative},
          {"reference_date", r.reference_date.ToString()},
          {"cite", r.cite},
          {"file", r.file}};
}

json ToJson(const Regime& r) {
  json j = SummaryJson(r);
  j["summary"] = r.summary;
  j["home_country"] = r.home_country;
  j["sources"] = r.sources;
  j["notes"] = r.notes;
  const ClassificationRule& c = r.classification;
  j["classification"] = {{"a_tpp_min", VersionedJson(c.a_tpp_min)},
                         {"a_density_tpp_min", VersionedJson(c.a_density_tpp_min)},
                         {"a_density_min", VersionedJson(c.a_density_min)},
                         {"b_tpp_min", VersionedJson(c.b_tpp_min)},
                         {"b_density_min", VersionedJson(c.b_density_min)},
                         {"b_wide_tpp_min", VersionedJson(c.b_wide_tpp_min)},
                         {"b_wide_density_min", VersionedJson(c.b_wide_density_min)},
                         {"non_datacenter_tpp_min", VersionedJson(c.non_datacenter_tpp_min)},
                         {"cite", c.cite},
                         {"unconfirmed", Text(c.unconfirmed)}};
  json groups = json::array();
  for (const auto& g : r.groups) {
    groups.push_back({{"id", g.id},
                      {"name", g.name},
                      {"description", g.description},
                      {"countries", VersionedJson(g.countries)},
                      {"member_of", g.member_of},
                      {"except_member_of", g.except_member_of},
                      {"default", g.is_default},
                      {"headquarters_rule", g.headquarters_rule},
                      {"cite", g.cite},
                      {"unconfirmed", Text(g.unconfirmed)}});
  }
  j["groups"] = groups;
  json rows = json::array();
  for (const auto& row : r.license_rows) {
    rows.push_back(
        {{"id", row.id},
         {"classifications", Eccns(row.classifications)},
         {"tiers", row.tiers},
         {"destinations", row.destinations},
         {"hq_tiers", row.hq_tiers},
         {"from", OptionalDate(row.from)},
         {"to", OptionalDate(row.to)},
         {"tpp_below", row.tpp_below ? json(*row.tpp_below) : json(nullptr)},
         {"memory_bandwidth_below_gbps",
          row.memory_bandwidth_below_gbps ? json(*row.memory_bandwidth_below_gbps) : json(nullptr)},
         {"outcome", OutcomeName(row.outcome)},
         {"exception", Text(row.exception)},
         {"review_policy",
          row.review_policy ? json(ReviewPolicyName(*row.review_policy)) : json(nullptr)},
         {"try", row.try_first},
         {"accelerators", row.accelerators},
         {"conditions", row.conditions},
         {"description", row.description},
         {"cite", row.cite},
         {"unconfirmed", Text(row.unconfirmed)}});
  }
  j["license_requirements"] = rows;
  if (r.lpp) {
    j["lpp"] = {{"id", r.lpp->id},
                {"tpp_per_consignee_per_year", VersionedJson(r.lpp->tpp_per_consignee_per_year)},
                {"not_for_hq_tiers", r.lpp->not_for_hq_tiers},
                {"cite", r.lpp->cite},
                {"unconfirmed", Text(r.lpp->unconfirmed)}};
  }
  if (r.uveu) {
    j["uveu"] = {{"id", r.uveu->id},
                 {"hq_tiers", r.uveu->hq_tiers},
                 {"destination_tiers", r.uveu->destination_tiers},
                 {"min_tier1_share", r.uveu->min_tier1_share},
                 {"max_single_tier2_share", r.uveu->max_single_tier2_share},
                 {"min_us_share_for_us_hq", r.uveu->min_us_share_for_us_hq},
                 {"cite", r.uveu->cite},
                 {"unconfirmed", Text(r.uveu->unconfirmed)}};
  }
  if (r.nveu) {
    j["nveu"] = {{"id", r.nveu->id},
                 {"destination_tiers", r.nveu->destination_tiers},
                 {"installed_base_limit_tpp", VersionedJson(r.nveu->installed_base_limit_tpp)},
                 {"cite", r.nveu->cite},
                 {"unconfirmed", Text(r.nveu->unconfirmed)}};
  }
  json caps = json::array();
  for (const auto& cap : r.caps) {
    caps.push_back({{"id", cap.id},
                    {"kind", SpellingOf(cap.kind)},
                    {"description", cap.description},
                    {"tiers", cap.tiers},
                    {"countries", cap.countries},
                    {"consignee", Text(cap.consignee)},
                    {"classifications", Eccns(cap.classifications)},
                    {"from", cap.from.ToString()},
                    {"to", cap.to.ToString()},
                    {"period", SpellingOf(cap.period)},
                    {"limit_tpp", cap.share_of.empty() ? json(cap.limit_tpp) : json(nullptr)},
                    {"share_of", Text(cap.share_of)},
                    {"counts_as", Text(cap.counts_as)},
                    {"share", cap.share_of.empty() ? json(nullptr) : json(cap.share)},
                    {"on_exceed", cap.on_exceed == Outcome::kProhibited
                                      ? json("prohibited")
                                      : json(ReviewPolicyName(*cap.on_exceed_review))},
                    {"agreement", Text(cap.agreement)},
                    {"cite", cap.cite},
                    {"unconfirmed", Text(cap.unconfirmed)}});
  }
  j["caps"] = caps;
  json agreements = json::array();
  for (const auto& a : r.agreements) {
    json entities = json::array();
    for (const auto& e : a.entities) {
      entities.push_back({{"name", e.name},
                          {"aliases", e.aliases},
                          {"share", e.share ? json(*e.share) : json(nullptr)},
                          {"limit_tpp", e.limit_tpp ? json(*e.limit_tpp) : json(nullptr)}});
    }
    agreements.push_back(
        {{"id", a.id},
         {"name", a.name},
         {"country", a.country},
         {"from", a.from.ToString()},
         {"to", a.to.ToString()},
         {"annual_quota_tpp", a.annual_quota_tpp ? json(*a.annual_quota_tpp) : json(nullptr)},
         {"entities", entities},
         {"cite", a.cite},
         {"unconfirmed", Text(a.unconfirmed)}});
  }
  j["bilateral_agreements"] = agreements;
  json upgrades = json::array();
  for (const auto& up : r.upgrades) {
    json criteria = json::array();
    // As the regime file writes them: a name, or {name: value}.
    for (Criterion c : up.criteria) {
      if (c == Criterion::kMinFreedomScore) {
        criteria.push_back({{CriterionName(c), up.parameters.min_freedom_score}});
      } else if (c == Criterion::kDataProtectionZone) {
        criteria.push_back({{CriterionName(c), up.parameters.data_protection_zones}});
      } else {
        criteria.push_back(CriterionName(c));
      }
    }
    upgrades.push_back({{"id", up.id},
                        {"name", up.name},
                        {"from_tiers", up.from_tiers},
                        {"criteria", criteria},
                        {"unlocks_tier", Text(up.unlock_tier)},
                        {"unlocks_cap", Text(up.unlock_cap)},
                        {"factor", up.unlock_cap.empty() ? json(nullptr) : json(up.factor)},
                        {"cite", up.cite},
                        {"unconfirmed", Text(up.unconfirmed)}});
  }
  j["tier_upgrades"] = upgrades;
  json timeline = json::array();
  for (const auto& e : r.timeline) {
    timeline.push_back({{"date", e.date.ToString()},
                        {"change", e.change},
                        {"countries", e.countries},
                        {"cite", e.cite},
                        {"source", e.sources},
                        {"unconfirmed", Text(e.unconfirmed)}});
  }
  j["timeline"] = timeline;
  if (r.affiliates_rule) {
    json windows = json::array();
    for (const auto& w : r.affiliates_rule->in_force) {
      windows.push_back({{"from", w.from.ToString()}, {"to", OptionalDate(w.to)}});
    }
    j["affiliates_rule"] = {{"in_force", windows},
                            {"cite", r.affiliates_rule->cite},
                            {"source", r.affiliates_rule->sources},
                            {"unconfirmed", Text(r.affiliates_rule->unconfirmed)}};
  } else {
    j["affiliates_rule"] = nullptr;
  }
  json duties = json::array();
  for (const auto& d : r.duties) {
    duties.push_back({{"id", d.id},
                      {"name", d.name},
                      {"rate", d.rate},
                      {"accelerators", d.accelerators},
                      {"from", d.from.ToString()},
                      {"to", OptionalDate(d.to)},
                      {"exemptions", d.exemptions},
                      {"cite", d.cite},
                      {"source", d.sources},
                      {"unconfirmed", Text(d.unconfirmed)}});
  }
  j["duties"] = duties;
  return j;
}

}  // namespace stargate::rules
