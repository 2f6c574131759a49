#include "stargate/ledger/internal/verify.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <thread>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/internal/canonical_json.h"
#include "stargate/ledger/internal/counters_tie.h"
#include "stargate/ledger/internal/pipelined_scan.h"
#include "stargate/ledger/internal/running_sums.h"

namespace stargate::ledger {
namespace {

using Problem = VerifyReport::Problem;

bool HashesUnder(const StoredEntry& entry, int64_t seq) {
  EntryView moved = ViewOf(entry);
  moved.seq = seq;
  std::string envelope;
  AppendEnvelope(moved, &envelope);
  return ChainHash(moved.prev_hash, envelope) == moved.hash;
}

void Fail(VerifyReport* report, Problem problem, int64_t seq, std::string message) {
  report->problem = problem;
  report->first_bad_seq = seq;
  report->message = std::move(message);
}

// Entry `row` sits at position row.seq but does not link to its predecessor.
// Works out which tampering explains that; may scan the ledger again.
absl::Status DiagnoseBrokenLink(LedgerBackend& backend, const StoredEntry& row,
                                VerifyReport* report) {
  const int64_t n = row.seq;
  if (n > 1 && HashesUnder(row, n)) {
    // The entry itself is intact and was written at n, so its predecessor's
    // contents and hash were both rewritten.
    Fail(report, Problem::kChanged, n - 1,
         absl::StrCat("entry ", n - 1, " was changed and its hash recomputed to hide it: entry ", n,
                      " still links to the hash entry ", n - 1, " had when it was written"));
    return absl::OkStatus();
  }
  int64_t predecessor = 0;
  auto s = backend.ScanEntries({}, [&](const EntryView& other) {
    if (other.hash == row.prev_hash) predecessor = other.seq;
    return predecessor == 0;
  });
  if (!s.ok()) return s;
  if (predecessor != 0) {
    Fail(report, Problem::kReordered, n,
         absl::StrCat("entry ", n, " is out of order: it was written right after the entry now at ",
                      predecessor, ", not after entry ", n - 1, " (entries were reordered)"));
    return absl::OkStatus();
  }
  for (int64_t k = 1; k <= 16; ++k) {
    if (HashesUnder(row, n + k)) {
      Fail(report, Problem::kDeleted, n,
           absl::StrCat(k == 1 ? absl::StrCat("entry ", n, " was")
                               : absl::StrCat("entries ", n, "..", n + k - 1, " were"),
                        " deleted and the later entries renumbered: the entry now at ", n,
                        " was written as entry ", n + k));
      return absl::OkStatus();
    }
  }
  Fail(report, Problem::kBrokenLink, n,
       absl::StrCat("entry ", n, " does not follow entry ", n - 1,
                    ": it links to a hash no entry has (entries before it were deleted, inserted "
                    "or rewritten)"));
  return absl::OkStatus();
}

// `rounding`: how far apart two orders of adding up may leave a total, as a
// share of its magnitude (0 when the entries were added in ledger order,
// as the ledger itself adds them, which matches to the last bit).
bool SameTotal(double stored, const Sum& sum, double rounding) {
  if (stored == sum.total) return true;
  return std::abs(stored - sum.total) <= rounding * sum.magnitude;
}

void CompareTotals(const RunningSums& sums, const CounterRows& stored, double rounding,
                   VerifyReport* report) {
  // Shortest text that reads back to the same double (15832000, not 1.5832e+07).
  const auto shown = [](double v) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
  };
  for (const auto& [key, row] : stored) {
    const double total = row.total;
    const Sum* sum = sums.Find(key);
    if (sum == nullptr) {
      Fail(report, Problem::kCounterChanged, 0,
           absl::StrCat("running total '", key, "' is ", shown(total),
                        " but no entry adds to it (the totals table was edited)"));
      return;
    }
    if (!SameTotal(total, *sum, rounding)) {
      Fail(
          report, Problem::kCounterChanged, 0,
          absl::StrCat("running total '", key, "' is ", shown(total), " but the entries add up to ",
                       shown(sum->total), " (the totals table was edited)"));
      return;
    }
  }
  bool missing = false;
  sums.ForEach([&](std::string_view key, const Sum& sum) {
    if (missing || stored.count(std::string(key)) != 0) return;
    missing = true;
    Fail(
        report, Problem::kCounterChanged, 0,
        absl::StrCat("running total '", std::string(key), "' is missing but the entries add up to ",
                     shown(sum.total), " (the totals table was edited)"));
  });
}

// One stretch of the chain, from `first_seq` on, checked entry by entry
// exactly as a check of the whole ledger would check it. The first stretch
// starts from the genesis hash; a later one takes its first entry's link on
// trust, and the caller checks it against the stretch before.
class StretchCheck {
 public:
  StretchCheck(int64_t first_seq, std::optional<Hash> prev, const std::optional<Head>& anchor)
      : expected_(first_seq),
        prev_(prev.value_or(Hash{})),
        prev_known_(prev.has_value()),
        anchor_(anchor) {}

  bool Visit(const EntryView& entry) {
    if (entry.seq != expected_) {
      Fail(&problem, Problem::kDeleted, expected_,
           expected_ + 1 == entry.seq
               ? absl::StrCat("entry ", expected_, " is missing: the ledger goes from entry ",
                              expected_ - 1, " to entry ", entry.seq, " (deleted)")
               : absl::StrCat("entries ", expected_, "..", entry.seq - 1,
                              " are missing: the ledger goes from entry ", expected_ - 1,
                              " to entry ", entry.seq, " (deleted)"));
      return false;
    }
    if (!prev_known_) {
      prev_known_ = true;
      prev_ = entry.prev_hash;
      first = ToStored(entry);
    }
    if (entry.prev_hash != prev_) {
      unlinked = ToStored(entry);
      return false;
    }
    // The increments are read first and their sums' slots fetched, so
    // that those cache misses overlap the hashing.
    increments_.clear();
    const bool readable = ForEachIncrement(entry.increments, [&](std::string_view key, double v) {
      increments_.push_back({key, v, sums.Prefetch(key)});
    });
    const size_t bound = EnvelopeBound(entry);
    if (envelope_.size() < bound)
      envelope_.resize(2 * bound);  // grows rarely; never refilled with zeros
    const std::string_view envelope(envelope_.data(), WriteEnvelope(entry, envelope_.data()));
    if (ChainHash(prev_, envelope) != entry.hash) {
      Fail(
          &problem, Problem::kChanged, entry.seq,
          absl::StrCat("entry ", entry.seq, " was changed: its contents no longer match its hash"));
      return false;
    }
    if (anchor_ && anchor_->seq == entry.seq && anchor_->hash != entry.hash) {
      Fail(&problem, Problem::kChanged, entry.seq,
           absl::StrCat("entry ", entry.seq, " does not carry the anchored hash ",
                        ToHex(anchor_->hash), ": it or an entry before it was rewritten"));
      return false;
    }
    if (!readable) {
      Fail(&problem, Problem::kChanged, entry.seq,
           absl::StrCat("entry ", entry.seq, " was changed: its increments are not readable"));
      return false;
    }
    for (const Increment& increment : increments_) {
      Sum& sum = sums.At(increment.key, increment.hash);
      sum.total += increment.value;
      sum.magnitude += std::abs(increment.value);
    }
    prev_ = entry.hash;
    ++expected_;
    ++checked;
    return true;
  }

  int64_t next_seq() const { return expected_; }
  const Hash& last_hash() const { return prev_; }

  // What the stretch found.
  VerifyReport problem;                 // problem.problem != kNone: the first problem in it
  std::optional<StoredEntry> unlinked;  // an entry that does not link to the one before it
  std::optional<StoredEntry> first;     // a later stretch's first entry, whose link is unchecked
  int64_t checked = 0;
  RunningSums sums;

 private:
  int64_t expected_;
  Hash prev_;
  bool prev_known_;
  const std::optional<Head>& anchor_;
  std::string envelope_;
  struct Increment {
    std::string_view key;
    double value;
    size_t hash;
  };
  std::vector<Increment> increments_;
};

struct Stretch {
  int64_t first_seq = 1;
  int64_t limit = -1;  // entries to read; < 0: to the end
};

// Threads sharing the work: each takes the next stretch not yet taken, so
// that none waits for a slow one at the end.
constexpr int kStretchesPerThread = 8;

int ThreadsFor(int64_t head_seq, const VerifyOptions& options) {
  if (!options.open_reader) return 1;
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  const int64_t per_thread = std::max<int64_t>(1, options.min_entries_per_thread);
  return static_cast<int>(std::clamp<int64_t>(head_seq / per_thread, 1, std::max(1, threads)));
}

// Stretches of about equal size; the last one runs to the end of the
// entries, whatever the head says, so that entries beyond it are found.
std::vector<Stretch> Split(int64_t head_seq, int threads) {
  const int64_t count =
      threads == 1 ? 1 : std::min<int64_t>(head_seq, int64_t{threads} * kStretchesPerThread);
  std::vector<Stretch> stretches;
  int64_t next = 1;
  for (int64_t k = 0; k < count; ++k) {
    Stretch s;
    s.first_seq = next;
    if (k + 1 < count) {
      s.limit = head_seq / count + (k < head_seq % count ? 1 : 0);
      next += s.limit;
    }
    stretches.push_back(s);
  }
  if (stretches.empty()) stretches.push_back({});
  return stretches;
}

absl::Status CheckStretch(LedgerBackend& backend, const Stretch& stretch, StretchCheck* check) {
  ScanOptions scan;
  scan.from_seq = stretch.first_seq;
  scan.limit = stretch.limit;
  return backend.ScanEntries(scan, [&](const EntryView& entry) { return check->Visit(entry); });
}

}  // namespace

std::string_view ProblemName(VerifyReport::Problem problem) {
  switch (problem) {
    case Problem::kNone:
      return "ok";
    case Problem::kChanged:
      return "changed";
    case Problem::kDeleted:
      return "deleted";
    case Problem::kReordered:
      return "reordered";
    case Problem::kBrokenLink:
      return "broken_link";
    case Problem::kCounterChanged:
      return "counter_changed";
  }
  return "unknown";
}

absl::StatusOr<VerifyReport> VerifyChain(LedgerBackend& backend, const std::optional<Head>& anchor,
                                         const VerifyOptions& options) {
  VerifyReport report;
  auto head = backend.ReadHead();
  if (!head.ok()) return head.status();
  report.head = *head;

  const int thread_count = ThreadsFor(report.head.seq, options);
  const std::vector<Stretch> stretches = Split(report.head.seq, thread_count);
  const size_t n = stretches.size();
  std::vector<std::unique_ptr<StretchCheck>> checks;
  for (size_t k = 0; k < n; ++k) {
    checks.push_back(std::make_unique<StretchCheck>(
        stretches[k].first_seq, k == 0 ? std::optional<Hash>(kGenesisHash) : std::nullopt, anchor));
  }
  std::vector<absl::Status> statuses(n);
  if (n == 1) {
    // One thread: reading and checking still overlap.
    statuses[0] = PipelinedScan(backend, [&](const EntryView& e) { return checks[0]->Visit(e); });
  } else {
    // The last stretch here, in the caller's snapshot (the one the head was
    // read in); the others on any thread, each thread on a connection and
    // snapshot of its own (entries up to the head never change in a ledger
    // that is only appended to). Stretches after one with a problem are
    // skipped: the report names the first problem only.
    std::atomic<size_t> next{0}, first_bad{n};
    const auto take_stretches = [&](LedgerBackend& connection) {
      for (size_t k = next++; k + 1 < n; k = next++) {
        if (k > first_bad.load()) continue;
        statuses[k] = CheckStretch(connection, stretches[k], checks[k].get());
        if (!statuses[k].ok() || !checks[k]->problem.ok() || checks[k]->unlinked) {
          size_t seen = first_bad.load();
          while (k < seen && !first_bad.compare_exchange_weak(seen, k)) {
          }
        }
      }
    };
    std::vector<absl::Status> opened(thread_count);
    std::vector<std::thread> threads;
    for (int t = 1; t < thread_count; ++t) {
      threads.emplace_back([&, t] {
        auto connection = options.open_reader();
        if (!connection.ok()) {
          opened[t] = connection.status();
          return;
        }
        opened[t] = (*connection)->BeginRead();
        if (!opened[t].ok()) return;
        take_stretches(**connection);
        (*connection)->EndRead();
      });
    }
    statuses[n - 1] = CheckStretch(backend, stretches[n - 1], checks[n - 1].get());
    take_stretches(backend);
    for (auto& t : threads) t.join();
    for (const auto& s : opened) {
      if (!s.ok()) return s;
    }
  }
  for (const auto& s : statuses) {
    if (!s.ok()) return s;
  }

  // The stretches in ledger order, as one pass would have met them.
  std::optional<StoredEntry> unlinked;
  RunningSums sums;
  int64_t last = 0;  // the last entry checked, and its hash
  Hash prev = kGenesisHash;
  for (size_t k = 0; k < n; ++k) {
    StretchCheck& check = *checks[k];
    if (check.first && check.first->prev_hash != prev) {
      unlinked = check.first;
      break;
    }
    report.entries_checked += check.checked;
    if (check.unlinked) {
      unlinked = check.unlinked;
      break;
    }
    if (!check.problem.ok()) {
      Fail(&report, check.problem.problem, check.problem.first_bad_seq, check.problem.message);
      break;
    }
    check.sums.ForEach([&](std::string_view key, const Sum& sum) {
      Sum& into = sums[key];
      into.total += sum.total;
      into.magnitude += sum.magnitude;
    });
    if (check.checked > 0) {
      last = check.next_seq() - 1;
      prev = check.last_hash();
    }
    // A stretch that ran out of entries before its end has no entries after
    // it (a gap would have shown as missing entries inside it).
    if (k + 1 < n && check.next_seq() != stretches[k + 1].first_seq) break;
  }
  if (unlinked) {
    if (auto d = DiagnoseBrokenLink(backend, *unlinked, &report); !d.ok()) return d;
  }
  if (!report.ok()) return report;

  if (anchor && anchor->seq > last) {
    Fail(&report, Problem::kDeleted, last + 1,
         absl::StrCat("the anchored entry ", anchor->seq, " is missing: the ledger ends at entry ",
                      last, " (entries were cut from the end)"));
    return report;
  }
  if (report.head.seq > last) {
    Fail(&report, Problem::kDeleted, last + 1,
         absl::StrCat(report.head.seq == last + 1 ? absl::StrCat("entry ", last + 1, " is missing")
                                                  : absl::StrCat("entries ", last + 1, "..",
                                                                 report.head.seq, " are missing"),
                      ": the ledger's head is entry ", report.head.seq, " but the entries end at ",
                      last, " (deleted from the end)"));
    return report;
  }
  if (report.head.seq < last) {
    Fail(&report, Problem::kBrokenLink, report.head.seq + 1,
         absl::StrCat("entry ", report.head.seq + 1,
                      " was added outside the ledger: the head is entry ", report.head.seq,
                      " but the entries go on to ", last));
    return report;
  }
  if (report.head.hash != prev) {
    Fail(&report, Problem::kChanged, last,
         absl::StrCat("the head's hash differs from entry ", last,
                      "'s hash (the head or the last entry was rewritten)"));
    return report;
  }
  auto stored = backend.ReadAllCounters();
  if (!stored.ok()) return stored.status();
  report.counters_checked = static_cast<int64_t>(stored->size());
  // Stretches add up in another order than the ledger did: allow the
  // rounding that n additions can make (n times the unit roundoff, of the
  // magnitudes added).
  const double rounding =
      n == 1 ? 0.0
             : static_cast<double>(report.entries_checked) * std::numeric_limits<double>::epsilon();
  CompareTotals(sums, *stored, rounding, &report);
  if (!report.ok()) return report;
  // Each total must also be the one its entry left (what a decision checks).
  CounterTie tie(&backend, report.head);
  for (const auto& [key, row] : *stored) {
    if (auto s = tie.Check(key, row); !s.ok()) {
      if (s.code() != absl::StatusCode::kDataLoss) return s;
      Fail(&report, Problem::kCounterChanged, 0,
           absl::StrCat("running total '", key, "' does not match the entry it names (", row.seq,
                        "): the totals table was edited"));
      break;
    }
  }
  return report;
}

}  // namespace stargate::ledger
