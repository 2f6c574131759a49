// What a compliance check writes to the ledger, defined once for the CLI and
// the server: a "shipment_decision" entry per shipment (the shipment, its
// decision, the regime choice, who recorded it, and its parties' screening),
// a "screening" entry per distinct party screened, and the counters each
// decision adds: TPP against caps and LPP allowances, and the shipment's id
// (so that a shipment is recorded once).
#ifndef STARGATE_COMPLIANCE_INTERNAL_LEDGER_ENTRIES_H_
#define STARGATE_COMPLIANCE_INTERNAL_LEDGER_ENTRIES_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "stargate/compliance/party_screening.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/rules.h"

namespace stargate::compliance {

// "shipment:<first 32 hex digits of SHA-256 of the id>": its total is the
// seq of the entry that recorded the shipment (0: never recorded). Hashed so
// that any id, whatever its characters or length, makes a valid key.
std::string ShipmentIdCounterKey(std::string_view shipment_id);

// What one decision consumed, as ledger increments (caps and LPP allowances).
ledger::Increments ConsumedBy(const rules::Decision& decision);

// The screening of one party as JSON (name, canonical form, role, status,
// hits with their list entries).
nlohmann::json PartyJson(const ScreenedParty& party, bool with_parts = false);

// A batch's screening as JSON: thresholds, lists, every party with its hits
// (and the explanation of each hit), and each shipment's parties.
nlohmann::json ScreeningJson(const BatchScreening& screening);

// A "screening" entry's body for one party.
nlohmann::json ScreeningEntryBody(const ScreenedParty& party, const BatchScreening& screening);

// A "shipment_decision" entry for shipment `index` of a batch, recorded as
// entry `seq`.
ledger::NewEntry DecisionEntry(const rules::Shipment& shipment, const rules::Decision& decision,
                               const std::string& regime_choice, const std::string& recorded_by,
                               const BatchScreening& screening, size_t index, int64_t seq);

}  // namespace stargate::compliance

#endif  // STARGATE_COMPLIANCE_INTERNAL_LEDGER_ENTRIES_H_
