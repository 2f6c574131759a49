// Schema versions on each backend: an older ledger is refused with what to
// do, and `init` migrates it keeping every entry, hash and total.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stargate/ledger/ledger.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;
using ::testing::HasSubstr;
using testing::ShipmentEntry;

class MigrationsTest : public testing::BackendTest {};

TEST_P(MigrationsTest, AVersion1LedgerIsRefusedThenMigratedByInit) {
  Head head;
  CounterMap totals;
  {
    auto ledger = InitAndOpen();
    for (int i = 0; i < 6; ++i) {
      ASSERT_TRUE(ledger
                      ->Append({{ShipmentEntry("s" + std::to_string(i), 1,
                                               {{"cap:a", 0.1 * i}, {"lpp:G42:2025", 15832}})}})
                      .ok());
    }
    totals = *ledger->AllTotals();
  }
  db_->DowngradeToVersion1();
  {
    auto old = Ledger::Open(db_->uri(), OpenMode::kReadOnly);
    ASSERT_FALSE(old.ok());
  }
  head.hash = HashFromHex(db_->Query(db_->kind() == BackendKind::kSqlite
                                         ? "SELECT hex(hash) FROM ledger_head"
                                         : "SELECT encode(hash, 'hex') FROM ledger_head"))
                  .value();
  head.seq = 6;

  auto opened = Ledger::Open(db_->uri());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(opened.status().message(),
              HasSubstr("has schema version 1, older than this stargate's 3; expected "
                        "`stargate ledger init --ledger "));

  auto init = Ledger::Init(db_->uri());
  ASSERT_TRUE(init.ok()) << init.status();
  EXPECT_EQ(init->action, InitResult::Action::kMigrated);
  EXPECT_EQ(init->from_version, 1);
  EXPECT_EQ(init->version, 3);

  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_EQ((*ledger)->GetHead()->hash, head.hash);
  EXPECT_EQ(*(*ledger)->AllTotals(), totals);  // rebuilt bit for bit
  auto report = (*ledger)->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->message;
  // The migrated ledger is append-only again.
  EXPECT_FALSE(db_->TryExec("DELETE FROM ledger_entries WHERE seq = 1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

}  // namespace
}  // namespace stargate::ledger
