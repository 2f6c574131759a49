// Tampering behind the ledger's back, on each backend: verify must name the
// first entry that was changed, deleted or reordered.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/ledger.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;
using ::testing::HasSubstr;
using testing::ShipmentEntry;
using Problem = VerifyReport::Problem;

class VerifyTest : public testing::BackendTest {
 protected:
  // Ten shipments, each adding 100 to cap:a and i to cap:b.
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    ledger_ = InitAndOpen();
    for (int i = 1; i <= 10; ++i) {
      auto r = ledger_->Append(
          {{ShipmentEntry(absl::StrCat("s-", i), i, {{"cap:a", 100}, {"cap:b", i * 1.5}})}});
      ASSERT_TRUE(r.ok()) << r.status();
      hashes_.push_back(r->head.hash);
    }
    db_->DropAppendOnlyGuards();
  }

  // Verifies in one pass, and again in stretches of a few entries on three
  // threads (each on its own connection), which must report the same.
  VerifyReport Verify(const std::optional<Head>& anchor = std::nullopt) {
    auto report = ledger_->Verify(anchor, /*threads=*/1);
    EXPECT_TRUE(report.ok()) << report.status();
    if (!report.ok()) return VerifyReport{};
    auto stretched = ledger_->Verify(anchor, /*threads=*/3, /*min_entries_per_thread=*/1);
    EXPECT_TRUE(stretched.ok()) << stretched.status();
    if (stretched.ok()) {
      EXPECT_EQ(stretched->problem, report->problem);
      EXPECT_EQ(stretched->first_bad_seq, report->first_bad_seq);
      EXPECT_EQ(stretched->message, report->message);
      EXPECT_EQ(stretched->entries_checked, report->entries_checked);
      EXPECT_EQ(stretched->counters_checked, report->counters_checked);
    }
    return *report;
  }

  // Moves the entry at `from` to `to` (which must be free).
  void Move(int from, int to) {
    db_->Exec(absl::StrCat("UPDATE ledger_entries SET seq = ", to, " WHERE seq = ", from));
  }

  std::unique_ptr<Ledger> ledger_;
  std::vector<Hash> hashes_;  // hashes_[i] is entry i + 1's
};

TEST_P(VerifyTest, AnIntactLedgerVerifies) {
  const VerifyReport report = Verify();
  EXPECT_TRUE(report.ok()) << report.message;
  EXPECT_EQ(report.entries_checked, 10);
  EXPECT_EQ(report.counters_checked, 2);
  EXPECT_EQ(report.head.seq, 10);
  EXPECT_EQ(report.head.hash, hashes_.back());
  EXPECT_TRUE(Verify(Head{4, hashes_[3]}).ok());
}

TEST_P(VerifyTest, AnEmptyLedgerVerifies) {
  auto db = testing::TestLedger::Create(GetParam());
  ASSERT_TRUE(Ledger::Init(db->uri()).ok());
  auto report = (*Ledger::Open(db->uri()))->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries_checked, 0);
}

TEST_P(VerifyTest, AChangedEntryIsNamed) {
  db_->Exec(
      "UPDATE ledger_entries SET body = replace(body, '\"quantity\":5', '\"quantity\":50') "
      "WHERE seq = 5");
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kChanged);
  EXPECT_EQ(report.first_bad_seq, 5);
  EXPECT_EQ(report.entries_checked, 4);
  EXPECT_EQ(report.message, "entry 5 was changed: its contents no longer match its hash");
}

TEST_P(VerifyTest, ChangedIncrementsKindOrTimeAreCaught) {
  db_->Exec("UPDATE ledger_entries SET recorded_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 9");
  EXPECT_EQ(Verify().first_bad_seq, 9);
  db_->Exec("UPDATE ledger_entries SET kind = 'screening' WHERE seq = 8");
  EXPECT_EQ(Verify().first_bad_seq, 8);
  db_->Exec(
      "UPDATE ledger_entries SET increments = '{\"cap:a\":1.0,\"cap:b\":10.5}' WHERE seq = 7");
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kChanged);
  EXPECT_EQ(report.first_bad_seq, 7);
}

TEST_P(VerifyTest, ADeletedEntryIsNamed) {
  db_->Exec("DELETE FROM ledger_entries WHERE seq = 5");
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kDeleted);
  EXPECT_EQ(report.first_bad_seq, 5);
  EXPECT_EQ(report.message,
            "entry 5 is missing: the ledger goes from entry 4 to entry 6 (deleted)");
}

TEST_P(VerifyTest, EntriesCutFromTheEndAreNamed) {
  db_->Exec("DELETE FROM ledger_entries WHERE seq >= 9");
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kDeleted);
  EXPECT_EQ(report.first_bad_seq, 9);
  EXPECT_THAT(report.message,
              HasSubstr("entries 9..10 are missing: the ledger's head is entry 10"));
}

TEST_P(VerifyTest, ADeletionHiddenByRenumberingIsNamed) {
  db_->Exec("DELETE FROM ledger_entries WHERE seq = 4");
  for (int seq = 5; seq <= 10; ++seq) Move(seq, seq - 1);
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kDeleted);
  EXPECT_EQ(report.first_bad_seq, 4);
  EXPECT_EQ(report.message,
            "entry 4 was deleted and the later entries renumbered: the entry now at 4 was written "
            "as entry 5");
}

TEST_P(VerifyTest, ReorderedEntriesAreNamed) {
  Move(3, -3);
  Move(7, 3);
  Move(-3, 7);
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kReordered);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_EQ(report.message,
            "entry 3 is out of order: it was written right after the entry now at 6, not after "
            "entry 2 (entries were reordered)");
}

TEST_P(VerifyTest, ARewriteWithARecomputedHashIsNamed) {
  // A careful forger edits entry 6 and recomputes its hash; entry 7 still
  // links to the old one.
  StoredEntry entry;
  ASSERT_TRUE(ledger_
                  ->Scan({.from_seq = 6, .limit = 1, .kind = std::nullopt},
                         [&](const StoredEntry& e) {
                           entry = e;
                           return false;
                         })
                  .ok());
  entry.body = entry.body.replace(entry.body.find("s-6"), 3, "s-X");
  const Hash forged = ChainHash(entry.prev_hash, Envelope(entry));
  db_->Exec(absl::StrCat("UPDATE ledger_entries SET body = '", entry.body,
                         "', hash = ", db_->HashLiteral(ToHex(forged)), " WHERE seq = 6"));
  const VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kChanged);
  EXPECT_EQ(report.first_bad_seq, 6);
  EXPECT_THAT(report.message, HasSubstr("entry 6 was changed and its hash recomputed"));
}

TEST_P(VerifyTest, AnEditedRunningTotalIsCaught) {
  db_->Exec("UPDATE ledger_counters SET total = total - 100 WHERE key = 'cap:a'");
  VerifyReport report = Verify();
  EXPECT_EQ(report.problem, Problem::kCounterChanged);
  EXPECT_EQ(report.entries_checked, 10);
  EXPECT_EQ(report.message,
            "running total 'cap:a' is 900 but the entries add up to 1000 (the totals table was "
            "edited)");
  db_->Exec("UPDATE ledger_counters SET total = total + 100 WHERE key = 'cap:a'");
  EXPECT_TRUE(Verify().ok());
  db_->Exec("DELETE FROM ledger_counters WHERE key = 'cap:b'");
  EXPECT_THAT(Verify().message, HasSubstr("running total 'cap:b' is missing"));
}

TEST_P(VerifyTest, AnAnchorCatchesATailCutWithTheHeadRewritten) {
  db_->Exec("DELETE FROM ledger_entries WHERE seq >= 9");
  db_->Exec(absl::StrCat("UPDATE ledger_head SET seq = 8, hash = ",
                         db_->HashLiteral(ToHex(hashes_[7])), " WHERE id = 1"));
  // The forger moves the totals back to what entry 8 left (the counter
  // guards are dropped, as an attacker with the database would).
  db_->Exec("UPDATE ledger_counters SET total = 800, seq = 8 WHERE key = 'cap:a'");
  db_->Exec(
      "UPDATE ledger_counters SET total = (SELECT 1.5+3.0+4.5+6.0+7.5+9.0+10.5+12.0), seq = 8 "
      "WHERE key = 'cap:b'");
  // Without an anchor the cut is invisible: the rest is a valid, shorter ledger.
  EXPECT_TRUE(Verify().ok());
  const VerifyReport report = Verify(Head{10, hashes_[9]});
  EXPECT_EQ(report.problem, Problem::kDeleted);
  EXPECT_EQ(report.first_bad_seq, 9);
  EXPECT_THAT(report.message, HasSubstr("the anchored entry 10 is missing"));
}

TEST_P(VerifyTest, AWrongAnchorIsReported) {
  const VerifyReport report = Verify(Head{3, hashes_[4]});
  EXPECT_EQ(report.problem, Problem::kChanged);
  EXPECT_EQ(report.first_bad_seq, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, VerifyTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

}  // namespace
}  // namespace stargate::ledger
