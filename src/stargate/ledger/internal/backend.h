// The storage a ledger runs on. The hash chain, the running totals, the
// schema migrations and verification are written once (ledger.cc, verify.cc,
// migrations.cc); a backend only stores rows and provides the single-writer
// lock that makes "read totals, decide, append" one atomic step.
#ifndef STARGATE_LEDGER_INTERNAL_BACKEND_H_
#define STARGATE_LEDGER_INTERNAL_BACKEND_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/entry.h"
#include "stargate/ledger/ledger_types.h"
#include "stargate/ledger/ledger_uri.h"

namespace stargate::ledger {

class LedgerBackend {
 public:
  virtual ~LedgerBackend() = default;
  virtual std::string_view name() const = 0;  // "sqlite" | "postgresql"

  // 0 when the database holds no ledger yet.
  virtual absl::StatusOr<int> ReadSchemaVersion() = 0;
  // The DDL that takes the schema from `version - 1` to `version`; runs inside
  // a schema-change transaction.
  virtual absl::Status ApplySchemaStep(int version) = 0;
  virtual absl::Status WriteSchemaVersion(int version) = 0;
  // Schema 3, after the totals were rebuilt: triggers that refuse deleting a
  // total or moving it to an older entry.
  virtual absl::Status ApplyCounterGuards() = 0;
  // Deletes every running total (schema 3 rebuilds them, before the guards).
  virtual absl::Status ClearCounters() = 0;

  // A write transaction holding the ledger's single-writer lock until Commit
  // or Rollback. `schema_change` is for init and migrations, when the tables
  // the normal lock lives in may not exist yet.
  virtual absl::Status BeginWrite(bool schema_change) = 0;
  virtual absl::Status Commit() = 0;
  virtual void Rollback() = 0;  // no-op without a transaction
  // A read-only snapshot, so that several reads agree with each other.
  virtual absl::Status BeginRead() = 0;
  virtual void EndRead() = 0;

  virtual absl::StatusOr<Head> ReadHead() = 0;
  // Rows of the keys present; absent keys are left out.
  virtual absl::StatusOr<CounterRows> ReadCounters(const std::vector<std::string>& keys) = 0;
  virtual absl::StatusOr<CounterRows> ReadAllCounters() = 0;
  // Keys starting with `prefix` (byte order), by an index range scan.
  virtual absl::StatusOr<CounterRows> ReadCountersWithPrefix(const std::string& prefix) = 0;
  virtual absl::Status InsertEntries(const std::vector<StoredEntry>& entries) = 0;
  // Sets (inserts or replaces) each key's row.
  virtual absl::Status WriteCounters(const CounterRows& rows) = 0;
  virtual absl::Status WriteHead(const Head& head) = 0;
  // Entries in seq order; stops early when `visit` returns false. The view
  // is valid only during its call (ToStored keeps a copy).
  virtual absl::Status ScanEntries(const ScanOptions& options,
                                   const std::function<bool(const EntryView&)>& visit) = 0;
};

// Rolls a write transaction back unless committed, so that every early
// return leaves no trace.
class TransactionGuard {
 public:
  explicit TransactionGuard(LedgerBackend* backend) : backend_(backend) {}
  ~TransactionGuard() {
    if (!done_) backend_->Rollback();
  }
  TransactionGuard(const TransactionGuard&) = delete;
  TransactionGuard& operator=(const TransactionGuard&) = delete;
  absl::Status Commit() {
    done_ = true;
    return backend_->Commit();
  }

 private:
  LedgerBackend* backend_;
  bool done_ = false;
};

// kCreate: make the file when it does not exist, or is empty (init);
// otherwise a missing or empty file is NotFound, and nothing is written to it.
// kReadOnly opens the file read-only (SQLITE_OPEN_READONLY) and sets no
// pragma that writes.
absl::StatusOr<std::unique_ptr<LedgerBackend>> OpenSqliteBackend(const LedgerUri& uri,
                                                                 OpenMode mode,
                                                                 int busy_timeout_ms);
// kReadOnly: every transaction of the session is read-only.
absl::StatusOr<std::unique_ptr<LedgerBackend>> OpenPostgresBackend(const LedgerUri& uri,
                                                                   OpenMode mode);

// Totals of the rows, for callers that need no sequence numbers.
CounterMap TotalsOf(const CounterRows& rows);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_BACKEND_H_
