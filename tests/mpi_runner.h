// Runs the real `stargate` under mpirun for the scale-out tests (targets that
// define STARGATE_MPIEXEC and STARGATE_BINARY).
#ifndef STARGATE_TESTS_MPI_RUNNER_H_
#define STARGATE_TESTS_MPI_RUNNER_H_

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace stargate::testing {

// Runs `mpirun -np RANKS stargate ARGS` in `cwd` (default: a fresh temp dir,
// removed afterwards); root may run it only with --allow-run-as-root, and
// more ranks than cores need --oversubscribe. Open MPI's runtime leaks at
// exit from plugins it has already unloaded, which LeakSanitizer cannot
// attribute or suppress: leak checking is off for the ranks (every other
// ASan check stays on).
inline CliResult RunUnderMpirun(int ranks, const std::vector<std::string>& args,
                                const std::string& cwd = "") {
  const std::string dir = cwd.empty() ? MakeTempDir() : cwd;
  std::string command = "cd '" + dir +
                        "' && ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" '" +
                        STARGATE_MPIEXEC + "' --allow-run-as-root --oversubscribe -np " +
                        std::to_string(ranks) + " '" + STARGATE_BINARY + "'";
  for (const auto& a : args) command += " '" + a + "'";
  command += " > out.txt 2> err.txt";
  CliResult r;
  const int status = std::system(command.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(dir + "/out.txt");
  r.err = ReadFile(dir + "/err.txt");
  if (cwd.empty()) std::filesystem::remove_all(dir);
  return r;
}

}  // namespace stargate::testing

#endif  // STARGATE_TESTS_MPI_RUNNER_H_
