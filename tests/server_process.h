// The real `stargate serve` as a child process on a loopback port, for the
// end-to-end tests of the HTTP API (server_test, compliance_test).
#ifndef STARGATE_TESTS_SERVER_PROCESS_H_
#define STARGATE_TESTS_SERVER_PROCESS_H_

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"

namespace stargate::testing {

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
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
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
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
  int Terminate(std::chrono::seconds timeout = std::chrono::seconds(60)) {
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
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

}  // namespace stargate::testing

#endif  // STARGATE_TESTS_SERVER_PROCESS_H_
