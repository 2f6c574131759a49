#include "stargate/ledger/test_ledgers.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace stargate::ledger::testing {
namespace {

std::string SqliteExec(const std::string& path, const std::string& sql, bool want_value,
                       bool* ok = nullptr) {
  sqlite3* db = nullptr;
  std::string value;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    return value;
  }
  sqlite3_busy_timeout(db, 10000);
  char* error = nullptr;
  auto keep_first = [](void* out, int columns, char** values, char**) {
    auto* text = static_cast<std::string*>(out);
    if (columns > 0 && text->empty() && values[0] != nullptr) *text = values[0];
    return 0;
  };
  if (sqlite3_exec(db, sql.c_str(), want_value ? +keep_first : nullptr, &value, &error) !=
      SQLITE_OK) {
    if (ok != nullptr) {
      *ok = false;
    } else {
      ADD_FAILURE() << "SQL failed: " << sql << ": " << (error ? error : "?");
    }
  }
  sqlite3_free(error);
  sqlite3_close_v2(db);
  return value;
}

std::string PostgresExec(const std::string& uri, const std::string& sql, bool* ok = nullptr) {
  try {
    pqxx::connection conn(uri);
    pqxx::work tx(conn);
    pqxx::result rows = tx.exec(sql);
    tx.commit();
    if (rows.empty() || rows.columns() == 0 || rows[0][0].is_null()) return "";
    return rows[0][0].c_str();
  } catch (const std::exception& e) {
    if (ok != nullptr) {
      *ok = false;
    } else {
      ADD_FAILURE() << "SQL failed: " << sql << ": " << e.what();
    }
    return "";
  }
}

}  // namespace

std::string BackendName(BackendKind kind) {
  return kind == BackendKind::kSqlite ? "sqlite" : "postgresql";
}

std::optional<std::string> PostgresTestUri() {
  const char* value = std::getenv("PGTEST_URI");
  if (value == nullptr || *value == '\0') return std::nullopt;
  std::string text = value;
  if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) return text;
  // "host=127.0.0.1 port=55432 user=postgres dbname=postgres"
  std::map<std::string, std::string> fields;
  for (absl::string_view part : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    fields[kv.first] = kv.second;
  }
  return absl::StrCat("postgresql://", fields.count("user") ? fields["user"] + "@" : "",
                      fields.count("host") ? fields["host"] : "127.0.0.1",
                      fields.count("port") ? ":" + fields["port"] : "", "/",
                      fields.count("dbname") ? fields["dbname"] : "postgres");
}

TestLedger::TestLedger(BackendKind kind, std::string uri, std::string cleanup)
    : kind_(kind), uri_(std::move(uri)), cleanup_(std::move(cleanup)) {}

std::unique_ptr<TestLedger> TestLedger::Create(BackendKind kind) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  if (kind == BackendKind::kSqlite) {
    std::string dir = (std::filesystem::temp_directory_path() / "stargate-ledger-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) std::abort();
    return std::unique_ptr<TestLedger>(
        new TestLedger(kind, absl::StrCat("sqlite:", dir, "/ledger.db"), dir));
  }
  auto base = PostgresTestUri();
  if (!base) return nullptr;
  const std::string schema = absl::StrCat("ledger_test_", getpid(), "_", n);
  PostgresExec(*base,
               absl::StrCat("DROP SCHEMA IF EXISTS ", schema, " CASCADE; CREATE SCHEMA ", schema));
  const std::string uri = absl::StrCat(*base, base->find('?') == std::string::npos ? "?" : "&",
                                       "options=-csearch_path%3D", schema);
  return std::unique_ptr<TestLedger>(new TestLedger(kind, uri, schema));
}

TestLedger::~TestLedger() {
  if (kind_ == BackendKind::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
  } else if (auto base = PostgresTestUri()) {
    PostgresExec(*base, absl::StrCat("DROP SCHEMA IF EXISTS ", cleanup_, " CASCADE"));
  }
}

void TestLedger::Exec(const std::string& sql) { Query(sql); }

std::string TestLedger::Query(const std::string& sql) {
  if (kind_ == BackendKind::kSqlite) return SqliteExec(uri_.substr(7), sql, true);
  return PostgresExec(uri_, sql);
}

bool TestLedger::TryExec(const std::string& sql) {
  bool ok = true;
  if (kind_ == BackendKind::kSqlite) {
    SqliteExec(uri_.substr(7), sql, false, &ok);
  } else {
    PostgresExec(uri_, sql, &ok);
  }
  return ok;
}

std::string TestLedger::HashLiteral(const std::string& hex) const {
  return kind_ == BackendKind::kSqlite ? absl::StrCat("X'", hex, "'")
                                       : absl::StrCat("'\\x", hex, "'::bytea");
}

void TestLedger::DowngradeToVersion1() {
  DowngradeToVersion2();
  if (kind_ == BackendKind::kSqlite) {
    Exec("DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete");
  } else {
    Exec(
        "DROP TRIGGER ledger_entries_append_only ON ledger_entries; "
        "DROP TRIGGER ledger_entries_no_truncate ON ledger_entries; "
        "DROP FUNCTION ledger_refuse_change()");
  }
  Exec("DROP TABLE ledger_counters");
  Exec("UPDATE ledger_meta SET value = '1' WHERE key = 'schema_version'");
}

void TestLedger::DowngradeToVersion2() {
  // Entries written before version 3 carry no totals: rewrite the chain as
  // an older stargate would have written the same entries.
  std::vector<StoredEntry> entries;
  {
    auto ledger = Ledger::Open(uri_, OpenMode::kReadOnly);
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    ASSERT_TRUE((*ledger)
                    ->Scan({},
                           [&](const StoredEntry& e) {
                             entries.push_back(e);
                             return true;
                           })
                    .ok());
  }
  DropAppendOnlyGuards();
  Hash prev = kGenesisHash;
  std::string sql;
  for (auto& e : entries) {
    e.totals.clear();
    e.prev_hash = prev;
    e.hash = ChainHash(prev, Envelope(e));
    prev = e.hash;
    absl::StrAppend(&sql, "UPDATE ledger_entries SET prev_hash = ", HashLiteral(ToHex(e.prev_hash)),
                    ", hash = ", HashLiteral(ToHex(e.hash)), " WHERE seq = ", e.seq, ";");
  }
  absl::StrAppend(&sql, "UPDATE ledger_head SET hash = ", HashLiteral(ToHex(prev)),
                  " WHERE id = 1;");
  Exec(sql);
  Exec("ALTER TABLE ledger_entries DROP COLUMN totals");
  Exec("ALTER TABLE ledger_counters DROP COLUMN seq");
  if (kind_ == BackendKind::kSqlite) {
    Exec(
        "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries "
        "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END; "
        "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries "
        "BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;");
  } else {
    Exec(
        "DROP FUNCTION ledger_counters_forward(); "
        "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries "
        "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change(); "
        "CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();");
  }
  Exec("UPDATE ledger_meta SET value = '2' WHERE key = 'schema_version'");
}

void TestLedger::DropAppendOnlyGuards() {
  if (kind_ == BackendKind::kSqlite) {
    Exec(
        "DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete; "
        "DROP TRIGGER IF EXISTS ledger_counters_no_delete; "
        "DROP TRIGGER IF EXISTS ledger_counters_forward");
  } else {
    Exec(
        "DROP TRIGGER ledger_entries_append_only ON ledger_entries; "
        "DROP TRIGGER ledger_entries_no_truncate ON ledger_entries; "
        "DROP TRIGGER IF EXISTS ledger_counters_forward ON ledger_counters; "
        "DROP TRIGGER IF EXISTS ledger_counters_no_truncate ON ledger_counters");
  }
}

void BackendTest::SetUp() {
  db_ = TestLedger::Create(GetParam());
  if (!db_) GTEST_SKIP() << kNoPostgres;
}

std::unique_ptr<Ledger> BackendTest::InitAndOpen(LedgerOptions options) {
  if (!options.clock) options.clock = [] { return std::string("2026-11-28T10:00:00.000000Z"); };
  auto init = Ledger::Init(db_->uri(), options);
  EXPECT_TRUE(init.ok()) << init.status();
  auto ledger = Ledger::Open(db_->uri(), options);
  EXPECT_TRUE(ledger.ok()) << ledger.status();
  return ledger.ok() ? *std::move(ledger) : nullptr;
}

std::string BackendParamName(const ::testing::TestParamInfo<BackendKind>& info) {
  return BackendName(info.param);
}

NewEntry ScreeningEntry(const std::string& name) {
  return {EntryKind::kScreening, {{"name", name}, {"result", "clear"}}, {}};
}

NewEntry ShipmentEntry(const std::string& id, int quantity, Increments increments) {
  nlohmann::json body = {{"shipment",
                          {{"id", id},
                           {"date", "2025-06-01"},
                           {"destination", "AE"},
                           {"quantity", quantity},
                           {"consignee", "G42"},
                           {"accelerator", "H100-SXM"}}},
                         {"decision", {{"outcome", "license_exception"}, {"exception", "LPP"}}}};
  return {EntryKind::kShipmentDecision, std::move(body), std::move(increments)};
}

}  // namespace stargate::ledger::testing
