// Planner benchmark: generated instances of N sites x 10 types x 24 quarters x
// 60 countries. Prints model build time, solve time and peak memory, and the
// wall time of `stargate plan` end to end against the `clp` program alone on
// the same model exported as MPS.
//
//   build/bench/plan_bench [--sizes 50,200,500] [--stargate PATH]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "stargate/core/atomic_file.h"
#include "stargate/plan/plan.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/generator.h"
#include "stargate/scenario/scenario.h"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Wall seconds of a command, its output discarded.
double TimeCommand(const std::vector<std::string>& argv) {
  const auto start = Clock::now();
  // Flush first: the child would otherwise write our buffered output again.
  std::cout.flush();
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? Since(start) : -1;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {50, 200, 500};
  std::string stargate = STARGATE_BINARY;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--sizes") {
      sizes.clear();
      for (auto part : absl::StrSplit(argv[i + 1], ','))
        sizes.push_back(std::stoi(std::string(part)));
    } else if (flag == "--stargate") {
      stargate = argv[i + 1];
    }
  }
  const auto dir = std::filesystem::temp_directory_path() / "stargate-plan-bench";
  std::filesystem::create_directories(dir);
  std::cout << absl::StrFormat("%6s %9s %9s %10s %9s %9s %8s %9s %9s %7s %8s\n", "sites", "rows",
                               "columns", "nonzeros", "build_s", "solve_s", "build%", "peak_MB",
                               "plan_s", "clp_s", "ratio");
  for (int n : sizes) {
    stargate::GeneratorOptions g{
        .sites = n, .types = 10, .quarters = 24, .countries = 60, .seed = 1};
    const auto path = dir / absl::StrFormat("gen-%d.yaml", n);
    const auto mps = dir / absl::StrFormat("gen-%d.mps", n);
    (void)stargate::WriteFileAtomically(path, *stargate::GenerateScenarioYaml(g));
    auto scenario = stargate::LoadScenario(path);
    if (!scenario.ok()) {
      std::cerr << scenario.status() << "\n";
      return 1;
    }
    auto catalog =
        stargate::rules::LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes");
    if (!catalog.ok()) {
      std::cerr << catalog.status() << "\n";
      return 1;
    }
    auto limits = stargate::plan::ExportLimitsFromRules(*scenario, *catalog, "by_date");
    if (!limits.ok()) {
      std::cerr << limits.status() << "\n";
      return 1;
    }
    auto built = stargate::plan::BuildPlanModel(*scenario, *limits, {});
    if (!built.ok()) {
      std::cerr << built.status() << "\n";
      return 1;
    }
    auto solution = stargate::plan::Solve(built->lp, {});
    if (!solution.ok()) {
      std::cerr << solution.status() << "\n";
      return 1;
    }
    const double peak = PeakRssMb();
    (void)stargate::plan::WriteMps(built->lp, mps.string());
    const double plan_s =
        TimeCommand({stargate, "plan", path.string(), "--out", (dir / "out").string(), "--json"});
    const double clp_s = TimeCommand({"clp", mps.string(), "-dualsimplex"});
    std::cout << absl::StrFormat(
        "%6d %9d %9d %10d %9.3f %9.2f %7.2f%% %9.0f %9.2f %7.2f %7.2fx\n", n, built->lp.num_rows(),
        built->lp.num_columns(), static_cast<int>(built->lp.num_coefficients()),
        built->build_seconds, solution->solve_seconds,
        100 * built->build_seconds / solution->solve_seconds, peak, plan_s, clp_s, plan_s / clp_s);
    std::cout.flush();
  }
  std::filesystem::remove_all(dir);
  return 0;
}
