#include "stargate/ledger/ledger.h"

#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/internal/backend.h"
#include "stargate/ledger/internal/canonical_json.h"
#include "stargate/ledger/internal/counters_tie.h"
#include "stargate/ledger/internal/migrations.h"
#include "stargate/ledger/internal/verify.h"

namespace stargate::ledger {

// One request of a group: its function, and where its result goes.
struct GroupRequest {
  const DecideFunction* decide = nullptr;
  const Batch* batch = nullptr;  // Append: the entries as given, no function (and no copy)
  absl::StatusOr<AppendResult> result = absl::UnknownError("not run");
  bool done = false;
};

// Requests waiting to be appended to one ledger by this process, so that
// concurrent writers share a transaction and its fsync (group commit). The
// first waiting caller leads: it runs the functions of every request then
// waiting, in arrival order, on its own connection.
struct CommitQueue {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<GroupRequest*> pending;
  bool leading = false;
};

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
  return absl::InvalidArgumentError(
      absl::StrCat("malformed entry, nothing was written: ", absl::StrJoin(problems, "\n")));
}

CounterMap WithZeros(CounterMap found, const std::vector<std::string>& keys) {
  for (const auto& key : keys) found.try_emplace(key, 0.0);
  return found;
}

// One write transaction serving one request or a group of them (group
// commit): the running totals as the requests so far have left them, read
// from the table once per key and checked against the chain when first read.
class GroupState {
 public:
  GroupState(LedgerBackend* backend, const Head& head)
      : backend_(backend), tie_(backend, head), head_(head) {}

  // The rows of `keys` (absent keys left out), as left by the group so far.
  absl::StatusOr<CounterRows> Rows(const std::vector<std::string>& keys) {
    std::vector<std::string> missing;
    for (const auto& key : keys) {
      if (!known_.count(key) && !absent_.count(key)) missing.push_back(key);
    }
    if (!missing.empty()) {
      auto found = backend_->ReadCounters(missing);
      if (!found.ok()) return found.status();
      if (auto s = tie_.CheckAll(*found); !s.ok()) return s;
      for (const auto& key : missing) {
        auto it = found->find(key);
        if (it == found->end()) {
          absent_.insert(key);
        } else {
          known_.emplace(key, it->second);
        }
      }
    }
    CounterRows rows;
    for (const auto& key : keys) {
      if (auto it = known_.find(key); it != known_.end()) rows.emplace(key, it->second);
    }
    return rows;
  }

  absl::StatusOr<CounterRows> RowsWithPrefix(const std::string& prefix) {
    auto found = backend_->ReadCountersWithPrefix(prefix);
    if (!found.ok()) return found.status();
    std::vector<std::string> keys;
    for (const auto& [key, row] : *found) {
      if (known_.count(key)) continue;
      if (auto s = tie_.Check(key, row); !s.ok()) return s;
      known_.emplace(key, row);
      absent_.erase(key);
    }
    CounterRows rows;
    const std::string end = PrefixEnd(prefix);
    for (auto it = known_.lower_bound(prefix);
         it != known_.end() && (end.empty() || it->first < end); ++it) {
      rows.insert(*it);
    }
    return rows;
  }

  // Chains a request's entries after the group's head and adds their
  // increments; on a problem nothing of the request is kept.
  absl::StatusOr<AppendResult> Add(std::vector<PreparedEntry>* prepared,
                                   const std::string& recorded_at) {
    AppendResult result;
    result.head = head_;
    if (prepared->empty()) return result;
    std::vector<std::string> keys;
    for (const auto& entry : *prepared) {
      for (const auto& [key, amount] : *entry.increments) keys.push_back(key);
    }
    auto rows = Rows(keys);
    if (!rows.ok()) return rows.status();
    CounterRows changed;
    const size_t first_row = rows_.size();
    Head next = head_;
    std::string envelope;
    for (auto& entry : *prepared) {
      StoredEntry row;
      row.seq = next.seq + 1;
      row.kind = std::string(entry.kind);
      row.recorded_at = recorded_at;
      row.increments = std::move(entry.increments_text);
      row.body = std::move(entry.body);
      row.prev_hash = next.hash;
      Increments left;
      for (const auto& [key, amount] : *entry.increments) {
        auto it = changed.find(key);
        if (it == changed.end()) {
          auto known = rows->find(key);
          it = changed.emplace(key, known == rows->end() ? CounterRow{} : known->second).first;
        }
        it->second.total += amount;
        it->second.seq = row.seq;
        if (!std::isfinite(it->second.total)) {
          rows_.resize(first_row);
          return Problem(
              absl::StatusCode::kInvalidArgument,
              absl::StrCat("running total '", key, "' would overflow, nothing was written"),
              "increments whose sum is a finite number");
        }
        left[key] = it->second.total;
      }
      if (!left.empty()) row.totals = CanonicalIncrements(left);
      envelope.clear();
      AppendEnvelope(row, &envelope);
      row.hash = ChainHash(row.prev_hash, envelope);
      next = {row.seq, row.hash};
      rows_.push_back(std::move(row));
    }
    for (auto& [key, row] : changed) {
      known_[key] = row;
      absent_.erase(key);
      dirty_[key] = row;
    }
    result.first_seq = head_.seq + 1;
    result.last_seq = next.seq;
    result.head = next;
    head_ = next;
    return result;
  }

  const Head& head() const { return head_; }
  bool empty() const { return rows_.empty(); }

  absl::Status Write() {
    if (rows_.empty()) return absl::OkStatus();
    if (auto s = backend_->InsertEntries(rows_); !s.ok()) return s;
    if (!dirty_.empty()) {
      if (auto s = backend_->WriteCounters(dirty_); !s.ok()) return s;
    }
    return backend_->WriteHead(head_);
  }

 private:
  LedgerBackend* backend_;
  CounterTie tie_;
  Head head_;
  CounterRows known_;
  std::set<std::string> absent_;
  CounterRows dirty_;
  std::vector<StoredEntry> rows_;
};

// What a request's decide function sees: the totals as the requests before
// it in the group left them, and the head its entries will follow.
class GroupTotalsReader : public TotalsReader {
 public:
  explicit GroupTotalsReader(GroupState* state) : state_(state), head_(state->head()) {}
  absl::StatusOr<CounterMap> Totals(const std::vector<std::string>& keys) const override {
    auto rows = state_->Rows(keys);
    if (!rows.ok()) return Remember(rows.status());
    return WithZeros(TotalsOf(*rows), keys);
  }
  absl::StatusOr<CounterMap> TotalsWithPrefix(const std::string& prefix) const override {
    auto rows = state_->RowsWithPrefix(prefix);
    if (!rows.ok()) return Remember(rows.status());
    return TotalsOf(*rows);
  }
  const Head& head() const override { return head_; }
  // A failed read fails the request even if its function carried on.
  const absl::Status& error() const { return error_; }

 private:
  absl::Status Remember(absl::Status status) const {
    if (error_.ok()) error_ = status;
    return status;
  }
  GroupState* state_;
  Head head_;
  mutable absl::Status error_;
};

// Runs every request's function in turn in one transaction, and commits
// once. A request whose function or entries fail gets its own error; the
// others go on. A failure to write or commit fails them all.
void RunGroup(LedgerBackend* backend, const std::string& recorded_at,
              const std::vector<GroupRequest*>& group) {
  const auto fail_all = [&](const absl::Status& status) {
    for (GroupRequest* r : group) r->result = status;
  };
  if (auto s = backend->BeginWrite(false); !s.ok()) return fail_all(s);
  TransactionGuard guard(backend);
  auto head = backend->ReadHead();
  if (!head.ok()) return fail_all(head.status());
  GroupState state(backend, *head);
  for (GroupRequest* r : group) {
    GroupTotalsReader reader(&state);
    absl::StatusOr<Batch> decided = absl::UnknownError("not decided");
    try {
      if (r->decide != nullptr) decided = (*r->decide)(reader);
    } catch (const std::exception& e) {
      // Another caller's function runs on this thread: its exception must
      // not escape into the queue (the group would never be released).
      decided = absl::InternalError(absl::StrCat("the decide function threw: ", e.what()));
    } catch (...) {
      decided = absl::InternalError("the decide function threw");
    }
    if (r->decide != nullptr && !decided.ok()) {
      r->result = decided.status();
      continue;
    }
    if (!reader.error().ok()) {
      r->result = reader.error();
      continue;
    }
    const Batch& batch = r->decide != nullptr ? *decided : *r->batch;
    std::vector<PreparedEntry> prepared;
    if (auto s = PrepareBatch(batch, &prepared); !s.ok()) {
      r->result = s;
      continue;
    }
    r->result = state.Add(&prepared, recorded_at);
  }
  absl::Status written = state.Write();
  if (written.ok()) written = guard.Commit();
  if (!written.ok()) {
    for (GroupRequest* r : group) {
      if (r->result.ok()) r->result = written;
    }
  }
}

// Enough to amortise one fsync over many appends, few enough that a group's
// transaction stays short.
constexpr size_t kMaxGroup = 256;

std::shared_ptr<CommitQueue> QueueFor(const std::string& uri) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<CommitQueue>> queues;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = queues[uri];
  auto queue = slot.lock();
  if (!queue) {
    queue = std::make_shared<CommitQueue>();
    slot = queue;
  }
  return queue;
}

absl::StatusOr<std::unique_ptr<LedgerBackend>> OpenBackend(const LedgerUri& uri, OpenMode mode,
                                                           const LedgerOptions& options) {
  if (uri.scheme == LedgerUri::Scheme::kSqlite) {
    return OpenSqliteBackend(uri, mode, options.busy_timeout_ms);
  }
  return OpenPostgresBackend(uri, mode);
}

}  // namespace

CounterMap TotalsOf(const CounterRows& rows) {
  CounterMap totals;
  for (const auto& [key, row] : rows) totals.emplace_hint(totals.end(), key, row.total);
  return totals;
}

Ledger::Ledger(LedgerUri uri, std::unique_ptr<LedgerBackend> backend, LedgerOptions options,
               OpenMode mode)
    : uri_(std::move(uri)),
      backend_(std::move(backend)),
      options_(std::move(options)),
      mode_(mode) {
  if (!options_.clock) options_.clock = UtcNow;
  if (options_.group_commit && mode_ != OpenMode::kReadOnly) queue_ = QueueFor(uri_.ToString());
}

Ledger::~Ledger() = default;

std::string_view Ledger::backend_name() const { return backend_->name(); }

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(std::string_view uri_text,
                                                     LedgerOptions options) {
  return Open(uri_text, OpenMode::kReadWrite, std::move(options));
}

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(std::string_view uri_text, OpenMode mode,
                                                     LedgerOptions options) {
  auto uri = ParseLedgerUri(uri_text);
  if (!uri.ok()) return uri.status();
  bool created = false;
  if (mode == OpenMode::kCreate) {
    // Only a ledger that is not there yet is made; an older one is not
    // migrated behind the caller's back (that is `init`'s job).
    auto backend = OpenBackend(*uri, OpenMode::kCreate, options);
    if (!backend.ok()) return backend.status();
    auto version = (*backend)->ReadSchemaVersion();
    if (!version.ok()) return version.status();
    if (*version == 0) {
      auto init = MigrateToCurrent(**backend, uri->ToString());
      if (!init.ok()) return init.status();
      created = init->action == InitResult::Action::kCreated;
    }
  }
  auto backend =
      OpenBackend(*uri, mode == OpenMode::kCreate ? OpenMode::kReadWrite : mode, options);
  if (!backend.ok()) return backend.status();
  auto version = (*backend)->ReadSchemaVersion();
  if (!version.ok()) return version.status();
  if (auto s = CheckSchemaVersion(*version, uri->ToString()); !s.ok()) return s;
  auto ledger =
      std::unique_ptr<Ledger>(new Ledger(*std::move(uri), *std::move(backend), std::move(options),
                                         mode == OpenMode::kCreate ? OpenMode::kReadWrite : mode));
  ledger->created_ = created;
  return ledger;
}

absl::StatusOr<InitResult> Ledger::Init(std::string_view uri_text, const LedgerOptions& options) {
  auto uri = ParseLedgerUri(uri_text);
  if (!uri.ok()) return uri.status();
  auto backend = OpenBackend(*uri, OpenMode::kCreate, options);
  if (!backend.ok()) return backend.status();
  return MigrateToCurrent(**backend, uri->ToString());
}

absl::StatusOr<AppendResult> Ledger::Append(const Batch& batch) {
  if (mode_ == OpenMode::kReadOnly) {
    return AppendWithCheck([&](const TotalsReader&) -> absl::StatusOr<Batch> { return batch; });
  }
  GroupRequest request;
  request.batch = &batch;
  return Submit(&request);
}

absl::StatusOr<AppendResult> Ledger::AppendWithCheck(const DecideFunction& decide) {
  if (mode_ == OpenMode::kReadOnly) return DecideReadOnly(decide);
  GroupRequest request;
  request.decide = &decide;
  return Submit(&request);
}

absl::StatusOr<AppendResult> Ledger::Submit(GroupRequest* request_ptr) {
  GroupRequest& request = *request_ptr;
  if (!queue_) {
    RunGroup(backend_.get(), options_.clock(), {&request});
    return std::move(request.result);
  }
  std::unique_lock<std::mutex> lock(queue_->mu);
  queue_->pending.push_back(&request);
  while (!request.done) {
    if (queue_->leading) {
      queue_->cv.wait(lock);
      continue;
    }
    queue_->leading = true;
    std::vector<GroupRequest*> group;
    while (!queue_->pending.empty() && group.size() < kMaxGroup) {
      group.push_back(queue_->pending.front());
      queue_->pending.pop_front();
    }
    lock.unlock();
    RunGroup(backend_.get(), options_.clock(), group);
    lock.lock();
    for (GroupRequest* r : group) r->done = true;
    queue_->leading = false;
    queue_->cv.notify_all();
  }
  return std::move(request.result);
}

// Read-only: the function decides on one snapshot (the totals checked
// against the chain as for an append) and may append nothing.
absl::StatusOr<AppendResult> Ledger::DecideReadOnly(const DecideFunction& decide) {
  if (auto s = backend_->BeginRead(); !s.ok()) return s;
  auto result = [&]() -> absl::StatusOr<AppendResult> {
    auto head = backend_->ReadHead();
    if (!head.ok()) return head.status();
    GroupState state(backend_.get(), *head);
    GroupTotalsReader reader(&state);
    absl::StatusOr<Batch> batch = decide(reader);
    if (!batch.ok()) return batch.status();
    if (!reader.error().ok()) return reader.error();
    if (!batch->entries.empty()) {
      return Problem(absl::StatusCode::kFailedPrecondition,
                     absl::StrCat("ledger ", uri_.ToString(),
                                  " was opened read-only, so nothing was appended"),
                     "a command that records to open it for writing");
    }
    AppendResult none;
    none.head = *head;
    return none;
  }();
  backend_->EndRead();
  return result;
}

absl::StatusOr<CounterRows> Ledger::CheckedRows(
    const std::function<absl::StatusOr<CounterRows>()>& read) {
  if (auto s = backend_->BeginRead(); !s.ok()) return s;
  auto rows = [&]() -> absl::StatusOr<CounterRows> {
    auto head = backend_->ReadHead();
    if (!head.ok()) return head.status();
    auto found = read();
    if (!found.ok()) return found.status();
    CounterTie tie(backend_.get(), *head);
    if (auto s = tie.CheckAll(*found); !s.ok()) return s;
    return found;
  }();
  backend_->EndRead();
  return rows;
}

absl::StatusOr<CounterMap> Ledger::Totals(const std::vector<std::string>& keys) {
  auto rows = CheckedRows([&] { return backend_->ReadCounters(keys); });
  if (!rows.ok()) return rows.status();
  return WithZeros(TotalsOf(*rows), keys);
}

absl::StatusOr<CounterMap> Ledger::AllTotals() {
  auto rows = CheckedRows([&] { return backend_->ReadAllCounters(); });
  if (!rows.ok()) return rows.status();
  return TotalsOf(*rows);
}

absl::StatusOr<CounterMap> Ledger::TotalsWithPrefix(const std::string& prefix) {
  auto rows = CheckedRows([&] { return backend_->ReadCountersWithPrefix(prefix); });
  if (!rows.ok()) return rows.status();
  return TotalsOf(*rows);
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

absl::Status Ledger::ScanHashes(int64_t from_seq, int64_t limit,
                                const std::function<void(int64_t seq, const Hash& hash)>& visit) {
  if (limit == 0) return absl::OkStatus();
  return backend_->ScanEntries({.from_seq = from_seq, .limit = limit}, [&](const EntryView& view) {
    visit(view.seq, view.hash);
    return true;
  });
}

absl::StatusOr<VerifyReport> Ledger::Verify(const std::optional<Head>& anchor, int threads,
                                            int64_t min_entries_per_thread) {
  VerifyOptions options;
  options.threads = threads;
  options.min_entries_per_thread = min_entries_per_thread;
  options.open_reader = [this] { return OpenBackend(uri_, OpenMode::kReadOnly, options_); };
  if (auto s = backend_->BeginRead(); !s.ok()) return s;
  auto report = VerifyChain(*backend_, anchor, options);
  backend_->EndRead();
  return report;
}

}  // namespace stargate::ledger
