#include "stargate/ledger/verify.h"

#include <string_view>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/canonical_json.h"
#include "stargate/ledger/pipelined_scan.h"

namespace stargate::ledger {
namespace {

using Problem = VerifyReport::Problem;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Sums = std::unordered_map<std::string, double, StringHash, std::equal_to<>>;

bool HashesUnder(const StoredEntry& entry, int64_t seq) {
  StoredEntry moved = entry;
  moved.seq = seq;
  return ChainHash(moved.prev_hash, Envelope(moved)) == moved.hash;
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
         absl::StrCat("entry ", n - 1, " was changed and its hash recomputed to hide it: entry ",
                      n, " still links to the hash entry ", n - 1, " had when it was written"));
    return absl::OkStatus();
  }
  int64_t predecessor = 0;
  auto s = backend.ScanEntries({}, [&](const StoredEntry& other) {
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

void CompareTotals(const Sums& sums, const CounterMap& stored, VerifyReport* report) {
  const auto shown = [](double v) { return absl::StrCat(v); };
  for (const auto& [key, total] : stored) {
    auto it = sums.find(key);
    if (it == sums.end()) {
      Fail(report, Problem::kCounterChanged, 0,
           absl::StrCat("running total '", key, "' is ", shown(total),
                        " but no entry adds to it (the totals table was edited)"));
      return;
    }
    if (it->second != total) {
      Fail(report, Problem::kCounterChanged, 0,
           absl::StrCat("running total '", key, "' is ", shown(total), " but the entries add up to ",
                        shown(it->second), " (the totals table was edited)"));
      return;
    }
  }
  for (const auto& [key, sum] : sums) {
    if (stored.count(key) == 0) {
      Fail(report, Problem::kCounterChanged, 0,
           absl::StrCat("running total '", key, "' is missing but the entries add up to ",
                        shown(sum), " (the totals table was edited)"));
      return;
    }
  }
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

absl::StatusOr<VerifyReport> VerifyChain(LedgerBackend& backend, const std::optional<Head>& anchor) {
  VerifyReport report;
  auto head = backend.ReadHead();
  if (!head.ok()) return head.status();
  report.head = *head;

  Hash prev = kGenesisHash;
  int64_t expected = 1;
  std::string envelope;
  Sums sums;
  std::optional<StoredEntry> unlinked;
  auto s = PipelinedScan(backend, [&](const StoredEntry& entry) {
    if (entry.seq != expected) {
      Fail(&report, Problem::kDeleted, expected,
           expected + 1 == entry.seq
               ? absl::StrCat("entry ", expected, " is missing: the ledger goes from entry ",
                              expected - 1, " to entry ", entry.seq, " (deleted)")
               : absl::StrCat("entries ", expected, "..", entry.seq - 1,
                              " are missing: the ledger goes from entry ", expected - 1,
                              " to entry ", entry.seq, " (deleted)"));
      return false;
    }
    if (entry.prev_hash != prev) {
      unlinked = entry;
      return false;
    }
    envelope.clear();
    AppendEnvelope(entry, &envelope);
    if (ChainHash(prev, envelope) != entry.hash) {
      Fail(&report, Problem::kChanged, entry.seq,
           absl::StrCat("entry ", entry.seq, " was changed: its contents no longer match its hash"));
      return false;
    }
    if (anchor && anchor->seq == entry.seq && anchor->hash != entry.hash) {
      Fail(&report, Problem::kChanged, entry.seq,
           absl::StrCat("entry ", entry.seq, " does not carry the anchored hash ",
                        ToHex(anchor->hash), ": it or an entry before it was rewritten"));
      return false;
    }
    const bool readable = ForEachIncrement(entry.increments, [&](std::string_view key, double v) {
      auto it = sums.find(key);
      if (it == sums.end()) it = sums.emplace(std::string(key), 0.0).first;
      it->second += v;
    });
    if (!readable) {
      Fail(&report, Problem::kChanged, entry.seq,
           absl::StrCat("entry ", entry.seq, " was changed: its increments are not readable"));
      return false;
    }
    prev = entry.hash;
    ++expected;
    ++report.entries_checked;
    return true;
  });
  if (!s.ok()) return s;
  if (unlinked) {
    if (auto d = DiagnoseBrokenLink(backend, *unlinked, &report); !d.ok()) return d;
  }
  if (!report.ok()) return report;

  const int64_t last = expected - 1;
  if (anchor && anchor->seq > last) {
    Fail(&report, Problem::kDeleted, last + 1,
         absl::StrCat("the anchored entry ", anchor->seq, " is missing: the ledger ends at entry ",
                      last, " (entries were cut from the end)"));
    return report;
  }
  if (report.head.seq > last) {
    Fail(&report, Problem::kDeleted, last + 1,
         absl::StrCat(report.head.seq == last + 1
                          ? absl::StrCat("entry ", last + 1, " is missing")
                          : absl::StrCat("entries ", last + 1, "..", report.head.seq, " are missing"),
                      ": the ledger's head is entry ", report.head.seq, " but the entries end at ",
                      last, " (deleted from the end)"));
    return report;
  }
  if (report.head.seq < last) {
    Fail(&report, Problem::kBrokenLink, report.head.seq + 1,
         absl::StrCat("entry ", report.head.seq + 1, " was added outside the ledger: the head is entry ",
                      report.head.seq, " but the entries go on to ", last));
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
  CompareTotals(sums, *stored, &report);
  return report;
}

}  // namespace stargate::ledger
