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
//
// The front door of the module: code outside ledger includes this header,
// and tests elsewhere that need a fresh ledger on each backend include
// test_ledgers.h (its own test-only library). It gathers the public surface:
// entries and their documents (`stargate ledger add`), the hash chain, where
// a ledger lives, and the trust layer (signed checkpoints, their signing, the
// Merkle proofs a third party checks). Backends, migrations, verification,
// canonical JSON and the Merkle tree itself live in ledger/internal/.
#ifndef STARGATE_LEDGER_LEDGER_H_
#define STARGATE_LEDGER_LEDGER_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/checkpoint.h"
#include "stargate/ledger/checkpoint_signing.h"
#include "stargate/ledger/entry.h"
#include "stargate/ledger/entry_documents.h"
#include "stargate/ledger/hash_chain.h"
#include "stargate/ledger/ledger_types.h"
#include "stargate/ledger/ledger_uri.h"
#include "stargate/ledger/proofs.h"

namespace stargate::ledger {

class LedgerBackend;
struct CommitQueue;
struct GroupRequest;

// The schema this build reads and writes. 1: entries and head; 2: running
// totals; 3: totals tied to the chain (each entry hashes the totals it left).
inline constexpr int kSchemaVersion = 3;

// Running totals as seen inside AppendWithCheck, under the write lock: as the
// ledger holds them, plus what requests before this one in the same group
// commit added. Each total is checked against the hash chain when it is first
// read; DataLoss ("ledger counters do not match the hash chain at seq N") when
// it disagrees, which fails the request whatever the function returns.
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
// append and is returned as is. Called exactly once, under the lock, maybe on
// another thread that appends for several at once (group commit; the caller
// waits meanwhile): keep it short, use no thread-local state, and do not
// append to the same ledger inside it.
using DecideFunction = std::function<absl::StatusOr<Batch>(const TotalsReader& totals)>;

struct LedgerOptions {
  // recorded_at of appended entries; default: the system clock, UTC, microseconds.
  std::function<std::string()> clock;
  // SQLite: how long a writer waits for another before giving up.
  int busy_timeout_ms = 30000;
  // Appends made at the same time through Ledger objects of this process
  // opened with the same URI share one transaction and one commit (fsync):
  // each request's function runs in turn and sees the totals the requests
  // before it left; each gets its own result, and an error fails only its own.
  bool group_commit = true;
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
  // (run Init): no file, an empty file, a file that is not a ledger;
  // FailedPrecondition when its schema is older (run Init to migrate) or
  // newer (use a newer stargate), InvalidArgument for a bad URI, Unavailable
  // when the database cannot be reached.
  //   kReadOnly: nothing is ever written (SQLite opens the file read-only,
  //     PostgreSQL runs read-only transactions); appends fail.
  //   kReadWrite: nothing is created; a missing ledger is NotFound.
  //   kCreate: a missing ledger is created first (created() says so); an
  //     older one is still refused (migrating is Init's job).
  static absl::StatusOr<std::unique_ptr<Ledger>> Open(std::string_view uri, OpenMode mode,
                                                      LedgerOptions options = {});
  // kReadWrite.
  static absl::StatusOr<std::unique_ptr<Ledger>> Open(std::string_view uri,
                                                      LedgerOptions options = {});
  // Creates the ledger, or migrates an older one to kSchemaVersion keeping
  // every entry; a no-op on a current one.
  static absl::StatusOr<InitResult> Init(std::string_view uri, const LedgerOptions& options = {});

  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Appends every entry and adds its increments, atomically and durably (the
  // entries are on disk when this returns OK). InvalidArgument naming each
  // problem, and nothing written, when any entry is malformed.
  absl::StatusOr<AppendResult> Append(const Batch& batch);
  // Read totals, decide, append: one transaction under the write lock. On a
  // ledger opened read-only, the function decides on a read snapshot and its
  // batch must be empty (FailedPrecondition otherwise; nothing is written).
  absl::StatusOr<AppendResult> AppendWithCheck(const DecideFunction& decide);

  // Running totals of `keys` (0 for keys never incremented); an index lookup
  // each, and each checked against the entry that left it (DataLoss when it
  // does not match: see TotalsReader).
  absl::StatusOr<CounterMap> Totals(const std::vector<std::string>& keys);
  absl::StatusOr<CounterMap> AllTotals();
  // Keys starting with `prefix`, by an index range scan.
  absl::StatusOr<CounterMap> TotalsWithPrefix(const std::string& prefix);
  absl::StatusOr<Head> GetHead();
  absl::Status Scan(const ScanOptions& options,
                    const std::function<bool(const StoredEntry&)>& visit);
  // The chain hash of each entry from `from_seq` on (at most `limit`), without
  // copying the entries: what the Merkle tree is built from (proofs.h).
  absl::Status ScanHashes(int64_t from_seq, int64_t limit,
                          const std::function<void(int64_t seq, const Hash& hash)>& visit);
  // Recomputes the chain and the running totals from the entries; names the
  // first entry that was changed, deleted or reordered. `anchor`: a (seq, hash)
  // recorded elsewhere earlier, which must still hold (catches a cut-off tail
  // even when the head was rewritten too).
  // `threads`: 0 for one per core (large ledgers only), 1 for one.
  absl::StatusOr<VerifyReport> Verify(const std::optional<Head>& anchor = std::nullopt,
                                      int threads = 0, int64_t min_entries_per_thread = 250'000);

  const LedgerUri& uri() const { return uri_; }
  std::string_view backend_name() const;
  // Open(kCreate) made a new ledger.
  bool created() const { return created_; }
  OpenMode mode() const { return mode_; }

 private:
  Ledger(LedgerUri uri, std::unique_ptr<LedgerBackend> backend, LedgerOptions options,
         OpenMode mode);
  absl::StatusOr<AppendResult> DecideReadOnly(const DecideFunction& decide);
  // Runs the request alone, or in the group commit queue.
  absl::StatusOr<AppendResult> Submit(GroupRequest* request);
  // Rows read by `read` in one snapshot with the head, each checked against the chain.
  absl::StatusOr<CounterRows> CheckedRows(const std::function<absl::StatusOr<CounterRows>()>& read);

  LedgerUri uri_;
  std::unique_ptr<LedgerBackend> backend_;
  LedgerOptions options_;
  OpenMode mode_;
  bool created_ = false;
  std::shared_ptr<CommitQueue> queue_;  // null without group commit
};

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_LEDGER_H_
