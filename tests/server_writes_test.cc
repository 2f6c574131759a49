// The server's writes end to end: concurrent recorded checks against one cap
// on a SQLite ledger, SIGTERM while writes are in flight, checkpoints the
// server signs itself, and slow requests on the worker pool (held behind the
// ledger's write lock). The reads, auth, limits and jobs are in server_test.cc.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Concurrent recorded checks against one cap on a SQLite ledger.
class LedgerServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ledger_ = "sqlite:" + dir_ + "/ledger.db";
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--tokens", TokensFile(dir_), "--ledger", ledger_, "--threads", "16"});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dir_, ledger_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(LedgerServerTest, ConcurrentRecordedChecksNeverTogetherExceedACap) {
  constexpr int kThreads = 8, kEach = 5;  // 40 tenths of a cap
  std::atomic<int> permitted{0}, prohibited{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = server_->Client();
      for (int i = 0; i < kEach; ++i) {
        const std::string id = absl::StrCat("t", t, "-", i);
        auto r = client.Post("/api/check?record=true", Bearer(kCompliance), Tenth(id).dump(),
                             "application/json");
        if (!r || r->status != 200) {
          ++failed;
          continue;
        }
        const json decision = Body(r)["decisions"][0];
        (decision["outcome"] == "license_required" ? permitted : prohibited)++;
        // The consignee's screening entry, then the decision.
        if (Body(r)["recorded"]["count"] != 2) ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(permitted, 10);
  EXPECT_EQ(prohibited, kThreads * kEach - 10);

  auto client = server_->Client();
  auto tier = client.Get("/api/tier/AE?date=2025-06-01", Bearer(kViewer));
  ASSERT_TRUE(tier);
  ASSERT_EQ(tier->status, 200);
  EXPECT_EQ(Body(tier)["caps"][0]["used_tpp"], 18000000000.0);
  EXPECT_EQ(Body(tier)["caps"][0]["remaining_tpp"], 0.0);

  auto page = client.Get("/api/ledger?limit=25", Bearer(kViewer));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(Body(page)["count"], 25);
  EXPECT_EQ(Body(page)["next_after"], 25);
  auto rest = client.Get("/api/ledger?after=25&limit=100", Bearer(kViewer));
  EXPECT_EQ(Body(rest)["count"], 2 * kThreads * kEach - 25);
  EXPECT_EQ(Body(rest)["entries"][0]["seq"], 26);
  EXPECT_EQ(Body(rest)["entries"][0]["kind"], "shipment_decision");
  EXPECT_EQ(Body(rest)["entries"][0]["entry"]["recorded_by"], "carl");
  auto verify = client.Get("/api/ledger/verify", Bearer(kViewer));
  ASSERT_TRUE(verify);
  EXPECT_EQ(Body(verify)["ok"], true) << verify->body;
  EXPECT_EQ(Body(verify)["entries_checked"], 2 * kThreads * kEach);

  // The CLI reads the same ledger.
  const CliResult totals =
      RunStargate({"ledger", "totals", "cap:post-rescission-2025/us-uae-2025-quota/AE/2025",
                   "--ledger", ledger_, "--json"});
  ASSERT_EQ(totals.exit_code, 0) << totals.err;
  EXPECT_EQ(json::parse(totals.out)["totals"]["cap:post-rescission-2025/us-uae-2025-quota/AE/2025"],
            18000000000.0);
  // ... and counts what the server recorded against the cap.
  const CliResult check =
      RunStargate({"check", "-", "--ledger", ledger_, "--json"}, Tenth("cli").dump());
  ASSERT_FALSE(check.out.empty()) << check.err;
  EXPECT_EQ(json::parse(check.out)["decisions"][0]["outcome"], "prohibited") << check.out;
}

TEST_F(LedgerServerTest, SigtermFinishesInFlightWritesAndExitsZero) {
  std::atomic<int> recorded{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      auto client = server_->Client();
      client.set_read_timeout(30);
      for (int i = 0; !stop; ++i) {
        json shipment = Tenth(absl::StrCat("t", t, "-", i));
        shipment["quantity"] = 1;  // small enough that none is refused
        auto r = client.Post("/api/check?record=true", Bearer(kCompliance), shipment.dump(),
                             "application/json");
        if (!r) return;  // the server has gone
        if (r->status == 200) ++recorded;
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (recorded < 30 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  const int before_signal = recorded;
  const int exit_code = server_->Terminate();
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_GE(before_signal, 30) << server_->err();
  EXPECT_EQ(exit_code, 0) << server_->err();
  EXPECT_NE(server_->err().find("received SIGTERM"), std::string::npos) << server_->err();
  // Every answered write is in the ledger, and the ledger is intact.
  const CliResult verify = RunStargate({"ledger", "verify", "--ledger", ledger_, "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(json::parse(verify.out)["entries_checked"],
            2 * recorded.load());  // screening + decision each
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Issue 15: the server signs checkpoints itself, every N entries and at
// shutdown, so a rewrite behind the latest one is caught by `verify`.
TEST(CheckpointingServerTest, SignsEveryNEntriesAndAtShutdown) {
  const std::string dir = MakeTempDir();
  const std::string uri = "sqlite:" + dir + "/ledger.db";
  const std::string log = dir + "/checkpoints";
  ASSERT_EQ(RunStargate({"ledger", "keygen", "--out", dir + "/key"}).exit_code, 0);
  ServerProcess server({"--ledger", uri, "--checkpoint-key", dir + "/key", "--checkpoints", log,
                        "--checkpoint-every", "4"});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  for (const char* id : {"a", "b", "c"}) {  // two entries each: the screening, the decision
    auto r = client.Post("/api/check?record=true", Tenth(id).dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  // 6 entries: one checkpoint by count (the thread looks once a second).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (ReadText(log).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_FALSE(ReadText(log).empty()) << server.err();
  EXPECT_EQ(server.Terminate(), 0) << server.err();
  EXPECT_NE(server.err().find("checkpoint: signed the tree head of 6 entries"), std::string::npos)
      << server.err();
  const CliResult verify = RunStargate({"ledger", "verify", "--ledger", uri, "--checkpoints", log,
                                        "--pubkey", dir + "/key.pub", "--json"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // A rewrite behind the checkpoint: emptying the database is caught.
  std::filesystem::remove(dir + "/ledger.db");
  ASSERT_EQ(RunStargate({"ledger", "init", "--ledger", uri}).exit_code, 0);
  const CliResult emptied = RunStargate(
      {"ledger", "verify", "--ledger", uri, "--checkpoints", log, "--pubkey", dir + "/key.pub"});
  EXPECT_EQ(emptied.exit_code, 1) << emptied.out << emptied.err;
  // Checkpoint options without a key are a usage error.
  EXPECT_EQ(RunStargate({"serve", "--ledger", uri, "--checkpoint-every", "4"}).exit_code, 2);
}

// Holds SQLite's write lock on a ledger file, as another writer would, so
// that a recorded check waits for it on the server (up to the ledger's
// 30 s busy timeout): a request that is slow for a reason of its own.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK ||
        sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot lock " << path << ": " << sqlite3_errmsg(db_);
    }
  }
  ~WriteLock() { Release(); }
  void Release() {
    if (!db_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

// One event thread, one worker for slow requests and room for one more to
// wait: what each test below needs to show, and nothing to hide behind.
class OffloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ledger_path_ = dir_ + "/ledger.db";
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--tokens", TokensFile(dir_), "--ledger", "sqlite:" + ledger_path_, "--threads", "1",
        "--offload-threads", "1", "--offload-queue", "1"});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A recorded check sent from another thread; it waits for the write lock.
  std::future<httplib::Result> RecordInBackground(const std::string& id) {
    return std::async(std::launch::async, [this, id] {
      auto client = server_->Client();
      return client.Post("/api/check?record=true", Bearer(kCompliance), Tenth(id).dump(),
                         "application/json");
    });
  }
  static void ExpectRecorded(std::future<httplib::Result>& pending) {
    ASSERT_EQ(pending.wait_for(60s), std::future_status::ready);
    const httplib::Result r = pending.get();
    ASSERT_TRUE(r) << "no response";
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Body(r)["recorded"]["count"], 2)
        << r->body;  // the consignee's screening, the decision
  }

  std::string dir_, ledger_path_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(OffloadTest, ASlowRequestHoldsUpNoOtherConnection) {
  WriteLock lock(ledger_path_);
  auto slow = RecordInBackground("slow");
  std::this_thread::sleep_for(300ms);  // it has reached the lock by now
  // Same (only) event thread, another connection: answered while the slow one waits.
  auto client = server_->Client();
  client.set_read_timeout(5);
  const auto start = std::chrono::steady_clock::now();
  auto health = client.Get("/api/health");
  auto check = client.Post("/api/check", Bearer(kViewer), Tenth("fast").dump(), "application/json");
  auto tier = client.Get("/api/tier/IN?date=2025-06-01&plan=none",
                         Bearer(kViewer));  // without a plan: inline
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 200) << check->body;
  ASSERT_TRUE(tier);
  EXPECT_EQ(tier->status, 200) << tier->body;
  EXPECT_LT(took, 2s);
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout)
      << "the slow request did not wait for the lock";
  lock.Release();
  ExpectRecorded(slow);
}

TEST_F(OffloadTest, AFullQueueIsAnswered503WithRetryAfter) {
  WriteLock lock(ledger_path_);
  auto running = RecordInBackground("running");
  std::this_thread::sleep_for(300ms);
  auto waiting = RecordInBackground("waiting");
  std::this_thread::sleep_for(300ms);
  auto client = server_->Client();
  client.set_read_timeout(5);
  auto refused = client.Post("/api/check?record=true", Bearer(kCompliance), Tenth("refused").dump(),
                             "application/json");
  ExpectError(refused, 503, "unavailable", "busy");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  // Fast requests are not queued behind them, on the same connection even.
  auto fast = client.Post("/api/check", Bearer(kViewer), Tenth("fast").dump(), "application/json");
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 200) << fast->body;
  // A request that fails authentication takes no worker's place either.
  ExpectError(client.Get("/api/ledger/verify"), 401, "unauthorized");
  lock.Release();
  ExpectRecorded(running);
  ExpectRecorded(waiting);
  const CliResult verify =
      RunStargate({"ledger", "verify", "--ledger", "sqlite:" + ledger_path_, "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(json::parse(verify.out)["entries_checked"],
            4);  // two checks of two entries; not the refused one
}

TEST_F(OffloadTest, SigtermAnswersAnOffloadedRequestInProgress) {
  WriteLock lock(ledger_path_);
  auto open = server_->Client();  // a keep-alive connection, open before the signal
  open.set_keep_alive(true);
  open.set_read_timeout(5);
  auto health = open.Get("/api/health");
  ASSERT_TRUE(health);
  auto slow = RecordInBackground("slow");
  std::this_thread::sleep_for(300ms);
  auto exited = std::async(std::launch::async, [this] { return server_->Terminate(); });
  // The server waits for the request, however long the lock is held...
  EXPECT_EQ(exited.wait_for(1s), std::future_status::timeout) << server_->err();
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout);
  // ... while its event thread still refuses new requests at once.
  ExpectError(open.Get("/api/health"), 503, "unavailable", "shutting down");
  lock.Release();
  ExpectRecorded(slow);
  ASSERT_EQ(exited.wait_for(60s), std::future_status::ready);
  EXPECT_EQ(exited.get(), 0) << server_->err();
  const CliResult verify =
      RunStargate({"ledger", "verify", "--ledger", "sqlite:" + ledger_path_, "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(json::parse(verify.out)["entries_checked"],
            2);  // the consignee's screening, the decision
}

}  // namespace
}  // namespace stargate::testing
