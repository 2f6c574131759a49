#include "stargate/ledger/internal/migrations.h"

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/internal/canonical_json.h"

namespace stargate::ledger {

absl::Status CheckSchemaVersion(int version, const std::string& uri_text) {
  if (version == kSchemaVersion) return absl::OkStatus();
  if (version == 0) {
    return Problem(
        absl::StatusCode::kNotFound, absl::StrCat("no ledger at ", uri_text),
        absl::StrCat("`stargate ledger init --ledger ", uri_text, "` to create one first"));
  }
  if (version < kSchemaVersion) {
    return Problem(absl::StatusCode::kFailedPrecondition,
                   absl::StrCat("ledger ", uri_text, " has schema version ", version,
                                ", older than this stargate's ", kSchemaVersion),
                   absl::StrCat("`stargate ledger init --ledger ", uri_text,
                                "` to migrate it (every entry and hash is kept)"));
  }
  return Problem(absl::StatusCode::kFailedPrecondition,
                 absl::StrCat("ledger ", uri_text, " has schema version ", version,
                              ", newer than this stargate's ", kSchemaVersion),
                 absl::StrCat("a stargate that reads schema version ", version));
}

absl::StatusOr<CounterRows> SumIncrements(LedgerBackend& backend) {
  CounterRows totals;
  int64_t unreadable = 0;
  auto s = backend.ScanEntries({}, [&](const EntryView& entry) {
    const bool ok = ForEachIncrement(entry.increments, [&](std::string_view key, double amount) {
      CounterRow& row = totals[std::string(key)];
      row.total += amount;
      row.seq = entry.seq;
    });
    if (!ok) unreadable = entry.seq;
    return ok;
  });
  if (!s.ok()) return s;
  if (unreadable != 0) {
    return Problem(absl::StatusCode::kDataLoss,
                   absl::StrCat("the increments of entry ", unreadable, " are not readable"),
                   "a ledger that passes `stargate ledger verify`");
  }
  return totals;
}

absl::StatusOr<InitResult> MigrateToCurrent(LedgerBackend& backend, const std::string& uri_text) {
  if (auto s = backend.BeginWrite(/*schema_change=*/true); !s.ok()) return s;
  TransactionGuard guard(&backend);
  auto version = backend.ReadSchemaVersion();
  if (!version.ok()) return version.status();
  InitResult result;
  result.from_version = *version;
  if (*version == kSchemaVersion) return result;
  if (*version > kSchemaVersion) return CheckSchemaVersion(*version, uri_text);
  for (int step = *version + 1; step <= kSchemaVersion; ++step) {
    if (auto s = backend.ApplySchemaStep(step); !s.ok()) return s;
    if (step == 3) {
      // Version 2 introduced the running totals and version 3 ties each to
      // the entry that last changed it: rebuild them from the entries (the
      // entries are what the chain protects; a totals table edited before
      // the migration is corrected here), then guard them.
      if (auto s = backend.ClearCounters(); !s.ok()) return s;
      if (*version >= 1) {
        auto totals = SumIncrements(backend);
        if (!totals.ok()) return totals.status();
        if (!totals->empty()) {
          if (auto s = backend.WriteCounters(*totals); !s.ok()) return s;
        }
      }
      if (auto s = backend.ApplyCounterGuards(); !s.ok()) return s;
    }
  }
  if (auto s = backend.WriteSchemaVersion(kSchemaVersion); !s.ok()) return s;
  if (auto s = guard.Commit(); !s.ok()) return s;
  result.action = *version == 0 ? InitResult::Action::kCreated : InitResult::Action::kMigrated;
  return result;
}

}  // namespace stargate::ledger
