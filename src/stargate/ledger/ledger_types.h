// Values the ledger's API returns: the chain head, append results, scan
// options and the verification report.
#ifndef STARGATE_LEDGER_LEDGER_TYPES_H_
#define STARGATE_LEDGER_LEDGER_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "stargate/ledger/hash_chain.h"

namespace stargate::ledger {

// What a command means to do with a ledger, so that one that only reads never
// creates or changes a file.
enum class OpenMode {
  kReadOnly,   // an existing ledger, read only (SQLite: SQLITE_OPEN_READONLY)
  kReadWrite,  // an existing ledger
  kCreate,     // an existing ledger, or a new one when there is none (Init first)
};

// A running total as stored: its value and the entry that last changed it,
// whose hashed "totals" member must hold the same value.
struct CounterRow {
  double total = 0;
  int64_t seq = 0;  // 0: set before schema 3 (migrated), tied by verify only
};
using CounterRows = std::map<std::string, CounterRow>;

// The last entry: seq 0 and the genesis hash for an empty ledger.
struct Head {
  int64_t seq = 0;
  Hash hash = kGenesisHash;
};

struct AppendResult {
  int64_t first_seq = 0;  // 0 when nothing was appended
  int64_t last_seq = 0;
  Head head;  // after the append
  int64_t count() const { return first_seq == 0 ? 0 : last_seq - first_seq + 1; }
};

struct ScanOptions {
  int64_t from_seq = 1;
  int64_t limit = -1;               // < 0: no limit
  std::optional<std::string> kind;  // only entries of this kind
};

// What `verify` found. A tampered ledger is a result, not an error.
struct VerifyReport {
  enum class Problem {
    kNone,
    kChanged,     // an entry's contents no longer match its hash
    kDeleted,     // an entry is missing (a gap, or entries cut from the end)
    kReordered,   // an entry sits at a position it was not written at
    kBrokenLink,  // an entry does not link to its predecessor (deleted and renumbered, inserted)
    kCounterChanged,  // a running total differs from the sum of the entries' increments
  };
  int64_t entries_checked = 0;  // entries before the first problem (all, when ok)
  int64_t counters_checked = 0;
  Head head;  // the head the ledger claims
  Problem problem = Problem::kNone;
  int64_t first_bad_seq = 0;  // the first entry that was changed, deleted or reordered
  std::string message;        // plain words, naming the entry
  bool ok() const { return problem == Problem::kNone; }
};

// "changed", "deleted", ... ("ok" for kNone).
std::string_view ProblemName(VerifyReport::Problem problem);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_LEDGER_TYPES_H_
