#include "stargate/ledger/internal/counters_tie.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/internal/canonical_json.h"

namespace stargate::ledger {

namespace {

// Shortest text that reads back to the same double (15832000, not 1.5832e+07).
std::string Shown(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

}  // namespace

absl::Status CountersMismatch(int64_t seq, const std::string& detail) {
  return Problem(absl::StatusCode::kDataLoss,
                 absl::StrCat("ledger counters do not match the hash chain at seq ", seq, ": ",
                              detail, "; nothing was decided or recorded"),
                 "running totals that match the chain: run `stargate ledger verify`");
}

absl::StatusOr<const CounterTie::Checked*> CounterTie::Load(int64_t seq) {
  if (auto it = cache_.find(seq); it != cache_.end()) return &it->second;
  Checked checked;
  bool found = false;
  std::optional<Hash> hash;
  std::optional<Hash> next_prev;
  std::string envelope;
  auto s = backend_->ScanEntries({.from_seq = seq, .limit = 2}, [&](const EntryView& entry) {
    if (entry.seq == seq) {
      found = true;
      envelope.clear();
      AppendEnvelope(entry, &envelope);
      if (ChainHash(entry.prev_hash, envelope) == entry.hash) hash = entry.hash;
      checked.has_totals = !entry.totals.empty();
      checked.totals.assign(entry.totals);
      checked.increments.assign(entry.increments);
    } else if (entry.seq == seq + 1) {
      next_prev = entry.prev_hash;
    }
    return true;
  });
  if (!s.ok()) return s;
  if (found && hash) {
    checked.intact = seq == head_.seq ? head_.hash == *hash : next_prev && *next_prev == *hash;
  }
  return &cache_.emplace(seq, std::move(checked)).first->second;
}

absl::Status CounterTie::Check(const std::string& key, const CounterRow& row) {
  if (row.seq < 1 || row.seq > head_.seq) {
    return CountersMismatch(row.seq,
                            absl::StrCat("running total '", key, "' names entry ", row.seq,
                                         ", which the chain (head ", head_.seq, ") does not have"));
  }
  auto checked = Load(row.seq);
  if (!checked.ok()) return checked.status();
  const Checked& entry = **checked;
  if (!entry.intact) {
    return CountersMismatch(row.seq, absl::StrCat("entry ", row.seq, ", which running total '", key,
                                                  "' names, does not match its hash or its link"));
  }
  bool touched = false;
  double left = 0;
  const std::string& text = entry.has_totals ? entry.totals : entry.increments;
  ForEachIncrement(text, [&](std::string_view k, double amount) {
    if (k == key) touched = true, left = amount;
  });
  if (!touched) {
    return CountersMismatch(row.seq, absl::StrCat("running total '", key, "' names entry ", row.seq,
                                                  ", which did not change it"));
  }
  if (entry.has_totals && left != row.total) {
    return CountersMismatch(
        row.seq, absl::StrCat("running total '", key, "' reads ", Shown(row.total), " but entry ",
                              row.seq, " left it at ", Shown(left)));
  }
  return absl::OkStatus();
}

absl::Status CounterTie::CheckAll(const CounterRows& rows) {
  for (const auto& [key, row] : rows) {
    if (auto s = Check(key, row); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace stargate::ledger
