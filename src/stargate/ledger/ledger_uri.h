// Where a ledger lives: "sqlite:PATH" (the embedded default) or a PostgreSQL
// URI "postgresql://USER@HOST:PORT/DB" (libpq syntax, parameters allowed).
#ifndef STARGATE_LEDGER_LEDGER_URI_H_
#define STARGATE_LEDGER_LEDGER_URI_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stargate::ledger {

inline constexpr char kDefaultLedgerUri[] = "sqlite:./stargate.db";

struct LedgerUri {
  enum class Scheme { kSqlite, kPostgres };
  Scheme scheme = Scheme::kSqlite;
  std::string path;      // sqlite: the database file
  std::string conninfo;  // postgresql: the URI as given, for libpq
  // For messages: the URI with any password replaced by "***".
  std::string ToString() const;
};

// InvalidArgument, naming the accepted forms, for anything else.
absl::StatusOr<LedgerUri> ParseLedgerUri(std::string_view text);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_LEDGER_URI_H_
