// Deciding shipments against what the ledger already holds, and recording
// the decisions. The rules engine is pure, so the usage it needs (cap and
// LPP totals) is read from the ledger's running totals; when recording, the
// totals are read, the batch decided and the entries appended in one
// transaction under the ledger's write lock, so concurrent requests can
// never together exceed a cap. Entries and counter keys are the ones
// `stargate check --ledger URI --record` writes, so the CLI and the server
// can share a ledger.
#ifndef STARGATE_SERVER_CHECK_SERVICE_H_
#define STARGATE_SERVER_CHECK_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/engine.h"
#include "stargate/rules/shipment.h"

namespace stargate::server {

struct CheckOutcome {
  std::vector<rules::Decision> decisions;
  std::optional<ledger::AppendResult> recorded;  // set when recorded
};

// Decides `shipments` (already checked with rules::CheckShipments) with the
// usage `ledger` holds; without a ledger, from nothing used.
absl::StatusOr<CheckOutcome> DecideWithLedger(const rules::Engine& engine,
                                              const std::vector<rules::Shipment>& shipments,
                                              const std::string& regime_choice, bool with_trace,
                                              ledger::Ledger* ledger);

// The same, and appends one shipment_decision entry per shipment (refused
// ones too) with the TPP each consumed as increments, atomically.
// `recorded_by` (the token's name) is kept in each entry.
absl::StatusOr<CheckOutcome> DecideAndRecord(const rules::Engine& engine,
                                             const std::vector<rules::Shipment>& shipments,
                                             const std::string& regime_choice, bool with_trace,
                                             const std::string& recorded_by, ledger::Ledger& ledger);

// What one decision consumed, as ledger increments ("cap:<id>", "lpp:<consignee>:<year>").
ledger::Increments IncrementsOf(const rules::Decision& decision);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_CHECK_SERVICE_H_
