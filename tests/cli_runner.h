// Runs the real `stargate` binary for end-to-end tests and captures what it
// prints and its exit code.
#ifndef STARGATE_TESTS_CLI_RUNNER_H_
#define STARGATE_TESTS_CLI_RUNNER_H_

#include <string>
#include <vector>

namespace stargate::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs STARGATE_BINARY with `args` in `cwd` (default: a fresh temp dir), with
// `stdin_text` on standard input.
CliResult RunStargate(const std::vector<std::string>& args, const std::string& stdin_text = "",
                      const std::string& cwd = "");

// The source tree (for data/ and tests/data/).
std::string SourceDir();
// A new empty directory under the system temp dir.
std::string MakeTempDir();
void WriteFile(const std::string& path, const std::string& text);
// The file's bytes; "" when it cannot be read (the test's assertions on the
// content then fail and say what was missing).
std::string ReadFile(const std::string& path);

}  // namespace stargate::testing

#endif  // STARGATE_TESTS_CLI_RUNNER_H_
