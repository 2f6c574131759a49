#include "stargate/server/internal/views.h"

#include <map>

#include "stargate/model/model.h"
#include "stargate/rules/rules.h"

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

json HeadJson(const ledger::Head& head) {
  return {{"seq", head.seq}, {"hash", ledger::ToHex(head.hash)}};
}

json VerifyReportJson(const ledger::VerifyReport& report, const std::string& shown_uri,
                      double seconds) {
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
