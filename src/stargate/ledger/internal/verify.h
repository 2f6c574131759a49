// Verification: recompute the hash chain from the stored bytes and the
// running totals from the entries' increments, and name the first entry that
// was changed, deleted or reordered.
#ifndef STARGATE_LEDGER_INTERNAL_VERIFY_H_
#define STARGATE_LEDGER_INTERNAL_VERIFY_H_

#include <functional>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "stargate/ledger/internal/backend.h"
#include "stargate/ledger/ledger_types.h"

namespace stargate::ledger {

struct VerifyOptions {
  // Threads that check stretches of the chain side by side, each on a
  // connection of its own; 0: one per core.
  int threads = 0;
  // Fewer entries than this per thread are checked by fewer threads.
  int64_t min_entries_per_thread = 250'000;
  // Opens another connection to the same ledger; without it, one thread.
  std::function<absl::StatusOr<std::unique_ptr<LedgerBackend>>()> open_reader;
};

// Runs inside a read snapshot the caller holds (LedgerBackend::BeginRead).
// `anchor`, when given, is a (seq, hash) pair recorded outside the ledger
// earlier; the entry at that seq must still carry that hash, which also
// catches entries cut from the end together with the head.
//
// With several threads, each checks a stretch of the chain exactly as one
// pass would (the stored links let a stretch start anywhere), the links
// between stretches are checked afterwards, and the first problem in ledger
// order is reported: the report is the same as with one thread. Only the
// running totals are added up in another order, so they are compared
// within the rounding that can make.
absl::StatusOr<VerifyReport> VerifyChain(LedgerBackend& backend,
                                         const std::optional<Head>& anchor = std::nullopt,
                                         const VerifyOptions& options = {});

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_VERIFY_H_
