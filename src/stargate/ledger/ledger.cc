#include "stargate/ledger/ledger.h"

#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "stargate/ledger/backend.h"
#include "stargate/ledger/canonical_json.h"
#include "stargate/ledger/migrations.h"
#include "stargate/ledger/verify.h"

namespace stargate::ledger {
namespace {

std::string UtcNow() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
}

// An entry checked and in the form it is stored and hashed in.
struct PreparedEntry {
  std::string_view kind;
  std::string body;
  std::string increments_text;
  const Increments* increments = nullptr;
};

absl::Status PrepareBatch(const Batch& batch, std::vector<PreparedEntry>* out) {
  std::vector<std::string> problems;
  out->clear();
  out->reserve(batch.entries.size());
  for (size_t i = 0; i < batch.entries.size(); ++i) {
    const NewEntry& entry = batch.entries[i];
    PreparedEntry prepared;
    for (const auto& problem : CheckEntry(entry, &prepared.body)) {
      problems.push_back(absl::StrCat("entry ", i, " ", problem.ToString()));
    }
    prepared.kind = KindName(entry.kind);
    prepared.increments = &entry.increments;
    prepared.increments_text = CanonicalIncrements(entry.increments);
    out->push_back(std::move(prepared));
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("malformed entry, nothing was written: ",
                                                 absl::StrJoin(problems, "\n")));
}

CounterMap WithZeros(CounterMap found, const std::vector<std::string>& keys) {
  for (const auto& key : keys) found.try_emplace(key, 0.0);
  return found;
}

class BackendTotalsReader : public TotalsReader {
 public:
  BackendTotalsReader(LedgerBackend* backend, Head head) : backend_(backend), head_(head) {}
  absl::StatusOr<CounterMap> Totals(const std::vector<std::string>& keys) const override {
    auto found = backend_->ReadCounters(keys);
    if (!found.ok()) return found.status();
    return WithZeros(*std::move(found), keys);
  }
  absl::StatusOr<CounterMap> TotalsWithPrefix(const std::string& prefix) const override {
    return backend_->ReadCountersWithPrefix(prefix);
  }
  const Head& head() const override { return head_; }

 private:
  LedgerBackend* backend_;
  Head head_;
};

// Inside a write transaction: chains the entries after `head`, adds their
// increments to the running totals in entry order (verification adds them in
// the same order, so the totals match to the last bit), and commits.
absl::StatusOr<AppendResult> AppendPrepared(LedgerBackend* backend, TransactionGuard* guard,
                                            std::vector<PreparedEntry>* prepared, const Head& head,
                                            const std::string& recorded_at) {
  AppendResult result;
  result.head = head;
  if (prepared->empty()) return result;
  std::set<std::string> key_set;
  for (const auto& entry : *prepared) {
    for (const auto& [key, amount] : *entry.increments) key_set.insert(key);
  }
  const std::vector<std::string> keys(key_set.begin(), key_set.end());
  CounterMap totals;
  if (!keys.empty()) {
    auto found = backend->ReadCounters(keys);
    if (!found.ok()) return found.status();
    totals = WithZeros(*std::move(found), keys);
  }
  std::vector<StoredEntry> rows(prepared->size());
  std::string envelope;
  Head next = head;
  for (size_t i = 0; i < prepared->size(); ++i) {
    PreparedEntry& entry = (*prepared)[i];
    StoredEntry& row = rows[i];
    row.seq = next.seq + 1;
    row.kind = std::string(entry.kind);
    row.recorded_at = recorded_at;
    row.increments = std::move(entry.increments_text);
    row.body = std::move(entry.body);
    row.prev_hash = next.hash;
    envelope.clear();
    AppendEnvelope(row, &envelope);
    row.hash = ChainHash(row.prev_hash, envelope);
    next = {row.seq, row.hash};
    for (const auto& [key, amount] : *entry.increments) totals[key] += amount;
  }
  for (const auto& [key, total] : totals) {
    if (!std::isfinite(total)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "running total '", key, "' would overflow, nothing was written; expected increments "
          "whose sum is a finite number"));
    }
  }
  if (auto s = backend->InsertEntries(rows); !s.ok()) return s;
  if (!totals.empty()) {
    if (auto s = backend->WriteCounters(totals); !s.ok()) return s;
  }
  if (auto s = backend->WriteHead(next); !s.ok()) return s;
  if (auto s = guard->Commit(); !s.ok()) return s;
  result.first_seq = head.seq + 1;
  result.last_seq = next.seq;
  result.head = next;
  return result;
}

absl::StatusOr<std::unique_ptr<LedgerBackend>> OpenBackend(const LedgerUri& uri, bool create,
                                                           const LedgerOptions& options) {
  if (uri.scheme == LedgerUri::Scheme::kSqlite) {
    return OpenSqliteBackend(uri, create, options.busy_timeout_ms);
  }
  return OpenPostgresBackend(uri);
}

}  // namespace

Ledger::Ledger(LedgerUri uri, std::unique_ptr<LedgerBackend> backend, LedgerOptions options)
    : uri_(std::move(uri)), backend_(std::move(backend)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = UtcNow;
}

Ledger::~Ledger() = default;

std::string_view Ledger::backend_name() const { return backend_->name(); }

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(std::string_view uri_text,
                                                     LedgerOptions options) {
  auto uri = ParseLedgerUri(uri_text);
  if (!uri.ok()) return uri.status();
  auto backend = OpenBackend(*uri, /*create=*/false, options);
  if (!backend.ok()) return backend.status();
  auto version = (*backend)->ReadSchemaVersion();
  if (!version.ok()) return version.status();
  if (auto s = CheckSchemaVersion(*version, uri->ToString()); !s.ok()) return s;
  return std::unique_ptr<Ledger>(
      new Ledger(*std::move(uri), *std::move(backend), std::move(options)));
}

absl::StatusOr<InitResult> Ledger::Init(std::string_view uri_text, LedgerOptions options) {
  auto uri = ParseLedgerUri(uri_text);
  if (!uri.ok()) return uri.status();
  auto backend = OpenBackend(*uri, /*create=*/true, options);
  if (!backend.ok()) return backend.status();
  return MigrateToCurrent(**backend, uri->ToString());
}

absl::StatusOr<AppendResult> Ledger::Append(const Batch& batch) {
  std::vector<PreparedEntry> prepared;
  if (auto s = PrepareBatch(batch, &prepared); !s.ok()) return s;
  if (auto s = backend_->BeginWrite(false); !s.ok()) return s;
  TransactionGuard guard(backend_.get());
  auto head = backend_->ReadHead();
  if (!head.ok()) return head.status();
  return AppendPrepared(backend_.get(), &guard, &prepared, *head, options_.clock());
}

absl::StatusOr<AppendResult> Ledger::AppendWithCheck(const DecideFunction& decide) {
  if (auto s = backend_->BeginWrite(false); !s.ok()) return s;
  TransactionGuard guard(backend_.get());
  auto head = backend_->ReadHead();
  if (!head.ok()) return head.status();
  BackendTotalsReader reader(backend_.get(), *head);
  absl::StatusOr<Batch> batch = decide(reader);
  if (!batch.ok()) return batch.status();
  std::vector<PreparedEntry> prepared;
  if (auto s = PrepareBatch(*batch, &prepared); !s.ok()) return s;
  return AppendPrepared(backend_.get(), &guard, &prepared, *head, options_.clock());
}

absl::StatusOr<CounterMap> Ledger::Totals(const std::vector<std::string>& keys) {
  auto found = backend_->ReadCounters(keys);
  if (!found.ok()) return found.status();
  return WithZeros(*std::move(found), keys);
}

absl::StatusOr<CounterMap> Ledger::AllTotals() { return backend_->ReadAllCounters(); }

absl::StatusOr<CounterMap> Ledger::TotalsWithPrefix(const std::string& prefix) {
  return backend_->ReadCountersWithPrefix(prefix);
}

absl::StatusOr<Head> Ledger::GetHead() { return backend_->ReadHead(); }

absl::Status Ledger::Scan(const ScanOptions& options,
                          const std::function<bool(const StoredEntry&)>& visit) {
  StoredEntry entry;
  return backend_->ScanEntries(options, [&](const EntryView& view) {
    CopyInto(view, &entry);
    return visit(entry);
  });
}

absl::StatusOr<VerifyReport> Ledger::Verify(const std::optional<Head>& anchor, int threads,
                                            int64_t min_entries_per_thread) {
  VerifyOptions options;
  options.threads = threads;
  options.min_entries_per_thread = min_entries_per_thread;
  options.open_reader = [this] { return OpenBackend(uri_, /*create=*/false, options_); };
  if (auto s = backend_->BeginRead(); !s.ok()) return s;
  auto report = VerifyChain(*backend_, anchor, options);
  backend_->EndRead();
  return report;
}

}  // namespace stargate::ledger
