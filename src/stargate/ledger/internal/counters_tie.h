// The running totals are read for decisions from an indexed table, which
// anyone with write access to the database could edit. Each appended entry
// carries, hashed with it, the total it left for every key it incremented, and
// each total's row names that entry; CounterTie checks a row read for a
// decision against that entry (and the entry against its hash and the next
// link), so an edited total refuses the decision instead of granting it. Two
// lookups per entry named, cached: no scan.
#ifndef STARGATE_LEDGER_INTERNAL_COUNTERS_TIE_H_
#define STARGATE_LEDGER_INTERNAL_COUNTERS_TIE_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "stargate/ledger/internal/backend.h"

namespace stargate::ledger {

class CounterTie {
 public:
  // `head`: read in the same transaction or snapshot as the rows.
  CounterTie(LedgerBackend* backend, const Head& head) : backend_(backend), head_(head) {}

  // OK when entry row.seq is intact, linked to the chain, and left `key` at
  // row.total; DataLoss naming the entry otherwise. A row of a ledger
  // migrated from schema 2 that no entry has changed since names an entry
  // without totals: it passes when that entry incremented the key (verify
  // checks it against the sum of every increment).
  absl::Status Check(const std::string& key, const CounterRow& row);
  absl::Status CheckAll(const CounterRows& rows);

 private:
  struct Checked {
    bool intact = false;      // hash and link hold
    bool has_totals = false;  // written at schema 3 or later
    std::string totals;       // canonical {"key": total}
    std::string increments;
  };
  absl::StatusOr<const Checked*> Load(int64_t seq);

  LedgerBackend* backend_;
  Head head_;
  std::map<int64_t, Checked> cache_;
};

// The error a decision gets when its totals disagree with the chain.
absl::Status CountersMismatch(int64_t seq, const std::string& detail);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_COUNTERS_TIE_H_
