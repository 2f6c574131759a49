// The stochastic plan's extensive form on the default scenario: model size,
// build and solve seconds for N sampled scenarios (seed 1) beside the
// deterministic plan, and the whole run (EF + N wait-and-see solves + the
// mean-value problem + N recourse solves). Prints figures; asserts nothing.
//   build/bench/stochastic_bench [--sizes 5,10,20] [--seed S] [--threads T]
//       [--methods ef,decomposition] [--gap REL] [--time-limit S]
// (--methods: each size is solved by each method, side by side; the
// decomposition stops at --gap, default 1e-4, or at --time-limit.)
// (--threads: for the independent solves, which run beside the extensive
// form; 0, the default, is TBB's choice.)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "stargate/plan/plan.h"
#include "stargate/plan/stochastic.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

using namespace stargate;

int main(int argc, char** argv) {
  std::vector<int> sizes = {5, 10, 20};
  unsigned long long seed = 1;
  int threads = 0;
  std::vector<std::string> methods = {"ef"};
  double gap = 1e-4, time_limit = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--sizes") == 0) {
      sizes.clear();
      for (const auto& part : absl::StrSplit(argv[i + 1], ','))
        sizes.push_back(std::atoi(std::string(part).c_str()));
    } else if (std::strcmp(argv[i], "--seed") == 0) {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (std::strcmp(argv[i], "--threads") == 0) {
      threads = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--methods") == 0) {
      methods = absl::StrSplit(argv[i + 1], ',');
    } else if (std::strcmp(argv[i], "--gap") == 0) {
      gap = std::strtod(argv[i + 1], nullptr);
    } else if (std::strcmp(argv[i], "--time-limit") == 0) {
      time_limit = std::strtod(argv[i + 1], nullptr);
    }
  }
  const std::string data = std::string(STARGATE_SOURCE_DIR) + "/data";
  auto scenario = LoadScenario(data + "/scenarios/stargate-global.yaml");
  auto catalog = rules::LoadRegimeCatalog(data + "/regimes", nullptr);
  if (!scenario.ok() || !catalog.ok()) {
    std::fprintf(stderr, "cannot load the default scenario or regimes\n");
    return 1;
  }
  std::vector<Diagnostic> diagnostics;
  auto uncertainty =
      plan::LoadPlanUncertainty(data + "/plan-uncertainty.yaml", catalog->ids(), &diagnostics);
  if (!uncertainty.ok()) {
    std::fprintf(stderr, "%s\n", std::string(uncertainty.status().message()).c_str());
    return 1;
  }
  const plan::LimitsProvider limits = [&](const std::string& regime) {
    return plan::ExportLimitsFromRules(*scenario, *catalog, regime);
  };
  auto base_limits = limits(scenario->regime);
  if (!base_limits.ok()) return 1;
  auto deterministic = plan::MakePlan(*scenario, *base_limits, {});
  if (!deterministic.ok()) return 1;
  std::printf("default scenario %s, seed %llu, threads %d (0: TBB default), first stage up to %s\n",
              scenario->id.c_str(), seed, threads,
              Quarter::FromYearAndNumber(scenario->start.year() + 1, 4).ToString().c_str());
  std::printf("%-22s %9s %9s %10s %8s %8s %8s %10s %12s %10s %10s %6s %9s\n", "model", "rows",
              "columns", "nonzeros", "build s", "solve s", "x det.", "all s", "expected $B",
              "EVPI $B", "VSS $B", "iter", "gap");
  std::printf("%-22s %9d %9d %10zu %8.2f %8.2f %8s %10s %12.1f %10s %10s\n", "deterministic",
              deterministic->rows, deterministic->columns, deterministic->nonzeros,
              deterministic->build_seconds, deterministic->solve_seconds, "1.0", "",
              deterministic->objective / 1e9, "", "");
  for (int n : sizes) {
    for (const std::string& method : methods) {
      plan::StochasticOptions options;
      options.method =
          plan::ParseStochasticMethod(method).value_or(plan::StochasticMethod::kExtensiveForm);
      options.relative_gap = gap;
      options.plan.solve.time_limit_seconds = time_limit;
      options.decide_until = Quarter::FromYearAndNumber(scenario->start.year() + 1, 4);
      options.regime = scenario->regime;
      options.threads = threads;
      const auto start = std::chrono::steady_clock::now();
      auto r = plan::SolveStochastic(*scenario, plan::SampleScenarios(*uncertainty, n, seed),
                                     limits, options);
      const double all =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!r.ok()) {
        std::printf("N=%d: %s\n", n, std::string(r.status().message()).c_str());
        continue;
      }
      const std::string label = "N=" + std::to_string(n) + " " + method;
      std::printf("%-22s %9d %9d %10zu %8.2f %8.2f %8.1f %10.2f %12.1f %10.2f %10s %6d %9.2e\n",
                  label.c_str(), r->rows, r->columns, r->nonzeros, r->build_seconds,
                  r->solve_seconds, r->solve_seconds / std::max(1e-9, deterministic->solve_seconds),
                  all, r->expected_cost_usd / 1e9, r->evpi_usd / 1e9,
                  r->mean_value_feasible ? std::to_string(r->vss_usd / 1e9).substr(0, 6).c_str()
                                         : "unbounded",
                  r->bounds.iteration, r->bounds.gap);
      std::fflush(stdout);
    }
  }
  return 0;
}
