// Ledger: the tamper-evident, crash-safe record of shipment decisions,
// financing commitments, screening results and tier changes, on SQLite (the
// embedded default) or PostgreSQL (a ledger shared by several servers).
//
// Entries are append-only canonical JSON, chained by SHA-256. Each entry may
// add to running totals ("cap:<id>", "lpp:<consignee>:<year>") kept in an
// indexed table, so what a cap has used is one lookup, not a scan. The rules
// engine is pure: the caller reads the totals, decides, and appends in one
// transaction under the ledger's single-writer lock (AppendWithCheck), so two
// writers can never together exceed a cap.
#ifndef STARGATE_LEDGER_LEDGER_H_
#define STARGATE_LEDGER_LEDGER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/entry.h"
#include "stargate/ledger/hash_chain.h"
#include "stargate/ledger/ledger_types.h"
#include "stargate/ledger/ledger_uri.h"

namespace stargate::ledger {

class LedgerBackend;

// The schema this build reads and writes. 1: entries and head; 2: running totals.
inline constexpr int kSchemaVersion = 2;

// Running totals as seen inside AppendWithCheck, under the write lock.
class TotalsReader {
 public:
  virtual ~TotalsReader() = default;
  // Every key asked for; 0 for a key no entry has incremented.
  virtual absl::StatusOr<CounterMap> Totals(const std::vector<std::string>& keys) const = 0;
  // Every key that starts with `prefix`, e.g. all "cap:" totals.
  virtual absl::StatusOr<CounterMap> TotalsWithPrefix(const std::string& prefix) const = 0;
  // The entry the new ones will follow.
  virtual const Head& head() const = 0;
};

// Returns the entries to append (possibly none), or an error that aborts the
// append and is returned as is. Called exactly once, under the lock: keep it
// short, and do not use the same Ledger inside it.
using DecideFunction = std::function<absl::StatusOr<Batch>(const TotalsReader& totals)>;

struct LedgerOptions {
  // recorded_at of appended entries; default: the system clock, UTC, microseconds.
  std::function<std::string()> clock;
  // SQLite: how long a writer waits for another before giving up.
  int busy_timeout_ms = 30000;
};

struct InitResult {
  enum class Action { kCreated, kMigrated, kCurrent };
  Action action = Action::kCurrent;
  int from_version = 0;  // 0 when created
  int version = kSchemaVersion;
};

// One connection; not safe to share between threads (open one per thread).
class Ledger {
 public:
  // An existing ledger at the current schema. NotFound when there is none
  // (run Init), FailedPrecondition when its schema is older (run Init to
  // migrate) or newer (use a newer stargate), InvalidArgument for a bad URI,
  // Unavailable when the database cannot be reached.
  static absl::StatusOr<std::unique_ptr<Ledger>> Open(std::string_view uri,
                                                      LedgerOptions options = {});
  // Creates the ledger, or migrates an older one to kSchemaVersion keeping
  // every entry; a no-op on a current one.
  static absl::StatusOr<InitResult> Init(std::string_view uri, LedgerOptions options = {});

  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Appends every entry and adds its increments, atomically and durably (the
  // entries are on disk when this returns OK). InvalidArgument naming each
  // problem, and nothing written, when any entry is malformed.
  absl::StatusOr<AppendResult> Append(const Batch& batch);
  // Read totals, decide, append: one transaction under the write lock.
  absl::StatusOr<AppendResult> AppendWithCheck(const DecideFunction& decide);

  // Running totals of `keys` (0 for keys never incremented); an index lookup each.
  absl::StatusOr<CounterMap> Totals(const std::vector<std::string>& keys);
  absl::StatusOr<CounterMap> AllTotals();
  // Keys starting with `prefix`, by an index range scan.
  absl::StatusOr<CounterMap> TotalsWithPrefix(const std::string& prefix);
  absl::StatusOr<Head> GetHead();
  absl::Status Scan(const ScanOptions& options,
                    const std::function<bool(const StoredEntry&)>& visit);
  // Recomputes the chain and the running totals from the entries; names the
  // first entry that was changed, deleted or reordered. `anchor`: a (seq, hash)
  // recorded elsewhere earlier, which must still hold (catches a cut-off tail
  // even when the head was rewritten too).
  // `threads`: 0 for one per core (large ledgers only), 1 for one.
  absl::StatusOr<VerifyReport> Verify(const std::optional<Head>& anchor = std::nullopt, int threads = 0,
                                      int64_t min_entries_per_thread = 250'000);

  const LedgerUri& uri() const { return uri_; }
  std::string_view backend_name() const;

 private:
  Ledger(LedgerUri uri, std::unique_ptr<LedgerBackend> backend, LedgerOptions options);

  LedgerUri uri_;
  std::unique_ptr<LedgerBackend> backend_;
  LedgerOptions options_;
};

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_LEDGER_H_
