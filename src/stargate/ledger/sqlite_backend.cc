// The embedded backend: one SQLite file in WAL mode with synchronous=FULL, so
// a commit is on disk (the WAL is fsynced) before Append returns. Writers
// serialize on BEGIN IMMEDIATE, which takes SQLite's single write lock before
// the first read, so a "read totals, decide, append" step sees every commit.
#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/internal/backend.h"

namespace stargate::ledger {
namespace {

constexpr char kSchemaStep1[] = R"sql(
CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE ledger_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,
                          hash BLOB NOT NULL);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, zeroblob(32));
CREATE TABLE ledger_entries (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL,
                             recorded_at TEXT NOT NULL, increments TEXT NOT NULL,
                             body TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
)sql";

// Version 2: indexed running totals, and triggers that refuse edits of entries
// (verification still catches edits made with the triggers dropped).
constexpr char kSchemaStep2[] = R"sql(
CREATE TABLE ledger_counters (key TEXT PRIMARY KEY, total REAL NOT NULL) WITHOUT ROWID;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
)sql";

// Version 3: each entry carries the totals it left (hashed with it), and each
// running total names the entry that last changed it, so a total can be
// checked against the chain when it is read for a decision.
constexpr char kSchemaStep3[] = R"sql(
ALTER TABLE ledger_entries ADD COLUMN totals TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_counters ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
)sql";

// After the totals are rebuilt: a total is changed only by a later entry,
// never deleted (an edit through SQL fails; one with the triggers dropped is
// caught when the total is next read for a decision, or by verify).
constexpr char kCounterGuards[] = R"sql(
CREATE TRIGGER ledger_counters_no_delete BEFORE DELETE ON ledger_counters
  BEGIN SELECT RAISE(ABORT, 'running totals change only by appends'); END;
CREATE TRIGGER ledger_counters_forward BEFORE UPDATE ON ledger_counters WHEN NEW.seq <= OLD.seq
  BEGIN SELECT RAISE(ABORT, 'running totals change only by appends'); END;
)sql";

class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// The column's text where SQLite holds it, valid until the next step.
std::string_view ColumnView(sqlite3_stmt* stmt, int column) {
  const auto* text = sqlite3_column_text(stmt, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(stmt, column))};
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  return std::string(ColumnView(stmt, column));
}

// A BLOB of any other length than 32 bytes is read as a hash that cannot
// match, so verification reports the row.
Hash ColumnHash(sqlite3_stmt* stmt, int column) {
  Hash hash{};
  const void* blob = sqlite3_column_blob(stmt, column);
  const int size = sqlite3_column_bytes(stmt, column);
  if (blob != nullptr && size == static_cast<int>(hash.size())) {
    std::memcpy(hash.data(), blob, hash.size());
  } else {
    hash.fill(0xff);
  }
  return hash;
}

class SqliteBackend : public LedgerBackend {
 public:
  SqliteBackend(sqlite3* db, std::string path, int busy_timeout_ms)
      : db_(db), path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms_);
  }
  ~SqliteBackend() override {
    insert_entry_ = Statement();
    read_counter_ = Statement();
    write_counter_ = Statement();
    sqlite3_close_v2(db_);
  }

  std::string_view name() const override { return "sqlite"; }

  // Only for a connection that writes: these pragmas write the file.
  absl::Status Configure() {
    // 16 KiB pages, set before the first table is made (later it is a
    // no-op, and a ledger keeps the page size it was created with): a scan
    // makes a quarter of the reads and page visits it would with 4 KiB
    // pages, which took verification from 1.58 to 1.31 us of CPU an entry
    // (bench/ledger_bench, 1 M entries); 64 KiB gained little more.
    if (auto s = Exec("PRAGMA page_size=16384", "setting the page size"); !s.ok()) return s;
    // WAL: readers never block the writer and a commit is one fsync of the log.
    // FULL: that fsync happens at every commit, so an acknowledged append
    // survives power loss, not only a crash of the process.
    if (auto s = Exec("PRAGMA journal_mode=WAL", "switching to WAL mode"); !s.ok()) return s;
    return Exec("PRAGMA synchronous=FULL", "setting synchronous=FULL");
  }

  absl::StatusOr<int> ReadSchemaVersion() override {
    auto stmt =
        Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ledger_meta'");
    if (!stmt.ok()) return stmt.status();
    if (sqlite3_step(stmt->get()) != SQLITE_ROW) return Error("reading the schema");
    if (sqlite3_column_int(stmt->get(), 0) == 0) return 0;
    auto version = Prepare("SELECT value FROM ledger_meta WHERE key = 'schema_version'");
    if (!version.ok()) return version.status();
    const int rc = sqlite3_step(version->get());
    int number = 0;
    if (rc != SQLITE_ROW || !absl::SimpleAtoi(ColumnText(version->get(), 0), &number) ||
        number < 1) {
      return Problem(absl::StatusCode::kDataLoss,
                     absl::StrCat("sqlite:", path_, " has no readable schema version"),
                     "a ledger created by `stargate ledger init`");
    }
    return number;
  }

  absl::Status ApplySchemaStep(int version) override {
    if (version == 1) return Exec(kSchemaStep1, "creating the ledger tables");
    if (version == 2) return Exec(kSchemaStep2, "creating the running totals");
    if (version == 3) return Exec(kSchemaStep3, "tying the running totals to the chain");
    return absl::InternalError(absl::StrCat("no schema step ", version));
  }

  absl::Status ApplyCounterGuards() override {
    return Exec(kCounterGuards, "guarding the running totals");
  }
  absl::Status ClearCounters() override {
    return Exec("DELETE FROM ledger_counters", "rebuilding the running totals");
  }

  absl::Status WriteSchemaVersion(int version) override {
    return Exec(absl::StrCat("INSERT OR REPLACE INTO ledger_meta (key, value) VALUES "
                             "('schema_version', '",
                             version, "')"),
                "recording the schema version");
  }

  absl::Status BeginWrite(bool) override {
    return Exec("BEGIN IMMEDIATE", "taking the write lock");
  }
  absl::Status Commit() override { return Exec("COMMIT", "committing"); }
  void Rollback() override {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  absl::Status BeginRead() override { return Exec("BEGIN", "starting a read"); }
  void EndRead() override { Rollback(); }

  absl::StatusOr<Head> ReadHead() override {
    auto stmt = Prepare("SELECT seq, hash FROM ledger_head WHERE id = 1");
    if (!stmt.ok()) return stmt.status();
    if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
      return Problem(absl::StatusCode::kDataLoss,
                     absl::StrCat("sqlite:", path_, " has no head row"),
                     "a ledger created by `stargate ledger init`");
    }
    return Head{sqlite3_column_int64(stmt->get(), 0), ColumnHash(stmt->get(), 1)};
  }

  absl::StatusOr<CounterRows> ReadCounters(const std::vector<std::string>& keys) override {
    if (auto s = Cache(&read_counter_, "SELECT total, seq FROM ledger_counters WHERE key = ?");
        !s.ok()) {
      return s;
    }
    CounterRows totals;
    sqlite3_stmt* stmt = read_counter_.get();
    for (const auto& key : keys) {
      sqlite3_reset(stmt);
      sqlite3_bind_text(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        totals[key] = {sqlite3_column_double(stmt, 0), sqlite3_column_int64(stmt, 1)};
      } else if (rc != SQLITE_DONE) {
        sqlite3_reset(stmt);
        return Error("reading a running total");
      }
    }
    sqlite3_reset(stmt);
    return totals;
  }

  absl::StatusOr<CounterRows> ReadAllCounters() override {
    auto stmt = Prepare("SELECT key, total, seq FROM ledger_counters");
    if (!stmt.ok()) return stmt.status();
    CounterRows totals;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
      totals[ColumnText(stmt->get(), 0)] = {sqlite3_column_double(stmt->get(), 1),
                                            sqlite3_column_int64(stmt->get(), 2)};
    }
    if (rc != SQLITE_DONE) return Error("reading the running totals");
    return totals;
  }

  absl::StatusOr<CounterRows> ReadCountersWithPrefix(const std::string& prefix) override {
    const std::string end = PrefixEnd(prefix);
    auto stmt = Prepare(end.empty() ? "SELECT key, total, seq FROM ledger_counters WHERE key >= ?1"
                                    : "SELECT key, total, seq FROM ledger_counters WHERE key >= ?1 "
                                      "AND key < ?2");
    if (!stmt.ok()) return stmt.status();
    sqlite3_bind_text(stmt->get(), 1, prefix.data(), static_cast<int>(prefix.size()),
                      SQLITE_STATIC);
    if (!end.empty()) {
      sqlite3_bind_text(stmt->get(), 2, end.data(), static_cast<int>(end.size()), SQLITE_STATIC);
    }
    CounterRows totals;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
      totals[ColumnText(stmt->get(), 0)] = {sqlite3_column_double(stmt->get(), 1),
                                            sqlite3_column_int64(stmt->get(), 2)};
    }
    if (rc != SQLITE_DONE) return Error("reading running totals");
    return totals;
  }

  absl::Status InsertEntries(const std::vector<StoredEntry>& entries) override {
    if (auto s = Cache(&insert_entry_,
                       "INSERT INTO ledger_entries (seq, kind, recorded_at, increments, body, "
                       "prev_hash, hash, totals) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        !s.ok()) {
      return s;
    }
    sqlite3_stmt* stmt = insert_entry_.get();
    const auto text = [&](int i, const std::string& value) {
      sqlite3_bind_text(stmt, i, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    };
    for (const auto& entry : entries) {
      sqlite3_bind_int64(stmt, 1, entry.seq);
      text(2, entry.kind);
      text(3, entry.recorded_at);
      text(4, entry.increments);
      text(5, entry.body);
      sqlite3_bind_blob(stmt, 6, entry.prev_hash.data(), 32, SQLITE_STATIC);
      sqlite3_bind_blob(stmt, 7, entry.hash.data(), 32, SQLITE_STATIC);
      text(8, entry.totals);
      const int rc = sqlite3_step(stmt);
      sqlite3_reset(stmt);
      if (rc != SQLITE_DONE) return Error("appending an entry", rc);
    }
    sqlite3_clear_bindings(stmt);
    return absl::OkStatus();
  }

  absl::Status WriteCounters(const CounterRows& rows) override {
    if (auto s =
            Cache(&write_counter_,
                  "INSERT INTO ledger_counters (key, total, seq) VALUES (?, ?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET total = excluded.total, seq = excluded.seq");
        !s.ok()) {
      return s;
    }
    sqlite3_stmt* stmt = write_counter_.get();
    for (const auto& [key, row] : rows) {
      sqlite3_bind_text(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
      sqlite3_bind_double(stmt, 2, row.total);
      sqlite3_bind_int64(stmt, 3, row.seq);
      const int rc = sqlite3_step(stmt);
      sqlite3_reset(stmt);
      if (rc != SQLITE_DONE) return Error("updating a running total", rc);
    }
    sqlite3_clear_bindings(stmt);
    return absl::OkStatus();
  }

  absl::Status WriteHead(const Head& head) override {
    auto stmt = Prepare("UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1");
    if (!stmt.ok()) return stmt.status();
    sqlite3_bind_int64(stmt->get(), 1, head.seq);
    sqlite3_bind_blob(stmt->get(), 2, head.hash.data(), 32, SQLITE_STATIC);
    const int rc = sqlite3_step(stmt->get());
    if (rc != SQLITE_DONE) return Error("moving the head", rc);
    return absl::OkStatus();
  }

  absl::Status ScanEntries(const ScanOptions& options,
                           const std::function<bool(const EntryView&)>& visit) override {
    auto stmt = Prepare(
        absl::StrCat("SELECT seq, kind, recorded_at, increments, body, prev_hash, hash, totals "
                     "FROM ledger_entries WHERE seq >= ?1",
                     options.kind ? " AND kind = ?3" : "", " ORDER BY seq LIMIT ?2"));
    if (!stmt.ok()) return stmt.status();
    sqlite3_stmt* s = stmt->get();
    sqlite3_bind_int64(s, 1, options.from_seq);
    sqlite3_bind_int64(s, 2, options.limit < 0 ? -1 : options.limit);
    if (options.kind) {
      sqlite3_bind_text(s, 3, options.kind->data(), static_cast<int>(options.kind->size()),
                        SQLITE_STATIC);
    }
    EntryView entry;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      entry.seq = sqlite3_column_int64(s, 0);
      entry.kind = ColumnView(s, 1);
      entry.recorded_at = ColumnView(s, 2);
      entry.increments = ColumnView(s, 3);
      entry.body = ColumnView(s, 4);
      entry.prev_hash = ColumnHash(s, 5);
      entry.hash = ColumnHash(s, 6);
      entry.totals = ColumnView(s, 7);
      if (!visit(entry)) return absl::OkStatus();
    }
    if (rc != SQLITE_DONE) return Error("reading entries", rc);
    return absl::OkStatus();
  }

 private:
  absl::Status Exec(const std::string& sql, const std::string& doing) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) return Error(doing, rc);
    return absl::OkStatus();
  }

  absl::StatusOr<Statement> Prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return Error("preparing a query", rc);
    return Statement(stmt);
  }

  absl::Status Cache(Statement* slot, const std::string& sql) {
    if (slot->get() != nullptr) return absl::OkStatus();
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    *slot = *std::move(stmt);
    return absl::OkStatus();
  }

  absl::Status Error(const std::string& doing, int rc = -1) const {
    if (rc == -1) rc = sqlite3_extended_errcode(db_);
    const std::string where = absl::StrCat("sqlite:", path_);
    const std::string detail = absl::StrCat(doing, " in ", where, ": ", sqlite3_errmsg(db_));
    switch (rc & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return Problem(
            absl::StatusCode::kUnavailable,
            absl::StrCat(detail, " (another writer held the lock for ", busy_timeout_ms_, " ms)"),
            "the other writer to finish");
      case SQLITE_NOTADB:
        return Problem(absl::StatusCode::kInvalidArgument,
                       absl::StrCat(where, " is not a SQLite database"),
                       "a ledger file created by `stargate ledger init`");
      case SQLITE_CORRUPT:
        return Problem(absl::StatusCode::kDataLoss, std::string(detail), "an intact database file");
      case SQLITE_FULL:
        return Problem(absl::StatusCode::kResourceExhausted, std::string(detail),
                       "free disk space");
      case SQLITE_READONLY:
      case SQLITE_PERM:
      case SQLITE_CANTOPEN:
        return Problem(absl::StatusCode::kUnavailable, std::string(detail),
                       "a readable and writable file and directory");
      case SQLITE_IOERR:
        // The storage failed under a ledger that was open: a domain failure
        // (exit 1, docs/ledger.md), not a path the user got wrong.
        return Problem(absl::StatusCode::kDataLoss, std::string(detail),
                       "storage that reads and writes without error");
      case SQLITE_CONSTRAINT:
        return Problem(absl::StatusCode::kFailedPrecondition, std::string(detail),
                       "the ledger to change only by appends");
      default:
        return absl::InternalError(detail);
    }
  }

  sqlite3* db_;
  std::string path_;
  int busy_timeout_ms_;
  Statement insert_entry_;
  Statement read_counter_;
  Statement write_counter_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<LedgerBackend>> OpenSqliteBackend(const LedgerUri& uri,
                                                                 OpenMode mode,
                                                                 int busy_timeout_ms) {
  const std::string init_hint =
      absl::StrCat("`stargate ledger init --ledger ", uri.ToString(), "` to create one first");
  std::error_code ec;
  // An empty file is what SQLite would turn into a database: only init may.
  if (mode != OpenMode::kCreate) {
    const auto size = std::filesystem::file_size(uri.path, ec);
    if (ec || std::filesystem::is_directory(uri.path)) {
      return Problem(absl::StatusCode::kNotFound,
                     absl::StrCat("no ledger at ", uri.ToString(),
                                  ec == std::errc::no_such_file_or_directory
                                      ? " (no such file)"
                                      : absl::StrCat(" (", ec ? ec.message() : "a directory", ")")),
                     init_hint);
    }
    if (size == 0) {
      return Problem(absl::StatusCode::kNotFound,
                     absl::StrCat("no ledger at ", uri.ToString(), " (an empty file)"), init_hint);
    }
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_NOMUTEX |
                    (mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    (mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(uri.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Problem(absl::StatusCode::kUnavailable,
                   absl::StrCat("cannot open ", uri.ToString(), ": ", message),
                   mode == OpenMode::kReadOnly ? "a readable file"
                                               : "a writable file in an existing directory");
  }
  auto backend = std::make_unique<SqliteBackend>(db, uri.path, busy_timeout_ms);
  if (mode != OpenMode::kCreate) {
    // Read before anything is written: a file that is not a ledger is left as it is.
    auto version = backend->ReadSchemaVersion();
    if (!version.ok()) {
      if (version.status().code() == absl::StatusCode::kInvalidArgument) {
        return Problem(absl::StatusCode::kNotFound,
                       absl::StrCat("no ledger at ", uri.ToString(), " (not a SQLite database)"),
                       init_hint);
      }
      return version.status();
    }
    if (*version == 0) {
      return Problem(absl::StatusCode::kNotFound,
                     absl::StrCat("no ledger at ", uri.ToString(),
                                  " (a SQLite database without ledger tables)"),
                     init_hint);
    }
  }
  if (mode == OpenMode::kReadOnly) return backend;
  if (auto s = backend->Configure(); !s.ok()) return s;
  return backend;
}

}  // namespace stargate::ledger
