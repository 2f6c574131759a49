// The Ledger API on each backend: init, append, totals, scans, refusals.
#include "stargate/ledger/ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "stargate/ledger/internal/canonical_json.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;
using ::testing::HasSubstr;
using testing::ScreeningEntry;
using testing::ShipmentEntry;

class LedgerTest : public testing::BackendTest {};

std::vector<StoredEntry> All(Ledger& ledger, ScanOptions options = {}) {
  std::vector<StoredEntry> entries;
  EXPECT_TRUE(ledger
                  .Scan(options,
                        [&](const StoredEntry& e) {
                          entries.push_back(e);
                          return true;
                        })
                  .ok());
  return entries;
}

TEST_P(LedgerTest, OpeningBeforeInitSaysToInit) {
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(ledger.status().message(), HasSubstr("no ledger at "));
  EXPECT_THAT(ledger.status().message(), HasSubstr("expected `stargate ledger init --ledger "));
}

TEST_P(LedgerTest, InitCreatesOnceThenLeavesTheLedgerAlone) {
  auto first = Ledger::Init(db_->uri());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->action, InitResult::Action::kCreated);
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  ASSERT_TRUE((*ledger)->Append({{ScreeningEntry("Acme")}}).ok());
  auto second = Ledger::Init(db_->uri());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->action, InitResult::Action::kCurrent);
  EXPECT_EQ((*ledger)->GetHead()->seq, 1);
  EXPECT_EQ((*ledger)->backend_name(), testing::BackendName(GetParam()));
}

TEST_P(LedgerTest, AppendNumbersChainsAndStoresCanonicalJson) {
  auto ledger = InitAndOpen();
  auto result = ledger->Append({{ShipmentEntry("s-1", 10, {{"cap:a", 158320}}),
                                 ScreeningEntry("Acme"), ScreeningEntry("Bolt")}});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->first_seq, 1);
  EXPECT_EQ(result->last_seq, 3);
  EXPECT_EQ(result->count(), 3);
  const auto entries = All(*ledger);
  ASSERT_EQ(entries.size(), 3u);
  Hash prev = kGenesisHash;
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(entries[i].prev_hash, prev);
    EXPECT_EQ(entries[i].hash, ChainHash(prev, Envelope(entries[i])));
    EXPECT_EQ(entries[i].recorded_at, "2026-11-28T10:00:00.000000Z");
    prev = entries[i].hash;
  }
  EXPECT_EQ(entries[0].kind, "shipment_decision");
  EXPECT_EQ(entries[0].body, *CanonicalJson(ShipmentEntry("s-1", 10, {}).body));
  EXPECT_EQ(entries[0].increments, R"({"cap:a":158320.0})");
  EXPECT_EQ(entries[1].body, R"({"name":"Acme","result":"clear"})");
  EXPECT_EQ(entries[1].increments, "{}");
  EXPECT_EQ(result->head.seq, 3);
  EXPECT_EQ(result->head.hash, prev);
  EXPECT_EQ(ledger->GetHead()->hash, prev);
}

TEST_P(LedgerTest, IncrementsAddUpInRunningTotals) {
  auto ledger = InitAndOpen();
  ASSERT_TRUE(
      ledger->Append({{ShipmentEntry("s-1", 1, {{"cap:a", 0.1}, {"lpp:G42:2025", 5}})}}).ok());
  ASSERT_TRUE(ledger
                  ->Append({{ShipmentEntry("s-2", 1, {{"cap:a", 0.2}}),
                             ShipmentEntry("s-3", 1, {{"cap:a", -0.05}})}})
                  .ok());
  auto totals = ledger->Totals({"cap:a", "lpp:G42:2025", "cap:never"});
  ASSERT_TRUE(totals.ok()) << totals.status();
  EXPECT_EQ(totals->at("cap:a"), 0.1 + 0.2 + -0.05);  // same order, so bit for bit
  EXPECT_EQ(totals->at("lpp:G42:2025"), 5);
  EXPECT_EQ(totals->at("cap:never"), 0);
  auto all = ledger->AllTotals();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(LedgerTest, TotalsWithAPrefixAreAnIndexRange) {
  auto ledger = InitAndOpen();
  const Increments increments = {{"cap:a", 1}, {"cap:b/IN", 2},     {"cap", 3},         {"cap;", 4},
                                 {"capx", 5},  {"lpp:G42:2025", 6}, {"lpp:G%_:2025", 7}};
  Batch batch;
  batch.entries.push_back(ShipmentEntry("s-1", 1, increments));
  ASSERT_TRUE(ledger->Append(batch).ok());
  auto caps = ledger->TotalsWithPrefix("cap:");
  ASSERT_TRUE(caps.ok()) << caps.status();
  EXPECT_EQ(*caps, (CounterMap{{"cap:a", 1}, {"cap:b/IN", 2}}));
  EXPECT_EQ(ledger->TotalsWithPrefix("lpp:G%")->size(), 1u);  // '%' is not a wildcard
  EXPECT_EQ(ledger->TotalsWithPrefix("")->size(), 7u);
  auto inside = ledger->AppendWithCheck([](const TotalsReader& totals) -> absl::StatusOr<Batch> {
    auto lpp = totals.TotalsWithPrefix("lpp:");
    if (!lpp.ok()) return lpp.status();
    EXPECT_EQ(lpp->size(), 2u);
    return Batch{};
  });
  EXPECT_TRUE(inside.ok());
}

TEST_P(LedgerTest, AppendedEntriesSurviveReopening) {
  {
    auto ledger = InitAndOpen();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          ledger->Append({{ShipmentEntry("s-" + std::to_string(i), 1, {{"cap:a", 1}})}}).ok());
    }
  }
  auto reopened = Ledger::Open(db_->uri());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->GetHead()->seq, 5);
  EXPECT_EQ((*reopened)->Totals({"cap:a"})->at("cap:a"), 5);
  EXPECT_TRUE((*reopened)->Verify()->ok());
}

TEST_P(LedgerTest, AMalformedEntryIsRefusedAndNothingIsWritten) {
  auto ledger = InitAndOpen();
  ASSERT_TRUE(ledger->Append({{ShipmentEntry("s-1", 1, {{"cap:a", 1}})}}).ok());
  auto bad = ShipmentEntry("s-2", 1, {{"cap:a", 1}});
  bad.body["shipment"]["quantity"] = 0;
  auto result = ledger->Append({{ShipmentEntry("s-ok", 1, {{"cap:a", 1}}), bad}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(),
            "malformed entry, nothing was written: entry 1 /entry/shipment/quantity: "
            "'shipment.quantity' is 0; expected a positive integer");
  EXPECT_EQ(ledger->GetHead()->seq, 1);
  EXPECT_EQ(ledger->Totals({"cap:a"})->at("cap:a"), 1);
  EXPECT_EQ(All(*ledger).size(), 1u);
}

TEST_P(LedgerTest, AnOverflowingTotalIsRefused) {
  auto ledger = InitAndOpen();
  auto result = ledger->Append({{ShipmentEntry("s-1", 1, {{"cap:a", 1.5e308}}),
                                 ShipmentEntry("s-2", 1, {{"cap:a", 1.5e308}})}});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("running total 'cap:a' would overflow"));
  EXPECT_EQ(ledger->GetHead()->seq, 0);
}

TEST_P(LedgerTest, AppendWithCheckDecidesOnTheTotalsItSees) {
  auto ledger = InitAndOpen();
  ASSERT_TRUE(ledger->Append({{ShipmentEntry("s-1", 1, {{"cap:a", 60}})}}).ok());
  auto decide = [](const TotalsReader& totals) -> absl::StatusOr<Batch> {
    auto used = totals.Totals({"cap:a"});
    if (!used.ok()) return used.status();
    EXPECT_EQ(totals.head().seq >= 1, true);
    if (used->at("cap:a") + 30 > 100) return Batch{};
    return Batch{{ShipmentEntry("s-next", 1, {{"cap:a", 30}})}};
  };
  auto first = ledger->AppendWithCheck(decide);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->count(), 1);
  auto second = ledger->AppendWithCheck(decide);  // 90 + 30 > 100: nothing
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->count(), 0);
  EXPECT_EQ(second->head.seq, 2);
  EXPECT_EQ(ledger->Totals({"cap:a"})->at("cap:a"), 90);
}

TEST_P(LedgerTest, AppendWithCheckPassesRefusalsThroughAndWritesNothing) {
  auto ledger = InitAndOpen();
  auto refused = ledger->AppendWithCheck(
      [](const TotalsReader&) -> absl::StatusOr<Batch> { return absl::AbortedError("no"); });
  EXPECT_EQ(refused.status(), absl::AbortedError("no"));
  auto malformed = ledger->AppendWithCheck([](const TotalsReader&) -> absl::StatusOr<Batch> {
    return Batch{{ScreeningEntry("ok"), NewEntry{EntryKind::kTierChange, {{"country", "IN"}}, {}}}};
  });
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(malformed.status().message(),
              HasSubstr("entry 1 /entry: tier_change entry has no 'from'"));
  EXPECT_EQ(ledger->GetHead()->seq, 0);
  // The lock was released: a later append goes through.
  EXPECT_TRUE(ledger->Append({{ScreeningEntry("after")}}).ok());
}

TEST_P(LedgerTest, ScanFiltersByKindStartAndLimit) {
  auto ledger = InitAndOpen();
  Batch batch;
  for (int i = 0; i < 10; ++i) {
    batch.entries.push_back(i % 2 ? ScreeningEntry("n" + std::to_string(i))
                                  : ShipmentEntry("s" + std::to_string(i), 1, {}));
  }
  ASSERT_TRUE(ledger->Append(batch).ok());
  EXPECT_EQ(All(*ledger, {.from_seq = 4, .limit = 3, .kind = std::nullopt}).front().seq, 4);
  EXPECT_EQ(All(*ledger, {.from_seq = 4, .limit = 3, .kind = std::nullopt}).size(), 3u);
  const auto screenings = All(*ledger, {.from_seq = 1, .limit = -1, .kind = "screening"});
  ASSERT_EQ(screenings.size(), 5u);
  EXPECT_EQ(screenings[0].seq, 2);
  EXPECT_EQ(All(*ledger, {.from_seq = 11, .limit = -1, .kind = std::nullopt}).size(), 0u);
  int visited = 0;
  ASSERT_TRUE(ledger->Scan({}, [&](const StoredEntry&) { return ++visited < 2; }).ok());
  EXPECT_EQ(visited, 2);
}

TEST_P(LedgerTest, EntriesAreAppendOnlyAtTheDatabaseToo) {
  auto ledger = InitAndOpen();
  ASSERT_TRUE(ledger->Append({{ScreeningEntry("Acme")}}).ok());
  EXPECT_FALSE(db_->TryExec("UPDATE ledger_entries SET body = '{}' WHERE seq = 1"));
  EXPECT_FALSE(db_->TryExec("DELETE FROM ledger_entries WHERE seq = 1"));
  EXPECT_TRUE(ledger->Verify()->ok());
}

TEST_P(LedgerTest, ALedgerFromANewerStargateIsRefused) {
  auto ledger = InitAndOpen();
  db_->Exec("UPDATE ledger_meta SET value = '99' WHERE key = 'schema_version'");
  auto opened = Ledger::Open(db_->uri());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(opened.status().message(),
              HasSubstr("has schema version 99, newer than this stargate's 3; expected a stargate "
                        "that reads schema version 99"));
  auto init = Ledger::Init(db_->uri());
  EXPECT_EQ(init.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_P(LedgerTest, AnUnreachableDatabaseIsAClearError) {
  const std::string uri = GetParam() == BackendKind::kSqlite
                              ? "sqlite:/nonexistent-dir/sub/ledger.db"
                              : "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2";
  auto init = Ledger::Init(uri);
  ASSERT_FALSE(init.ok());
  EXPECT_EQ(init.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(init.status().message(),
              HasSubstr(GetParam() == BackendKind::kSqlite ? "cannot open sqlite:/nonexistent-dir"
                                                           : "cannot connect to postgresql://"));
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

TEST(SqliteLedgerTest, AFileThatIsNotADatabaseIsRefused) {
  auto db = testing::TestLedger::Create(BackendKind::kSqlite);
  std::ofstream(db->uri().substr(7)) << "this is not a database, just text long enough to check\n";
  auto opened = Ledger::Open(db->uri());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(opened.status().message(),
              HasSubstr("(not a SQLite database); expected `stargate ledger init"));
}

// Scans (verify, export) read a quarter as many pages as with SQLite's
// default 4 KiB; see SqliteBackend::Configure.
TEST(SqliteLedgerTest, ANewLedgerHasSixteenKibPages) {
  auto db = testing::TestLedger::Create(BackendKind::kSqlite);
  ASSERT_TRUE(Ledger::Init(db->uri()).ok());
  EXPECT_EQ(db->Query("PRAGMA page_size"), "16384");
  EXPECT_EQ(db->Query("PRAGMA journal_mode"), "wal");
}

}  // namespace
}  // namespace stargate::ledger
