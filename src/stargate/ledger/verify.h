// Verification: recompute the hash chain from the stored bytes and the
// running totals from the entries' increments, and name the first entry that
// was changed, deleted or reordered.
#ifndef STARGATE_LEDGER_VERIFY_H_
#define STARGATE_LEDGER_VERIFY_H_

#include <optional>

#include "absl/status/statusor.h"
#include "stargate/ledger/backend.h"
#include "stargate/ledger/ledger_types.h"

namespace stargate::ledger {

// Runs inside a read snapshot the caller holds (LedgerBackend::BeginRead).
// `anchor`, when given, is a (seq, hash) pair recorded outside the ledger
// earlier; the entry at that seq must still carry that hash, which also
// catches entries cut from the end together with the head.
absl::StatusOr<VerifyReport> VerifyChain(LedgerBackend& backend,
                                         const std::optional<Head>& anchor = std::nullopt);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_VERIFY_H_
