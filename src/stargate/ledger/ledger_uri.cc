#include "stargate/ledger/ledger_uri.h"

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"

namespace stargate::ledger {
namespace {

constexpr char kForms[] =
    "sqlite:PATH (e.g. sqlite:./stargate.db) or postgresql://USER@HOST:PORT/DB";

absl::Status Bad(const std::string& what) {
  return Problem(absl::StatusCode::kInvalidArgument, std::string(what), std::string(kForms));
}

}  // namespace

std::string LedgerUri::ToString() const {
  if (scheme == Scheme::kSqlite) return absl::StrCat("sqlite:", path);
  // postgresql://user:secret@host -> postgresql://user:***@host
  const size_t start = conninfo.find("://");
  const size_t at = conninfo.find('@', start == std::string::npos ? 0 : start + 3);
  if (start == std::string::npos || at == std::string::npos) return conninfo;
  const size_t colon = conninfo.find(':', start + 3);
  if (colon == std::string::npos || colon > at) return conninfo;
  return absl::StrCat(conninfo.substr(0, colon + 1), "***", conninfo.substr(at));
}

absl::StatusOr<LedgerUri> ParseLedgerUri(std::string_view input) {
  const std::string text(input);
  LedgerUri uri;
  if (text.empty()) return Bad("the ledger URI is empty");
  if (text.starts_with("postgresql://") || text.starts_with("postgres://")) {
    const size_t rest = text.find("://") + 3;
    if (rest == text.size()) return Bad(absl::StrCat("'", text, "' names no server"));
    uri.scheme = LedgerUri::Scheme::kPostgres;
    uri.conninfo = text;
    return uri;
  }
  if (text.starts_with("sqlite:")) {
    std::string path = text.substr(7);
    if (path.starts_with("//")) {
      // sqlite:///abs/path is the usual URL spelling of an absolute path;
      // sqlite://name would silently mean /name, so it is refused.
      if (!path.starts_with("///")) {
        return Bad(absl::StrCat("'", text, "' has a host part, which SQLite cannot use"));
      }
      path.erase(0, 2);
    }
    if (path.empty()) return Bad(absl::StrCat("'", text, "' names no file"));
    uri.scheme = LedgerUri::Scheme::kSqlite;
    uri.path = path;
    return uri;
  }
  const size_t colon = text.find(':');
  if (colon == std::string::npos) {
    return Problem(
        absl::StatusCode::kInvalidArgument, absl::StrCat("ledger URI '", text, "' has no scheme"),
        absl::StrCat("sqlite:", text, " for a SQLite file, or postgresql://USER@HOST:PORT/DB"));
  }
  return Bad(absl::StrCat("ledger URI scheme '", text.substr(0, colon), "' is not supported"));
}

}  // namespace stargate::ledger
