// Shared by the server's end-to-end tests: the real `stargate serve` as a
// child process on a loopback port, a tokens file with one token per role,
// the API's error contract, and a raw socket for requests that httplib
// will not send (malformed, or sent slowly on purpose).
#ifndef STARGATE_TESTS_SERVER_PROCESS_H_
#define STARGATE_TESTS_SERVER_PROCESS_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"

namespace stargate::testing {

using nlohmann::json;
using namespace std::chrono_literals;

inline constexpr char kViewer[] = "viewer-token-aaaaaaaaaaaa";
inline constexpr char kPlanner[] = "planner-token-bbbbbbbbbbb";
inline constexpr char kCompliance[] = "compliance-token-ccccccccc";

// `stargate serve --port 0 ...` as a child process; its stderr is read for
// the "listening on" line and kept.
class ServerProcess {
 public:
  explicit ServerProcess(const std::vector<std::string>& args) {
    dir_ = MakeTempDir();
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 2);
      const int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      close(fds[0]);
      close(fds[1]);
      if (chdir(dir_.c_str()) != 0) _exit(127);
      std::vector<std::string> storage = {STARGATE_BINARY, "serve", "--port", "0"};
      storage.insert(storage.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : storage) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    fd_ = fds[0];
    reader_ = std::thread([this] { Drain(); });
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        std::smatch m;
        if (std::regex_search(err_, m, listening)) {
          port_ = std::stoi(m[1]);
          return;
        }
        if (eof_) break;
      }
      std::this_thread::sleep_for(5ms);
    }
    ADD_FAILURE() << "the server did not start; stderr:\n" << err();
  }

  ~ServerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (reader_.joinable()) reader_.join();
    if (fd_ >= 0) close(fd_);
    std::filesystem::remove_all(dir_);
  }

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string err() {
    std::lock_guard<std::mutex> lock(mutex_);
    return err_;
  }

  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(10);
    client.set_read_timeout(120);
    return client;
  }

  // SIGTERM, then the exit code (or 128 + signal); -1 when it does not exit in time.
  int Terminate(std::chrono::seconds timeout = 60s) {
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

 private:
  void Drain() {
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      std::lock_guard<std::mutex> lock(mutex_);
      if (n <= 0) {
        eof_ = true;
        return;
      }
      err_.append(buffer, static_cast<size_t>(n));
    }
  }

  std::string dir_;
  pid_t pid_ = -1;
  int fd_ = -1;
  int port_ = 0;
  bool exited_ = false;
  std::thread reader_;
  std::mutex mutex_;
  std::string err_;
  bool eof_ = false;
};

inline std::string TokensFile(const std::string& dir) {
  const std::string path = dir + "/tokens.txt";
  WriteFile(path, absl::StrCat("# test tokens\n", kViewer, " viewer vera\n", kPlanner,
                               " planner pat\n", kCompliance, " compliance carl\n"));
  return path;
}

// One `stargate serve --tokens ...` shared by every test of a suite that
// only reads (a server start costs a list load): derive the fixture from it.
class SharedServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tokens_dir_ = new std::string(MakeTempDir());
    server_ = new ServerProcess({"--tokens", TokensFile(*tokens_dir_)});
  }
  static void TearDownTestSuite() {
    delete server_;
    std::filesystem::remove_all(*tokens_dir_);
    delete tokens_dir_;
  }
  static inline ServerProcess* server_ = nullptr;
  static inline std::string* tokens_dir_ = nullptr;
};

// A licensed shipment to the UAE of a tenth of its 18,000,000,000 TPP annual
// quota for 2025 under the rules in force in June 2025 (post-rescission-2025);
// past the quota a shipment is prohibited.
inline json Tenth(const std::string& id) {
  return {{"id", id},
          {"date", "2025-06-01"},
          {"accelerator", {{"tpp", 1800000}, {"die_area_mm2", 10000}}},
          {"quantity", 1000},
          {"destination", "AE"},
          {"consignee", "Acme " + id}};
}

inline httplib::Headers Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

inline json Body(const httplib::Result& r) {
  if (!r) return json();
  return json::parse(r->body, nullptr, false);
}

// The error contract: {"error": {"code", "message", "expected"}}.
inline void ExpectError(const httplib::Result& r, int status, const std::string& code,
                        const std::string& message_part = "") {
  ASSERT_TRUE(r) << "no response";
  EXPECT_EQ(r->status, status) << r->body;
  const json body = Body(r);
  ASSERT_TRUE(body.contains("error")) << r->body;
  EXPECT_EQ(body["error"]["code"], code) << r->body;
  EXPECT_TRUE(body["error"]["message"].is_string());
  EXPECT_TRUE(body["error"]["expected"].is_string());
  if (!message_part.empty()) {
    EXPECT_NE(body["error"]["message"].get<std::string>().find(message_part), std::string::npos)
        << r->body;
  }
}

// Writes `request` as is on a new connection to 127.0.0.1:port and returns
// everything the server sends until it closes the connection (or 10 s pass).
inline std::string RawExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string received;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;)
      received.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return received;
}

}  // namespace stargate::testing

#endif  // STARGATE_TESTS_SERVER_PROCESS_H_
