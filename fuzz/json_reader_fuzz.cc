// Fuzz target: any bytes given to core's JSON reader and to the shipment
// reader (as JSON and as CSV, the way `check` and POST /api/check read them)
// must give a value or located problems, never a crash, hang or sanitizer
// report. A document that reads must survive a round trip, and shipments
// that read must stay within their bounds and serialize for the ledger.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "stargate/core/json_nlohmann.h"
#include "stargate/core/json_reader.h"
#include "stargate/rules/rules.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void FuzzJson(const std::string& text) {
  stargate::DiagnosticList problems;
  const auto document = stargate::ReadJson(text, "fuzz.json", &problems);
  if (!document) {
    Check(!problems.empty());
    for (const auto& p : problems.items())
      Check(p.location.line >= 1 && p.location.column >= 1 && p.what.size() < 300);
    return;
  }
  Check(problems.empty());
  // What reads writes back as JSON that reads again to the same value.
  const nlohmann::json value = stargate::ToNlohmann(document->root());
  const std::string again = value.dump();
  const auto reread = stargate::ReadJson(again, "again.json", &problems);
  Check(reread.has_value());
  Check(stargate::ToNlohmann(reread->root()) == value);
}

void FuzzShipments(const std::string& text, const char* name) {
  stargate::rules::ShipmentReader reader(text, name);
  stargate::DiagnosticList problems;
  std::vector<stargate::rules::Shipment> shipments;
  if (!reader.Read(&shipments, &problems)) {
    Check(!problems.empty());
    return;
  }
  for (size_t i = 0; i < shipments.size(); ++i) {
    const auto& s = shipments[i];
    Check(s.quantity > 0 && s.quantity <= 1'000'000'000);
    if (s.hypothetical) Check(std::isfinite(s.hypothetical->tpp) && s.hypothetical->tpp <= 1e9);
    double shares = 0;
    for (const auto& owner : s.owners) shares += owner.share;
    Check(shares <= 1 + 1e-9);
    // Recording serializes the shipment: it must not throw (invalid UTF-8 would).
    static_cast<void>(stargate::rules::ToJson(s).dump());
    static_cast<void>(reader.Locate(i, "owners.0.share"));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  FuzzJson(text);
  FuzzShipments(text, "fuzz.json");
  FuzzShipments(text, "fuzz.csv");
  return 0;
}
