// Issue 15's ledger hardening, on each backend: commands that only read never
// write; any party name can be recorded; totals read for a decision are
// checked against the hash chain; concurrent appends share a commit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/ledger.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;
using ::testing::HasSubstr;
using testing::ScreeningEntry;
using testing::ShipmentEntry;

class TrustTest : public testing::BackendTest {};

// ---- open modes (SQLite files) ----

std::string TempDir() {
  static int n = 0;
  auto dir =
      std::filesystem::temp_directory_path() / absl::StrCat("ledger_trust_", getpid(), "_", n++);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(OpenModeTest, ReadingCommandsNeverCreateOrChangeAFile) {
  const std::string dir = TempDir();
  const std::string missing = dir + "/missing.db", empty = dir + "/empty.db",
                    text = dir + "/text.db";
  std::ofstream(empty).close();
  std::ofstream(text) << "not a database\n";
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    for (const std::string& path : {missing, empty, text}) {
      auto ledger = Ledger::Open("sqlite:" + path, mode);
      ASSERT_FALSE(ledger.ok()) << path;
      EXPECT_EQ(ledger.status().code(), absl::StatusCode::kNotFound) << ledger.status();
      EXPECT_THAT(ledger.status().message(), HasSubstr("no ledger at sqlite:" + path));
      EXPECT_THAT(ledger.status().message(),
                  HasSubstr("expected `stargate ledger init --ledger sqlite:"));
    }
  }
  EXPECT_FALSE(std::filesystem::exists(missing));
  EXPECT_EQ(std::filesystem::file_size(empty), 0u);
  EXPECT_EQ(ReadAll(text), "not a database\n");
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    files.push_back(e.path().filename());
  EXPECT_EQ(files.size(), 2u);  // no -wal, -shm or journal left behind
  std::filesystem::remove_all(dir);
}

TEST(OpenModeTest, CreateMakesAMissingLedgerAndSaysSo) {
  const std::string dir = TempDir();
  const std::string uri = "sqlite:" + dir + "/new.db";
  auto made = Ledger::Open(uri, OpenMode::kCreate);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_TRUE((*made)->created());
  ASSERT_TRUE((*made)->Append({{ScreeningEntry("Acme")}}).ok());
  auto again = Ledger::Open(uri, OpenMode::kCreate);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE((*again)->created());
  EXPECT_EQ((*again)->GetHead()->seq, 1);
  std::filesystem::remove_all(dir);
}

TEST(OpenModeTest, AReadOnlyLedgerReadsButRefusesAppends) {
  const std::string dir = TempDir();
  const std::string uri = "sqlite:" + dir + "/l.db";
  ASSERT_TRUE(Ledger::Init(uri).ok());
  ASSERT_TRUE((*Ledger::Open(uri))->Append({{ShipmentEntry("s", 1, {{"cap:a", 5}})}}).ok());
  auto ledger = Ledger::Open(uri, OpenMode::kReadOnly);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_EQ((*ledger)->Totals({"cap:a"})->at("cap:a"), 5);
  EXPECT_TRUE((*ledger)->Verify()->ok());
  EXPECT_FALSE((*ledger)->Append({{ScreeningEntry("x")}}).ok());
  std::filesystem::remove_all(dir);
}

TEST_P(TrustTest, AReadOnlyConnectionCannotWrite) {
  InitAndOpen();
  auto ledger = Ledger::Open(db_->uri(), OpenMode::kReadOnly);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_TRUE((*ledger)->Verify()->ok());
  EXPECT_FALSE((*ledger)->Append({{ScreeningEntry("x")}}).ok());
  EXPECT_EQ((*ledger)->GetHead()->seq, 0);
  // Deciding without recording works read-only, on the checked totals.
  auto decided =
      (*ledger)->AppendWithCheck([](const TotalsReader& totals) -> absl::StatusOr<Batch> {
        auto used = totals.Totals({"cap:a"});
        if (!used.ok()) return used.status();
        EXPECT_EQ(used->at("cap:a"), 0);
        return Batch{};
      });
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->count(), 0);
}

// ---- party names ----

TEST(CounterKeyTest, PlainNamesKeepTheirKeysAndHostileOnesAreHashed) {
  EXPECT_EQ(LppCounterKey("G42", 2025), "lpp:G42:2025");  // existing ledgers' keys stay
  EXPECT_EQ(CapCounterKey("ai-diffusion-2025/tier2-country-cap/IN"),
            "cap:ai-diffusion-2025/tier2-country-cap/IN");
  EXPECT_EQ(CapCounterKey(""), "cap:");
  std::vector<std::string> names = {
      "Acme \"Q\" Ltd", "back\\slash", std::string(10000, 'x'), "#G42", std::string("nul\0byte", 8),
      "\xff\xfe"};
  for (int c = 0; c < 0x20; ++c)
    names.push_back(absl::StrCat("ctl", std::string(1, static_cast<char>(c)), "x"));
  std::set<std::string> keys;
  for (const auto& name : names) {
    const std::string key = LppCounterKey(name, 2025);
    EXPECT_TRUE(IsValidCounterKey(key)) << key;
    EXPECT_EQ(key.rfind("lpp:#", 0), 0u) << key;
    EXPECT_EQ(key.size(), 4 + 1 + 64 + 5u);
    keys.insert(key);
    EXPECT_TRUE(IsValidCounterKey(CapCounterKey(name)));
  }
  EXPECT_EQ(keys.size(), names.size());  // distinct names, distinct keys
  // A name that just fits stays plain; one byte more is hashed.
  const std::string fits(256 - 4 - 5, 'n');
  EXPECT_EQ(LppCounterKey(fits, 2025), "lpp:" + fits + ":2025");
  EXPECT_EQ(LppCounterKey(fits + "n", 2025).rfind("lpp:#", 0), 0u);
}

TEST_P(TrustTest, AnyPartyNameCanBeRecorded) {
  auto ledger = InitAndOpen();
  std::vector<std::string> names = {"Acme \"Q\" Ltd", "back\\slash", std::string(10000, 'y')};
  for (int c = 0; c < 0x20; ++c)
    names.push_back(absl::StrCat("ctl", std::string(1, static_cast<char>(c))));
  for (const auto& name : names) {
    auto entry = ShipmentEntry("s", 1, {{LppCounterKey(name, 2025), 100}});
    entry.body["shipment"]["consignee"] = name;  // the display name, kept in the body
    auto appended = ledger->Append({{entry}});
    ASSERT_TRUE(appended.ok()) << appended.status();
  }
  for (const auto& name : names) {
    EXPECT_EQ(ledger->Totals({LppCounterKey(name, 2025)})->begin()->second, 100);
  }
  int64_t seq = 0;
  ASSERT_TRUE(ledger
                  ->Scan({},
                         [&](const StoredEntry& e) {
                           EXPECT_EQ(nlohmann::json::parse(e.body)["shipment"]["consignee"],
                                     names[seq++]);
                           return true;
                         })
                  .ok());
  EXPECT_TRUE(ledger->Verify()->ok());
}

// ---- totals tied to the chain ----

absl::StatusOr<AppendResult> UseCap(Ledger& ledger, double want, double limit, bool* granted) {
  return ledger.AppendWithCheck([&](const TotalsReader& totals) -> absl::StatusOr<Batch> {
    auto used = totals.Totals({"cap:a"});
    if (!used.ok()) return used.status();
    *granted = used->at("cap:a") + want <= limit;
    return Batch{{ShipmentEntry("s", 1, *granted ? Increments{{"cap:a", want}} : Increments{})}};
  });
}

TEST_P(TrustTest, AnEditedTotalRefusesTheNextDecisionInsteadOfGranting) {
  auto ledger = InitAndOpen();
  bool granted = false;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(UseCap(*ledger, 250, 750, &granted).ok());
  ASSERT_TRUE(ledger->Append({{ScreeningEntry("later")}}).ok());
  // Through SQL the edit is refused outright...
  EXPECT_FALSE(db_->TryExec("UPDATE ledger_counters SET total = 0"));
  EXPECT_FALSE(db_->TryExec("DELETE FROM ledger_counters"));
  // ...and with the guards dropped, as an attacker would, the decision fails.
  db_->DropAppendOnlyGuards();
  db_->Exec("UPDATE ledger_counters SET total = 0");
  auto decided = UseCap(*ledger, 250, 750, &granted);
  ASSERT_FALSE(decided.ok());
  EXPECT_EQ(decided.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(
      decided.status().message(),
      HasSubstr("ledger counters do not match the hash chain at seq 3: running total 'cap:a' "
                "reads 0 but entry 3 left it at 750"));
  EXPECT_THAT(decided.status().message(), HasSubstr("run `stargate ledger verify`"));
  EXPECT_EQ(ledger->GetHead()->seq, 4);  // nothing recorded
  EXPECT_FALSE(ledger->Totals({"cap:a"}).ok());
  EXPECT_FALSE(ledger->TotalsWithPrefix("cap:").ok());
  EXPECT_FALSE(ledger->Verify()->ok());
  // Pointing the row at another entry, or one past the head, fails too.
  db_->Exec("UPDATE ledger_counters SET total = 0, seq = 4");
  EXPECT_THAT(UseCap(*ledger, 1, 750, &granted).status().message(),
              HasSubstr("which did not change it"));
  db_->Exec("UPDATE ledger_counters SET seq = 99");
  EXPECT_THAT(UseCap(*ledger, 1, 750, &granted).status().message(), HasSubstr("does not have"));
  // Editing the entry's totals as well breaks its hash.
  db_->Exec("UPDATE ledger_counters SET seq = 3");
  db_->Exec("UPDATE ledger_entries SET totals = '{\"cap:a\":0.0}' WHERE seq = 3");
  EXPECT_THAT(UseCap(*ledger, 1, 750, &granted).status().message(),
              HasSubstr("does not match its hash"));
}

TEST_P(TrustTest, EachEntryHashesTheTotalsItLeft) {
  auto ledger = InitAndOpen();
  ASSERT_TRUE(ledger
                  ->Append({{ShipmentEntry("a", 1, {{"cap:a", 2}, {"cap:b", 1}}),
                             ShipmentEntry("b", 1, {{"cap:a", 3}}), ScreeningEntry("c")}})
                  .ok());
  std::vector<std::string> totals;
  ASSERT_TRUE(ledger
                  ->Scan({},
                         [&](const StoredEntry& e) {
                           totals.push_back(e.totals);
                           EXPECT_EQ(ChainHash(e.prev_hash, Envelope(e)), e.hash);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(totals,
            (std::vector<std::string>{"{\"cap:a\":2.0,\"cap:b\":1.0}", "{\"cap:a\":5.0}", ""}));
}

TEST_P(TrustTest, AMigratedLedgerIsTiedFromItsNextAppend) {
  {
    auto ledger = InitAndOpen();
    ASSERT_TRUE(ledger->Append({{ShipmentEntry("a", 1, {{"cap:a", 2}, {"cap:b", 7}})}}).ok());
  }
  db_->DowngradeToVersion2();
  auto init = Ledger::Init(db_->uri());
  ASSERT_TRUE(init.ok()) << init.status();
  EXPECT_EQ(init->from_version, 2);
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_TRUE((*ledger)->Verify()->ok());
  bool granted = false;
  ASSERT_TRUE(UseCap(**ledger, 1, 10, &granted).ok());
  EXPECT_EQ((*ledger)->Totals({"cap:a", "cap:b"})->at("cap:a"), 3);
  db_->DropAppendOnlyGuards();
  db_->Exec("UPDATE ledger_counters SET total = 0 WHERE key = 'cap:a'");
  EXPECT_EQ(UseCap(**ledger, 1, 10, &granted).status().code(), absl::StatusCode::kDataLoss);
}

// ---- group commit ----

TEST_P(TrustTest, ConcurrentCallersShareCommitsAndEachGetsItsOwnResult) {
  InitAndOpen();
  constexpr int kThreads = 16, kEach = 20;
  std::atomic<int> granted{0}, failed_as_asked{0}, other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto ledger = Ledger::Open(db_->uri());
      if (!ledger.ok()) return void(++other_errors);
      for (int i = 0; i < kEach; ++i) {
        bool grant = false;
        const bool fail = (t + i) % 7 == 0;
        auto result =
            (*ledger)->AppendWithCheck([&](const TotalsReader& totals) -> absl::StatusOr<Batch> {
              auto used = totals.Totals({"cap:a"});
              if (!used.ok()) return used.status();
              if (fail) return absl::AbortedError("this request fails");
              grant = used->at("cap:a") + 3 <= 500;
              return Batch{{ShipmentEntry(absl::StrCat(t, "-", i), 1,
                                          grant ? Increments{{"cap:a", 3}} : Increments{})}};
            });
        if (fail) {
          (result.status() == absl::AbortedError("this request fails") ? failed_as_asked
                                                                       : other_errors)++;
        } else if (!result.ok() || result->count() != 1) {
          ++other_errors;
        } else if (grant) {
          ++granted;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_EQ(granted.load(), 166);  // 166 x 3 = 498 <= 500
  auto ledger = Ledger::Open(db_->uri());
  EXPECT_EQ((*ledger)->Totals({"cap:a"})->at("cap:a"), 498);
  EXPECT_EQ((*ledger)->GetHead()->seq, kThreads * kEach - failed_as_asked.load());
  auto report = (*ledger)->Verify();
  EXPECT_TRUE(report->ok()) << report->message;
}

TEST_P(TrustTest, AThrowingFunctionFailsOnlyItsOwnRequest) {
  auto ledger = InitAndOpen();
  auto thrown = ledger->AppendWithCheck(
      [](const TotalsReader&) -> absl::StatusOr<Batch> { throw std::runtime_error("boom"); });
  EXPECT_EQ(thrown.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(thrown.status().message(), HasSubstr("boom"));
  EXPECT_TRUE(ledger->Append({{ScreeningEntry("after")}}).ok());  // the queue was released
}

TEST_P(TrustTest, WithoutGroupCommitTheSameHolds) {
  LedgerOptions options;
  options.group_commit = false;
  InitAndOpen(options);
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto ledger = Ledger::Open(db_->uri(), options);
      for (int i = 0; i < 10; ++i) {
        bool grant = false;
        if (UseCap(**ledger, 7, 100, &grant).ok() && grant) ++granted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 14);
}

INSTANTIATE_TEST_SUITE_P(Backends, TrustTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

}  // namespace
}  // namespace stargate::ledger
