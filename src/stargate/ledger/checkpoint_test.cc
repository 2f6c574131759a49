// Signed checkpoints and proofs over a real ledger, on each backend: a
// checkpoint catches a rewrite, a truncation or an emptied ledger that the
// hash chain alone cannot; proofs check with the public key and the log only.
#include "stargate/ledger/checkpoint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/proofs.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;
using ::testing::HasSubstr;
using testing::ScreeningEntry;

class CheckpointTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    testing::BackendTest::SetUp();
    dir_ =
        (std::filesystem::temp_directory_path() / absl::StrCat("ckpt_", getpid(), "_", counter_++))
            .string();
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(SigningKey::Generate(dir_ + "/key", dir_ + "/key.pub").ok());
    key_ = *SigningKey::LoadPrivate(dir_ + "/key");
    pub_ = *SigningKey::LoadPublic(dir_ + "/key.pub");
    log_ = dir_ + "/checkpoints";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Add(Ledger& ledger, int n) {
    Batch batch;
    for (int i = 0; i < n; ++i) batch.entries.push_back(ScreeningEntry(absl::StrCat("party ", i)));
    ASSERT_TRUE(ledger.Append(batch).ok());
  }
  void SignNow(Ledger& ledger) {
    auto head = ComputeTreeHead(ledger);
    ASSERT_TRUE(head.ok()) << head.status();
    Checkpoint c{head->size, head->root, "2026-12-06T12:00:00Z"};
    ASSERT_TRUE(key_->Sign(&c).ok());
    ASSERT_TRUE(AppendCheckpoint(log_, c).ok());
  }
  CheckpointReport Check(Ledger& ledger) {
    auto checkpoints = ReadCheckpointLog(log_);
    EXPECT_TRUE(checkpoints.ok()) << checkpoints.status();
    auto report = VerifyCheckpoints(ledger, *checkpoints, *pub_, "checkpoints");
    EXPECT_TRUE(report.ok()) << report.status();
    return *report;
  }

  static inline int counter_ = 0;
  std::string dir_, log_;
  std::unique_ptr<SigningKey> key_, pub_;
};

TEST_P(CheckpointTest, KeysAreEd25519AndThePrivateOneIsOwnerOnly) {
  struct stat st {};
  ASSERT_EQ(stat((dir_ + "/key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(key_->key_id(), pub_->key_id());
  EXPECT_FALSE(SigningKey::Generate(dir_ + "/key", dir_ + "/other.pub").ok());  // never overwritten
  chmod((dir_ + "/key").c_str(), 0644);
  EXPECT_THAT(SigningKey::LoadPrivate(dir_ + "/key").status().message(), HasSubstr("chmod 600"));
  EXPECT_FALSE(
      SigningKey::LoadPublic(dir_ + "/key").ok());  // a private key file is not a public key
  EXPECT_FALSE(SigningKey::LoadPublic(log_).ok());  // no such file
}

TEST_P(CheckpointTest, AnIntactLedgerMatchesEveryCheckpoint) {
  auto ledger = InitAndOpen();
  Add(*ledger, 5);
  SignNow(*ledger);
  Add(*ledger, 4);
  SignNow(*ledger);
  Add(*ledger, 2);  // entries after the latest checkpoint are fine
  const auto report = Check(*ledger);
  EXPECT_TRUE(report.ok) << report.message;
  EXPECT_EQ(report.checkpoints, 2);
  EXPECT_EQ(report.latest_size, 9);
}

TEST_P(CheckpointTest, ARewrittenTailWithRecomputedHashesIsCaught) {
  auto ledger = InitAndOpen();
  Add(*ledger, 8);
  SignNow(*ledger);
  // The attacker rewrites entries 6..8 and recomputes every hash and the head:
  // the chain verifies, the checkpoint does not.
  db_->DropAppendOnlyGuards();
  std::vector<StoredEntry> entries;
  ASSERT_TRUE(
      ledger->Scan({}, [&](const StoredEntry& e) { return entries.push_back(e), true; }).ok());
  Hash prev = entries[4].hash;
  for (size_t i = 5; i < entries.size(); ++i) {
    StoredEntry& e = entries[i];
    e.body = absl::StrCat("{\"name\":\"forged ", i, "\",\"result\":\"clear\"}");
    e.prev_hash = prev;
    e.hash = ChainHash(prev, Envelope(e));
    prev = e.hash;
    db_->Exec(absl::StrCat("UPDATE ledger_entries SET body = '", e.body,
                           "', prev_hash = ", db_->HashLiteral(ToHex(e.prev_hash)),
                           ", hash = ", db_->HashLiteral(ToHex(e.hash)), " WHERE seq = ", e.seq));
  }
  db_->Exec(absl::StrCat("UPDATE ledger_head SET hash = ", db_->HashLiteral(ToHex(prev))));
  EXPECT_TRUE(ledger->Verify()->ok());
  const auto report = Check(*ledger);
  EXPECT_FALSE(report.ok);
  EXPECT_THAT(report.message,
              HasSubstr("the ledger's first 8 entries no longer have the root signed at"));
}

TEST_P(CheckpointTest, ATruncatedOrEmptiedLedgerIsCaught) {
  auto ledger = InitAndOpen();
  Add(*ledger, 6);
  SignNow(*ledger);
  db_->DropAppendOnlyGuards();
  std::string hash4;
  ASSERT_TRUE(ledger
                  ->Scan({.from_seq = 4, .limit = 1},
                         [&](const StoredEntry& e) {
                           hash4 = ToHex(e.hash);
                           return false;
                         })
                  .ok());
  db_->Exec("DELETE FROM ledger_entries WHERE seq > 4");
  db_->Exec(absl::StrCat("UPDATE ledger_head SET seq = 4, hash = ", db_->HashLiteral(hash4)));
  EXPECT_TRUE(ledger->Verify()->ok());  // a shorter chain is still a chain
  EXPECT_THAT(
      Check(*ledger).message,
      HasSubstr("the ledger has 4 entries but a checkpoint signed at 2026-12-06T12:00:00Z covers 6 "
                "(entries were cut from the end)"));
  db_->Exec("DELETE FROM ledger_entries");
  db_->Exec(absl::StrCat("UPDATE ledger_head SET seq = 0, hash = ",
                         db_->HashLiteral(std::string(64, '0'))));
  EXPECT_THAT(Check(*ledger).message, HasSubstr("(the ledger was emptied)"));
}

TEST_P(CheckpointTest, AnEditedOrForeignCheckpointIsCaught) {
  auto ledger = InitAndOpen();
  Add(*ledger, 3);
  SignNow(*ledger);
  std::string line;
  std::getline(std::ifstream(log_), line);
  const size_t at = line.find("\"size\":3");
  ASSERT_NE(at, std::string::npos);
  std::ofstream(log_) << line.substr(0, at) << "\"size\":2" << line.substr(at + 8) << "\n";
  EXPECT_THAT(Check(*ledger).message, HasSubstr("checkpoints:1 is not signed by this key"));
  std::ofstream(log_) << "{\"size\": 1}\n";
  EXPECT_THAT(ReadCheckpointLog(log_).status().message(), HasSubstr(":1:1: not a checkpoint"));
}

TEST_P(CheckpointTest, ProofsCheckAgainstTheSignedCheckpoints) {
  auto ledger = InitAndOpen();
  Add(*ledger, 5);
  SignNow(*ledger);
  Add(*ledger, 4);
  SignNow(*ledger);
  auto checkpoints = *ReadCheckpointLog(log_);
  for (int64_t seq = 1; seq <= 9; ++seq) {
    auto proof = ProveInclusion(*ledger, seq, 9);
    ASSERT_TRUE(proof.ok()) << proof.status();
    auto check = CheckProof(ToJson(*proof), checkpoints, pub_.get(), std::nullopt);
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->ok) << check->message;
  }
  auto consistency = ProveConsistency(*ledger, 5, 9);
  ASSERT_TRUE(consistency.ok());
  auto check = CheckProof(ToJson(*consistency), checkpoints, pub_.get(), std::nullopt);
  EXPECT_TRUE(check->ok) << check->message;
  // A tampered proof, one for an unsigned size, or checked with another key, fails.
  auto json = ToJson(*ProveInclusion(*ledger, 3, 9));
  json["entry_hash"] = ToHex(Sha256("another entry"));
  EXPECT_FALSE(CheckProof(json, checkpoints, pub_.get(), std::nullopt)->ok);
  auto unsigned_size =
      CheckProof(ToJson(*ProveInclusion(*ledger, 3, 7)), checkpoints, pub_.get(), std::nullopt);
  EXPECT_THAT(unsigned_size->message,
              HasSubstr("no checkpoint signed by this key covers a tree of 7 entries"));
  ASSERT_TRUE(SigningKey::Generate(dir_ + "/k2", dir_ + "/k2.pub").ok());
  auto other = *SigningKey::LoadPublic(dir_ + "/k2.pub");
  EXPECT_FALSE(CheckProof(ToJson(*consistency), checkpoints, other.get(), std::nullopt)->ok);
  // Against a root given by hand.
  auto root9 = ComputeTreeHead(*ledger, 9)->root;
  EXPECT_TRUE(CheckProof(ToJson(*ProveInclusion(*ledger, 2, 9)), {}, nullptr, root9)->ok);
  EXPECT_FALSE(CheckProof(ToJson(*ProveInclusion(*ledger, 2, 9)), {}, nullptr, Sha256("x"))->ok);
  EXPECT_FALSE(CheckProof(nlohmann::json::array(), {}, nullptr, root9).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckpointTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

}  // namespace
}  // namespace stargate::ledger
