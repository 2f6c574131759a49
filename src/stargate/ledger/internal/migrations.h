// Schema versions and migrations: a ledger records the schema version it was
// written with; this build opens only its own version, and `init` brings an
// older ledger up to it without touching the entries or their hashes.
#ifndef STARGATE_LEDGER_INTERNAL_MIGRATIONS_H_
#define STARGATE_LEDGER_INTERNAL_MIGRATIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "stargate/ledger/internal/backend.h"
#include "stargate/ledger/ledger.h"

namespace stargate::ledger {

// OK for kSchemaVersion; NotFound for 0 (no ledger); FailedPrecondition, with
// what to do, for an older or a newer ledger.
absl::Status CheckSchemaVersion(int version, const std::string& uri_text);

// Creates or migrates in one transaction under the schema-change lock.
absl::StatusOr<InitResult> MigrateToCurrent(LedgerBackend& backend, const std::string& uri_text);

// Sums every entry's increments in sequence order, as appends did; each row
// names the last entry that incremented its key.
absl::StatusOr<CounterRows> SumIncrements(LedgerBackend& backend);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_MIGRATIONS_H_
