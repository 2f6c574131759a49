// Test support: a fresh, empty ledger location on each backend (a temporary
// SQLite file; a fresh schema on the PostgreSQL server named by PGTEST_URI),
// and raw SQL on it to tamper with the ledger behind its back.
#ifndef STARGATE_LEDGER_TEST_LEDGERS_H_
#define STARGATE_LEDGER_TEST_LEDGERS_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "stargate/ledger/ledger.h"

namespace stargate::ledger::testing {

enum class BackendKind { kSqlite, kPostgres };
std::string BackendName(BackendKind kind);  // "sqlite" | "postgresql", for test names

// PGTEST_URI as a postgresql:// URI (libpq key=value conninfo is converted);
// nullopt when it is not set.
std::optional<std::string> PostgresTestUri();

// Why a PostgreSQL test is skipped.
inline constexpr char kNoPostgres[] =
    "PGTEST_URI is not set: start a throwaway server with `eval \"$(tests/pg_server.sh start)\"`";

class TestLedger {
 public:
  // Nullptr for kPostgres when PGTEST_URI is not set (the caller skips).
  static std::unique_ptr<TestLedger> Create(BackendKind kind);
  ~TestLedger();
  TestLedger(const TestLedger&) = delete;
  TestLedger& operator=(const TestLedger&) = delete;

  BackendKind kind() const { return kind_; }
  const std::string& uri() const { return uri_; }
  // Raw SQL, bypassing the ledger. Fails the test on an error.
  void Exec(const std::string& sql);
  // The first column of the first row, as text ("" when there is none).
  std::string Query(const std::string& sql);
  // Raw SQL that may fail (e.g. refused by a trigger); true when it ran.
  bool TryExec(const std::string& sql);
  // A SQL literal for a 32-byte hash in this backend's dialect.
  std::string HashLiteral(const std::string& hex) const;
  // Turns a current ledger into a schema-version-1 (or 2) one, as an older
  // stargate wrote it: entries without totals, rehashed.
  void DowngradeToVersion1();
  void DowngradeToVersion2();
  // Drops the triggers that refuse UPDATE and DELETE of entries and of
  // running totals, as an attacker with write access to the database would.
  void DropAppendOnlyGuards();

 private:
  TestLedger(BackendKind kind, std::string uri, std::string cleanup);
  BackendKind kind_;
  std::string uri_;
  std::string cleanup_;  // SQLite: the directory; PostgreSQL: the schema
};

// A test run once per backend; PostgreSQL cases skip without PGTEST_URI.
class BackendTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override;
  // Inits the ledger and opens it, with a fixed clock unless one is given.
  std::unique_ptr<Ledger> InitAndOpen(LedgerOptions options = {});
  std::unique_ptr<TestLedger> db_;
};
std::string BackendParamName(const ::testing::TestParamInfo<BackendKind>& info);

// Small valid entries.
NewEntry ScreeningEntry(const std::string& name);
NewEntry ShipmentEntry(const std::string& id, int quantity, Increments increments);

}  // namespace stargate::ledger::testing

#endif  // STARGATE_LEDGER_TEST_LEDGERS_H_
