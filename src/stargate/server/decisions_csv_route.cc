// GET /api/ledger/decisions.csv: every shipment decision the ledger holds,
// one row each, oldest first, for a spreadsheet (the dashboard's download).
// The entries are the ones GET /api/ledger?kind=shipment_decision lists.
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

using nlohmann::json;

constexpr char kHeader[] =
    "seq,recorded_at,shipment_id,date,accelerator,quantity,destination,consignee,outcome,"
    "regime,tier,exception,tpp_total,recorded_by,reason\n";

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string Field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A member as text: strings as they are, numbers and objects as JSON, absent empty.
std::string Text(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || object[key].is_null()) return "";
  const json& v = object[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

Expected<Reply> DecisionsCsv(const Service& s) {
  if (!s.ledgers()) {
    return ApiError{ErrorCode::kConflict, "this server has no ledger",
                    "a server started with --ledger URI (e.g. --ledger sqlite:stargate.db)",
                    nullptr};
  }
  auto lease = s.ledgers()->Acquire();
  if (!lease.ok()) return FromStatus(lease.status());
  ledger::ScanOptions options;
  options.kind = "shipment_decision";
  std::string csv = kHeader;
  auto status = (*lease)->Scan(options, [&](const ledger::StoredEntry& e) {
    const json body = json::parse(e.body, nullptr, false);
    const json shipment = body.is_object() ? body.value("shipment", json()) : json();
    const json decision = body.is_object() ? body.value("decision", json()) : json();
    const std::string fields[] = {absl::StrCat(e.seq),           e.recorded_at,
                                  Text(shipment, "id"),          Text(shipment, "date"),
                                  Text(shipment, "accelerator"), Text(shipment, "quantity"),
                                  Text(shipment, "destination"), Text(shipment, "consignee"),
                                  Text(decision, "outcome"),     Text(decision, "regime"),
                                  Text(decision, "tier"),        Text(decision, "exception"),
                                  Text(decision, "tpp_total"),   Text(body, "recorded_by"),
                                  Text(decision, "reason")};
    for (size_t i = 0; i < std::size(fields); ++i) {
      if (i) csv += ',';
      csv += Field(fields[i]);
    }
    csv += '\n';
    return true;
  });
  if (!status.ok()) {
    lease->Discard();
    return FromStatus(status);
  }
  Reply reply;
  reply.raw = std::move(csv);
  reply.content_type = "text/csv; charset=utf-8";
  reply.filename = "decisions.csv";
  return reply;
}

}  // namespace

void AddDecisionsCsvRoute(const Service& service, Router* router) {
  const Service* s = &service;
  // A scan of the whole chain: on a worker.
  router->Add("GET", "/api/ledger/decisions.csv", Role::kViewer,
              [s](Call&) { return DecisionsCsv(*s); }, {.offload = Offload::kWorker});
}

}  // namespace stargate::server
