#include "stargate/server/views.h"

#include <map>

#include "stargate/model/enums.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/eccn.h"

namespace stargate::server {

using nlohmann::json;

json ScenarioSummaryJson(const Scenario& s) {
  double grid_mw = 0, existing_mw = 0, committed_usd = 0;
  std::map<std::string, int> sites_by_status;
  int partner_countries = 0;
  for (const auto& site : s.sites) {
    if (site.status == SiteStatus::kCancelled) continue;
    grid_mw += site.grid_mw_max;
    existing_mw += site.existing_mw;
    ++sites_by_status[EnumName(site.status)];
  }
  for (const auto& f : s.financiers) committed_usd += f.TotalCommittedUsd();
  for (const auto& c : s.countries) {
    if (c.partner_status != PartnerStatus::kNone) ++partner_countries;
  }
  return {{"ok", true},
          {"scenario",
           {{"id", s.id},
            {"name", s.name},
            {"start", s.start.ToString()},
            {"end", s.end.ToString()},
            {"regime", s.regime},
            {"files", s.files}}},
          {"counts",
           {{"accelerators", s.accelerators.size()},
            {"countries", s.countries.size()},
            {"sites", s.sites.size()},
            {"financiers", s.financiers.size()},
            {"demand", s.demand.size()},
            {"supply", s.supply.size()}}},
          {"summary",
           {{"grid_mw_max", grid_mw},
            {"existing_mw", existing_mw},
            {"committed_usd", committed_usd},
            {"sites_by_status", sites_by_status},
            {"partner_countries", partner_countries}}}};
}

json TierReportJson(const rules::TierReport& t) {
  const auto or_null = [](const std::string& text) { return text.empty() ? json(nullptr) : json(text); };
  json treatments = json::array();
  for (const auto& tr : t.treatments) {
    json lines = json::array();
    for (const auto& l : tr.lines) {
      lines.push_back({{"row", l.row_id},
                       {"condition", or_null(l.condition)},
                       {"outcome", rules::OutcomeName(l.outcome)},
                       {"exception", or_null(l.exception)},
                       {"review_policy",
                        l.review_policy ? json(rules::ReviewPolicyName(*l.review_policy)) : json(nullptr)},
                       {"try", l.try_first},
                       {"cite", l.cite}});
    }
    treatments.push_back({{"classification", rules::EccnName(tr.eccn)}, {"rules", lines}});
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
      criteria.push_back({{"criterion", rules::CriterionName(c.criterion)},
                          {"description", rules::CriterionDescription(c.criterion)},
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
  return {{"country", t.country},
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

json RegimeDiffJson(const rules::RegimeDiff& diff, const std::optional<std::string>& country) {
  json changes = json::array();
  for (const auto& e : diff.entries) {
    changes.push_back({{"topic", e.topic}, {"subject", e.subject}, {"a", e.a}, {"b", e.b}});
  }
  return {{"a", diff.a},
          {"b", diff.b},
          {"date_a", diff.date_a.ToString()},
          {"date_b", diff.date_b.ToString()},
          {"country", country ? json(*country) : json(nullptr)},
          {"changes", changes}};
}

json HeadJson(const ledger::Head& head) { return {{"seq", head.seq}, {"hash", ledger::ToHex(head.hash)}}; }

json VerifyReportJson(const ledger::VerifyReport& report, const std::string& shown_uri, double seconds) {
  json out = {{"ok", report.ok()},
              {"ledger", shown_uri},
              {"entries_checked", report.entries_checked},
              {"counters_checked", report.counters_checked},
              {"head", HeadJson(report.head)},
              {"seconds", seconds}};
  if (!report.ok()) {
    out["tampered"] = true;
    out["problem"] = std::string(ledger::ProblemName(report.problem));
    out["first_bad_seq"] = report.first_bad_seq;
    out["message"] = report.message;
  }
  return out;
}

}  // namespace stargate::server
