// Writers in separate processes, on each backend: killed with SIGKILL in the
// middle of bulk appends, again and again, the ledger keeps every
// acknowledged entry and still verifies; racing for one cap, they never
// together exceed it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/ledger.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;

// A child process with its stdout on a pipe.
class Writer {
 public:
  explicit Writer(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      std::vector<std::string> storage = {LEDGER_CRASH_WRITER};
      storage.insert(storage.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : storage) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    fd_ = fds[0];
  }
  ~Writer() {
    if (pid_ > 0) Kill();
    if (fd_ >= 0) close(fd_);
  }

  // Reads what the writer printed until `deadline` or end of output.
  void ReadUntil(std::chrono::steady_clock::time_point deadline) {
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left)) <= 0) return;
      char buffer[4096];
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n <= 0) return;
      output_.append(buffer, static_cast<size_t>(n));
    }
  }
  void Kill() {
    kill(pid_, SIGKILL);
    Wait();
  }
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  // Everything printed, including what was still in the pipe at the kill.
  std::vector<std::string> Lines() {
    ReadUntil(std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
    std::vector<std::string> lines;
    size_t start = 0, end;
    while ((end = output_.find('\n', start)) != std::string::npos) {
      lines.push_back(output_.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string output_;
};

class ProcessTest : public testing::BackendTest {};

TEST_P(ProcessTest, SigkillDuringBulkAppendsLosesNoAcknowledgedEntry) {
  InitAndOpen();
  std::mt19937 rng(20261128);
  std::uniform_int_distribution<int> delay_ms(60, 400);
  std::uniform_int_distribution<int> batch(1, 300);
  int64_t acknowledged = 0;
  for (int round = 0; round < 20; ++round) {
    Writer writer({db_->uri(), "append", std::to_string(batch(rng))});
    writer.ReadUntil(std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(rng)));
    writer.Kill();
    for (const auto& line : writer.Lines())
      acknowledged = std::max<int64_t>(acknowledged, std::stoll(line));

    auto ledger = Ledger::Open(db_->uri());
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    auto report = (*ledger)->Verify();
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->ok()) << "round " << round << ": " << report->message;
    ASSERT_GE(report->head.seq, acknowledged) << "round " << round;
    // Whole batches or nothing: the total counts exactly the entries there.
    EXPECT_EQ((*ledger)->Totals({"cap:crash"})->at("cap:crash"), report->head.seq);
  }
  EXPECT_GT(acknowledged, 0);
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok());
  int64_t expected = 1;
  ASSERT_TRUE((*ledger)
                  ->Scan({},
                         [&](const StoredEntry& e) {
                           EXPECT_EQ(e.seq, expected);
                           EXPECT_EQ(nlohmann::json::parse(e.body)["name"],
                                     absl::StrCat("entry ", expected));
                           ++expected;
                           return true;
                         })
                  .ok());
  EXPECT_GE(expected - 1, acknowledged);
}

TEST_P(ProcessTest, WriterProcessesRacingForACapNeverExceedIt) {
  InitAndOpen();
  constexpr int kWriters = 4, kAttempts = 10;
  std::vector<std::unique_ptr<Writer>> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.push_back(std::make_unique<Writer>(std::vector<std::string>{
        db_->uri(), "cap", "100", "7", std::to_string(kAttempts), absl::StrCat("writer ", w)}));
  }
  int granted = 0, refused = 0;
  for (auto& writer : writers) {
    writer->ReadUntil(std::chrono::steady_clock::now() + std::chrono::seconds(30));
    const int status = writer->Wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    for (const auto& line : writer->Lines()) (line == "granted" ? granted : refused)++;
  }
  EXPECT_EQ(granted, 14);  // 14 x 7 = 98 <= 100 < 105
  EXPECT_EQ(refused, kWriters * kAttempts - 14);
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ((*ledger)->Totals({"cap:synthetic"})->at("cap:synthetic"), 98);
  EXPECT_EQ((*ledger)->GetHead()->seq, kWriters * kAttempts);
  EXPECT_TRUE((*ledger)->Verify()->ok());
}

// A throwaway PostgreSQL server of the test's own (tests/pg_server.sh on a
// free port), so that crashing it disturbs no other test running meanwhile.
class OwnPostgres {
 public:
  OwnPostgres() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
      close(fd);
      return;
    }
    port_ = ntohs(addr.sin_port);
    close(fd);
    const std::string command =
        absl::StrCat("PGTEST_PORT=", port_, " ", PG_SERVER_SCRIPT, " start 2>/dev/null");
    FILE* out = popen(command.c_str(), "r");
    if (out == nullptr) return;
    char line[1024];
    while (std::fgets(line, sizeof line, out) != nullptr) {
      std::string text(line);
      while (!text.empty() && text.back() == '\n') text.pop_back();
      if (text.rfind("export PGTEST_URI=", 0) == 0) uri_ = text.substr(18);
      if (text.rfind("export PGTEST_DIR=", 0) == 0) dir_ = text.substr(18);
    }
    if (pclose(out) != 0) uri_.clear();
  }
  ~OwnPostgres() {
    if (!dir_.empty()) Run("stop");
  }
  bool ok() const { return !uri_.empty() && !dir_.empty(); }
  const std::string& uri() const { return uri_; }
  // "kill" (immediate stop) or "restart"; 0 on success.
  int Run(const char* action) const {
    return std::system(absl::StrCat("PGTEST_PORT=", port_, " ", PG_SERVER_SCRIPT, " ", action, " ",
                                    dir_, " >/dev/null 2>&1")
                           .c_str());
  }

 private:
  int port_ = 0;
  std::string uri_, dir_;
};

// The PostgreSQL server itself crashes (an immediate stop: no checkpoint, no
// flush; the test server runs with synchronous_commit=off, so only the
// ledger's own SET LOCAL synchronous_commit = on makes a commit wait for its
// WAL) under four concurrent writers, again and again: every append a writer
// was told had committed is there afterwards, and the ledger verifies.
TEST(PostgresCrashTest, AServerCrashUnderConcurrentWritersLosesNothingAcknowledged) {
  if (!testing::PostgresTestUri()) GTEST_SKIP() << testing::kNoPostgres;
  OwnPostgres pg;
  ASSERT_TRUE(pg.ok()) << "tests/pg_server.sh start failed";
  const std::string uri = pg.uri();
  const auto server = [&](const char* action) { return pg.Run(action); };
  ASSERT_TRUE(Ledger::Init(uri).ok());
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> delay_ms(300, 900);
  std::map<int64_t, std::string> acknowledged;  // last seq of a committed batch -> its name
  for (int round = 0; round < 6; ++round) {
    std::vector<std::unique_ptr<Writer>> writers;
    for (int w = 0; w < 4; ++w) {
      writers.push_back(std::make_unique<Writer>(
          std::vector<std::string>{uri, "tagged", "20", absl::StrCat("r", round, "w", w)}));
    }
    writers.back()->ReadUntil(std::chrono::steady_clock::now() +
                              std::chrono::milliseconds(delay_ms(rng)));
    ASSERT_EQ(server("kill"), 0) << "round " << round;
    for (auto& writer : writers) {
      writer->ReadUntil(std::chrono::steady_clock::now() +
                        std::chrono::seconds(5));  // they fail and exit
      writer->Wait();
      for (const auto& line : writer->Lines()) {
        const size_t space = line.find(' ');
        if (space == std::string::npos) continue;
        acknowledged[std::stoll(line.substr(0, space))] = line.substr(space + 1);
      }
    }
    ASSERT_EQ(server("restart"), 0) << "round " << round;
    auto ledger = Ledger::Open(uri);
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    auto report = (*ledger)->Verify();
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->ok()) << "round " << round << ": " << report->message;
    if (!acknowledged.empty()) {
      ASSERT_GE(report->head.seq, acknowledged.rbegin()->first)
          << "round " << round << ": acknowledged entries lost";
    }
    int64_t found = 0;
    ASSERT_TRUE((*ledger)
                    ->Scan({},
                           [&](const StoredEntry& e) {
                             auto it = acknowledged.find(e.seq);
                             if (it != acknowledged.end()) {
                               EXPECT_EQ(nlohmann::json::parse(e.body)["name"], it->second)
                                   << "entry " << e.seq;
                               ++found;
                             }
                             return true;
                           })
                    .ok());
    EXPECT_EQ(found, static_cast<int64_t>(acknowledged.size())) << "round " << round;
    EXPECT_EQ((*ledger)->Totals({"cap:crash"})->at("cap:crash"), report->head.seq);
  }
  EXPECT_GT(acknowledged.size(), 20u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcessTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

}  // namespace
}  // namespace stargate::ledger
