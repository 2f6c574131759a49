#include "stargate/compliance/internal/ledger_entries.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "stargate/core/clock.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/rules.h"
#include "stargate/screen/hit_json.h"

namespace stargate::compliance {
namespace {

// Scores are floats; a record shows them to four places, not as 0.699999988.
double Rounded(float value) { return std::round(double{value} * 1e4) / 1e4; }

// A hit as screen::ToJson writes it (one JSON form of a hit everywhere), its
// score to four places, and its explanation only when asked for.
nlohmann::json HitJson(const screen::Hit& hit, bool with_parts) {
  nlohmann::json out = screen::ToJson(hit);
  out["score"] = Rounded(hit.score);
  if (!with_parts) out.erase("explanation");
  return out;
}

}  // namespace

std::string ShipmentIdCounterKey(std::string_view shipment_id) {
  return absl::StrCat("shipment:", ledger::ToHex(ledger::Sha256(shipment_id)).substr(0, 32));
}

ledger::Increments ConsumedBy(const rules::Decision& decision) {
  ledger::Increments increments;
  for (const auto& cap : decision.caps) {
    const double used = cap.used_tpp_after - cap.used_tpp_before;
    if (!(used > 0)) continue;
    const std::string key = cap.lpp_year ? ledger::LppCounterKey(cap.lpp_consignee, cap.lpp_year)
                                         : ledger::CapCounterKey(cap.id);
    increments[key] += used;
  }
  return increments;
}

nlohmann::json PartyJson(const ScreenedParty& party, bool with_parts) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& hit : party.hits) hits.push_back(HitJson(hit, with_parts));
  return {{"name", party.name},
          {"canonical", party.canonical},
          {"role", PartyRoleName(party.role)},
          {"status", PartyStatusName(party.status)},
          {"hits", hits}};
}

nlohmann::json ScreeningJson(const BatchScreening& screening) {
  if (!screening.enabled) return {{"enabled", false}};
  nlohmann::json parties = nlohmann::json::array();
  for (const auto& party : screening.parties) parties.push_back(PartyJson(party, true));
  nlohmann::json of_shipment = nlohmann::json::array();
  for (const auto& refs : screening.of_shipment) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& ref : refs) list.push_back({{"field", ref.field}, {"party", ref.party}});
    of_shipment.push_back(list);
  }
  // How old the lists were when the check ran: a clear result against a
  // year-old list is not a clear result today.
  return {{"enabled", true},
          {"lists", ListDatesJson(screening.list_dates, TodayUtc())},
          {"stale_after_days", kStaleAfterDays},
          {"threshold", Rounded(screening.match_threshold)},
          {"review_threshold", Rounded(screening.review_threshold)},
          {"list_content_key", screening.list_content_key},
          {"list_entries", screening.list_entries},
          {"parties", parties},
          {"shipment_parties", of_shipment}};
}

nlohmann::json ScreeningEntryBody(const ScreenedParty& party, const BatchScreening& screening) {
  nlohmann::json body = PartyJson(party);
  body["result"] = party.status == PartyStatus::kClear ? "clear" : "hit";
  body["threshold"] = Rounded(screening.match_threshold);
  body["review_threshold"] = Rounded(screening.review_threshold);
  body["list_content_key"] = screening.list_content_key;
  body["list_entries"] = screening.list_entries;
  return body;
}

ledger::NewEntry DecisionEntry(const rules::Shipment& shipment, const rules::Decision& decision,
                               const std::string& regime_choice, const std::string& recorded_by,
                               const BatchScreening& screening, size_t index, int64_t seq) {
  ledger::NewEntry entry;
  entry.kind = ledger::EntryKind::kShipmentDecision;
  entry.body = {{"shipment", rules::ToJson(shipment)},
                {"decision", rules::ToJson(decision)},
                {"regime_choice", regime_choice}};
  if (!recorded_by.empty()) entry.body["recorded_by"] = recorded_by;
  if (screening.enabled) {
    nlohmann::json parties = nlohmann::json::array();
    for (const PartyRef& ref : screening.of_shipment[index]) {
      const ScreenedParty& party = screening.parties[ref.party];
      parties.push_back({{"field", ref.field},
                         {"name", party.name},
                         {"canonical", party.canonical},
                         {"status", PartyStatusName(party.status)}});
    }
    entry.body["screening"] = {{"list_content_key", screening.list_content_key},
                               {"parties", parties}};
  } else {
    entry.body["screening"] = "off";
  }
  entry.increments = ConsumedBy(decision);
  entry.increments[ShipmentIdCounterKey(shipment.id)] = static_cast<double>(seq);
  return entry;
}

}  // namespace stargate::compliance
