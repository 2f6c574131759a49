// The shared backend: PostgreSQL through libpqxx 6.4, for a ledger behind
// several servers. Writers serialize on a row lock of the single head row
// (SELECT ... FOR UPDATE) taken first in every write transaction; under READ
// COMMITTED each later statement then sees every commit made before the lock
// was granted, so "read totals, decide, append" is atomic. Durability is the
// server's: with the default synchronous_commit=on a commit is flushed to the
// WAL before it returns. Every libpqxx exception is caught in this file.
#include <charconv>
#include <cstdio>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/internal/backend.h"

namespace stargate::ledger {
namespace {

constexpr char kSchemaStep1[] = R"sql(
CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE ledger_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL,
                          hash BYTEA NOT NULL);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));
CREATE TABLE ledger_entries (seq BIGINT PRIMARY KEY, kind TEXT NOT NULL,
                             recorded_at TEXT NOT NULL, increments TEXT NOT NULL,
                             body TEXT NOT NULL, prev_hash BYTEA NOT NULL, hash BYTEA NOT NULL);
)sql";

constexpr char kSchemaStep2[] = R"sql(
CREATE TABLE ledger_counters (key TEXT COLLATE "C" PRIMARY KEY, total DOUBLE PRECISION NOT NULL);
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
)sql";

// Version 3: see sqlite_backend.cc.
constexpr char kSchemaStep3[] = R"sql(
ALTER TABLE ledger_entries ADD COLUMN totals TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_counters ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
)sql";

constexpr char kCounterGuards[] = R"sql(
CREATE FUNCTION ledger_counters_forward() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq <= OLD.seq THEN
      RAISE EXCEPTION 'running totals change only by appends';
    END IF;
    RETURN NEW;
  END $$;
CREATE TRIGGER ledger_counters_forward BEFORE UPDATE OR DELETE ON ledger_counters
  FOR EACH ROW EXECUTE FUNCTION ledger_counters_forward();
CREATE TRIGGER ledger_counters_no_truncate BEFORE TRUNCATE ON ledger_counters
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
)sql";

// Rows per multi-row INSERT: one round trip per chunk instead of per entry.
constexpr size_t kInsertChunk = 500;
constexpr int64_t kScanPage = 5000;

std::string HashLiteral(const Hash& hash) { return absl::StrCat("'\\x", ToHex(hash), "'"); }

// %.17g reads back to the same double, so totals survive the text protocol exactly.
std::string DoubleLiteral(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return absl::StrCat("'", buffer, "'::float8");
}

double ParseDouble(const pqxx::field& field) {
  double value = 0;
  std::from_chars(field.c_str(), field.c_str() + field.size(), value);
  return value;
}

CounterRow RowOf(const pqxx::row& row) { return {ParseDouble(row[1]), row[2].as<int64_t>()}; }

Hash ParseHash(const pqxx::field& field) {
  auto hash = HashFromHex(std::string_view(field.c_str(), field.size()));
  if (hash) return *hash;
  Hash unmatched{};
  unmatched.fill(0xff);  // any other length cannot match, so verification reports the row
  return unmatched;
}

class PostgresBackend : public LedgerBackend {
 public:
  PostgresBackend(LedgerUri uri, OpenMode mode) : uri_(std::move(uri)), mode_(mode) {}
  ~PostgresBackend() override { Rollback(); }

  std::string_view name() const override { return "postgresql"; }

  absl::Status Connect() {
    return Run("connecting", [&] {
      conn_ = std::make_unique<pqxx::connection>(uri_.conninfo);
      conn_->set_client_encoding("UTF8");
      pqxx::nontransaction setup(*conn_);
      // Shortest exact float text and hex bytea, whatever the server's defaults.
      setup.exec("SET extra_float_digits = 3; SET bytea_output = 'hex'");
      if (mode_ == OpenMode::kReadOnly) setup.exec("SET default_transaction_read_only = on");
    });
  }

  absl::StatusOr<int> ReadSchemaVersion() override {
    int version = 0;
    auto s = WithTx("reading the schema version", [&](pqxx::transaction_base& tx) {
      if (!tx.exec1("SELECT to_regclass('ledger_meta') IS NOT NULL")[0].as<bool>()) return;
      auto rows = tx.exec("SELECT value FROM ledger_meta WHERE key = 'schema_version'");
      if (rows.empty() || !absl::SimpleAtoi(rows[0][0].c_str(), &version) || version < 1) {
        version = -1;
      }
    });
    if (!s.ok()) return s;
    if (version < 0) {
      return Problem(absl::StatusCode::kDataLoss,
                     absl::StrCat(uri_.ToString(), " has no readable schema version"),
                     "a ledger created by `stargate ledger init`");
    }
    return version;
  }

  absl::Status ApplySchemaStep(int version) override {
    const char* steps[] = {kSchemaStep1, kSchemaStep2, kSchemaStep3};
    if (version < 1 || version > 3) {
      return absl::InternalError(absl::StrCat("no schema step ", version));
    }
    return Run("changing the schema", [&] { tx_->exec(steps[version - 1]); });
  }

  absl::Status ApplyCounterGuards() override {
    return Run("guarding the running totals", [&] { tx_->exec(kCounterGuards); });
  }
  absl::Status ClearCounters() override {
    return Run("rebuilding the running totals", [&] { tx_->exec("DELETE FROM ledger_counters"); });
  }

  absl::Status WriteSchemaVersion(int version) override {
    return Run("recording the schema version", [&] {
      tx_->exec(absl::StrCat("INSERT INTO ledger_meta (key, value) VALUES ('schema_version', '",
                             version, "') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"));
    });
  }

  absl::Status BeginWrite(bool schema_change) override {
    Rollback();
    absl::Status begun = Run("taking the write lock", [&] {
      tx_ = std::make_unique<pqxx::work>(*conn_);
      if (schema_change) {
        // The head row may not exist yet; a per-schema advisory lock stands in.
        tx_->exec("SELECT pg_advisory_xact_lock(7402, hashtext(coalesce(current_schema(), '')))");
      } else {
        tx_->exec("SELECT seq FROM ledger_head WHERE id = 1 FOR UPDATE");
      }
      // An append is acknowledged only once its commit is flushed to the WAL,
      // whatever the server or the role sets (synchronous_commit=off would
      // acknowledge commits a server crash then loses).
      tx_->exec("SET LOCAL synchronous_commit = on");
    });
    if (!begun.ok()) Rollback();  // a failed statement leaves the transaction unusable
    return begun;
  }

  absl::Status Commit() override {
    if (!tx_) return absl::InternalError("commit without a transaction");
    try {
      tx_->commit();
      tx_.reset();
      return absl::OkStatus();
    } catch (const pqxx::in_doubt_error& e) {
      tx_.reset();
      return Problem(
          absl::StatusCode::kUnknown,
          absl::StrCat("lost the connection to ", uri_.ToString(),
                       " while committing, so the append may or may not be recorded: ", e.what()),
          "to check with `stargate ledger list` before retrying");
    } catch (...) {
      tx_.reset();
      return Translate("committing");
    }
  }

  void Rollback() override {
    if (!tx_) return;
    try {
      tx_->abort();
    } catch (...) {
      // The server rolls back on its own when the connection is gone.
    }
    tx_.reset();
  }

  absl::Status BeginRead() override {
    Rollback();
    return Run("starting a read",
               [&] { tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read>>(*conn_); });
  }
  void EndRead() override { Rollback(); }

  absl::StatusOr<Head> ReadHead() override {
    std::optional<Head> head;
    auto s = WithTx("reading the head", [&](pqxx::transaction_base& tx) {
      auto rows = tx.exec("SELECT seq, hash FROM ledger_head WHERE id = 1");
      if (!rows.empty()) head = Head{rows[0][0].as<int64_t>(), ParseHash(rows[0][1])};
    });
    if (!s.ok()) return s;
    if (!head) {
      return Problem(absl::StatusCode::kDataLoss, absl::StrCat(uri_.ToString(), " has no head row"),
                     "a ledger created by `stargate ledger init`");
    }
    return *head;
  }

  absl::StatusOr<CounterRows> ReadCounters(const std::vector<std::string>& keys) override {
    CounterRows totals;
    if (keys.empty()) return totals;
    auto s = WithTx("reading running totals", [&](pqxx::transaction_base& tx) {
      std::string sql = "SELECT key, total, seq FROM ledger_counters WHERE key IN (";
      for (size_t i = 0; i < keys.size(); ++i) {
        absl::StrAppend(&sql, i ? "," : "", tx.quote(keys[i]));
      }
      sql += ")";
      for (const auto& row : tx.exec(sql)) totals[row[0].as<std::string>()] = RowOf(row);
    });
    if (!s.ok()) return s;
    return totals;
  }

  absl::StatusOr<CounterRows> ReadAllCounters() override {
    CounterRows totals;
    auto s = WithTx("reading the running totals", [&](pqxx::transaction_base& tx) {
      for (const auto& row : tx.exec("SELECT key, total, seq FROM ledger_counters")) {
        totals[row[0].as<std::string>()] = RowOf(row);
      }
    });
    if (!s.ok()) return s;
    return totals;
  }

  // The key column sorts by bytes (COLLATE "C"), so PostgreSQL turns a LIKE
  // with a constant prefix into an index range.
  absl::StatusOr<CounterRows> ReadCountersWithPrefix(const std::string& prefix) override {
    CounterRows totals;
    auto s = WithTx("reading running totals", [&](pqxx::transaction_base& tx) {
      std::string pattern;
      for (char c : prefix) {
        if (c == '\\' || c == '%' || c == '_') pattern += '\\';
        pattern += c;
      }
      const std::string sql = absl::StrCat(
          "SELECT key, total, seq FROM ledger_counters WHERE key LIKE ", tx.quote(pattern + "%"));
      for (const auto& row : tx.exec(sql)) totals[row[0].as<std::string>()] = RowOf(row);
    });
    if (!s.ok()) return s;
    return totals;
  }

  absl::Status InsertEntries(const std::vector<StoredEntry>& entries) override {
    return Run("appending entries", [&] {
      std::string sql;
      for (size_t start = 0; start < entries.size(); start += kInsertChunk) {
        sql =
            "INSERT INTO ledger_entries (seq, kind, recorded_at, increments, body, prev_hash, "
            "hash, totals) VALUES ";
        const size_t end = std::min(entries.size(), start + kInsertChunk);
        for (size_t i = start; i < end; ++i) {
          const StoredEntry& e = entries[i];
          absl::StrAppend(&sql, i > start ? ",(" : "(", e.seq, ",", tx_->quote(e.kind), ",",
                          tx_->quote(e.recorded_at), ",", tx_->quote(e.increments), ",",
                          tx_->quote(e.body), ",", HashLiteral(e.prev_hash), ",",
                          HashLiteral(e.hash), ",", tx_->quote(e.totals), ")");
        }
        tx_->exec(sql);
      }
    });
  }

  absl::Status WriteCounters(const CounterRows& rows) override {
    return Run("updating running totals", [&] {
      std::string sql = "INSERT INTO ledger_counters (key, total, seq) VALUES ";
      bool first = true;
      for (const auto& [key, row] : rows) {
        absl::StrAppend(&sql, first ? "(" : ",(", tx_->quote(key), ",", DoubleLiteral(row.total),
                        ",", row.seq, ")");
        first = false;
      }
      sql += " ON CONFLICT (key) DO UPDATE SET total = EXCLUDED.total, seq = EXCLUDED.seq";
      tx_->exec(sql);
    });
  }

  absl::Status WriteHead(const Head& head) override {
    return Run("moving the head", [&] {
      tx_->exec(absl::StrCat("UPDATE ledger_head SET seq = ", head.seq,
                             ", hash = ", HashLiteral(head.hash), " WHERE id = 1"));
    });
  }

  absl::Status ScanEntries(const ScanOptions& options,
                           const std::function<bool(const EntryView&)>& visit) override {
    return WithTx("reading entries", [&](pqxx::transaction_base& tx) {
      int64_t from = options.from_seq;
      int64_t left = options.limit;
      EntryView entry;
      while (left != 0) {
        const int64_t page = left < 0 ? kScanPage : std::min(left, kScanPage);
        std::string sql = absl::StrCat(
            "SELECT seq, kind, recorded_at, increments, body, prev_hash, hash, totals "
            "FROM ledger_entries WHERE seq >= ",
            from, options.kind ? absl::StrCat(" AND kind = ", tx.quote(*options.kind)) : "",
            " ORDER BY seq LIMIT ", page);
        const pqxx::result rows = tx.exec(sql);
        for (const auto& row : rows) {
          entry.seq = row[0].as<int64_t>();
          entry.kind = std::string_view(row[1].c_str(), row[1].size());
          entry.recorded_at = std::string_view(row[2].c_str(), row[2].size());
          entry.increments = std::string_view(row[3].c_str(), row[3].size());
          entry.body = std::string_view(row[4].c_str(), row[4].size());
          entry.prev_hash = ParseHash(row[5]);
          entry.hash = ParseHash(row[6]);
          entry.totals = std::string_view(row[7].c_str(), row[7].size());
          if (!visit(entry)) return;
          from = entry.seq + 1;
        }
        if (static_cast<int64_t>(rows.size()) < page) return;
        if (left > 0) left -= page;
      }
    });
  }

 private:
  // Runs `body`, turning any libpqxx exception into a Status.
  template <typename Body>
  absl::Status Run(const std::string& doing, Body&& body) {
    try {
      body();
      return absl::OkStatus();
    } catch (...) {
      return Translate(doing);
    }
  }

  // Uses the open transaction, or none for a lone read: one statement is
  // atomic by itself, and entries are append-only, so paging through them
  // without a snapshot still reads a prefix of the ledger. This saves the
  // BEGIN and COMMIT round trips on every cap query.
  template <typename Body>
  absl::Status WithTx(const std::string& doing, Body&& body) {
    if (tx_) return Run(doing, [&] { body(*tx_); });
    return Run(doing, [&] {
      pqxx::nontransaction tx(*conn_);
      body(tx);
    });
  }

  // Called from a catch block: maps the exception in flight to a Status.
  absl::Status Translate(const std::string& doing) {
    const std::string where = uri_.ToString();
    try {
      throw;
    } catch (const pqxx::broken_connection& e) {
      tx_.reset();
      if (!conn_ || doing == "connecting") {
        return Problem(absl::StatusCode::kUnavailable,
                       absl::StrCat("cannot connect to ", where, ": ", Trimmed(e.what())),
                       "a reachable PostgreSQL server and valid credentials");
      }
      return absl::UnavailableError(absl::StrCat("lost the connection to ", where, " while ", doing,
                                                 ": ", Trimmed(e.what())));
    } catch (const pqxx::sql_error& e) {
      const std::string& state = e.sqlstate();
      const std::string detail = absl::StrCat(doing, " in ", where, ": ", Trimmed(e.what()));
      if (state == "40001" || state == "40P01") return absl::AbortedError(detail);
      if (state == "23505" || state == "P0001") {
        return Problem(absl::StatusCode::kFailedPrecondition, std::string(detail),
                       "the ledger to change only by appends");
      }
      if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) {
        return absl::UnavailableError(detail);
      }
      if (state.rfind("28", 0) == 0 || state == "42501") {
        return Problem(absl::StatusCode::kPermissionDenied, std::string(detail),
                       "a role allowed to use the ledger's tables");
      }
      if (state == "53100") return absl::ResourceExhaustedError(detail);
      return absl::InternalError(detail);
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat(doing, " in ", where, ": ", Trimmed(e.what())));
    } catch (...) {
      return absl::InternalError(absl::StrCat(doing, " in ", where, ": unknown error"));
    }
  }

  static std::string Trimmed(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    return std::string(text);
  }

  LedgerUri uri_;
  OpenMode mode_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::transaction_base> tx_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerBackend>> OpenPostgresBackend(const LedgerUri& uri,
                                                                   OpenMode mode) {
  auto backend = std::make_unique<PostgresBackend>(uri, mode);
  if (auto s = backend->Connect(); !s.ok()) return s;
  return backend;
}

}  // namespace stargate::ledger
