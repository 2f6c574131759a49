// Reading and checking at the same time: verification spends about as long
// fetching rows from the database as hashing them, so the backend's scan runs
// on a second thread and hands over rows in recycled chunks.
#ifndef STARGATE_LEDGER_INTERNAL_PIPELINED_SCAN_H_
#define STARGATE_LEDGER_INTERNAL_PIPELINED_SCAN_H_

#include <functional>

#include "absl/status/status.h"
#include "stargate/ledger/internal/backend.h"

namespace stargate::ledger {

// Every entry in seq order. The backend is used only by the reading thread
// while this runs; `visit` runs on the calling thread, in order, and stops
// the scan by returning false.
absl::Status PipelinedScan(LedgerBackend& backend,
                           const std::function<bool(const EntryView&)>& visit);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_PIPELINED_SCAN_H_
