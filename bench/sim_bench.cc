// Monte Carlo throughput on the default plan: fixed-plan evaluations per
// second per core (goal: 100,000), scaling from 1 to 2 threads, and, under
// mpirun, from 1 to N ranks. Prints figures; asserts nothing.
//
//   build/bench/sim_bench [--runs N]                       1 and 2 threads
//   mpirun --allow-run-as-root -np 2 build/bench/sim_bench --ranks-only   2 ranks x 1 thread
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "stargate/finance/finance.h"
#include "stargate/plan/plan.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"
#include "stargate/sim/sampler.h"
#include "stargate/sim/sim.h"

namespace {

using Clock = std::chrono::steady_clock;
using stargate::Scenario;
namespace plan = stargate::plan;
namespace sim = stargate::sim;
namespace finance = stargate::finance;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of the whole process: on a shared machine, runs per CPU-second
// is the figure that does not depend on what else is running.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

absl::StatusOr<plan::ExportLimits> Limits(const Scenario& s, const std::string& regime) {
  auto catalog = stargate::rules::LoadRegimeCatalog(
      std::string(STARGATE_SOURCE_DIR) + "/data/regimes", nullptr);
  if (!catalog.ok()) return catalog.status();
  return plan::ExportLimitsFromRules(s, *catalog, regime);
}

// Runs per second of wall time; *per_cpu: runs per CPU-second.
double RunsPerSecond(const Scenario& scenario, const plan::Plan& p, int64_t runs, int threads,
                     const sim::MpiSession* mpi, double* checksum, double* per_cpu) {
  sim::SimOptions options;
  options.runs = runs;
  options.seed = 1;
  options.threads = threads;
  options.limits_for = Limits;
  const auto start = Clock::now();
  const double cpu = CpuSeconds();
  auto result = sim::Simulate(scenario, p, finance::FinanceAssumptions{}, sim::UncertaintySpec{},
                              options, mpi);
  const double seconds = Seconds(start);
  *per_cpu = runs / (mpi ? mpi->size() : 1) / (CpuSeconds() - cpu);
  if (!result.ok()) {
    std::fprintf(stderr, "simulate: %s\n", std::string(result.status().message()).c_str());
    std::exit(1);
  }
  *checksum = result->is_root ? result->summaries[0].mean : 0;
  return runs / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t runs = 200000;
  bool ranks_only = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoll(argv[++i]);
    if (!std::strcmp(argv[i], "--ranks-only")) ranks_only = true;
  }
  auto mpi = sim::MpiSession::StartIfLaunched();
  const bool root = !mpi || mpi->rank() == 0;

  auto scenario = stargate::LoadScenario(std::string(STARGATE_SOURCE_DIR) +
                                         "/data/scenarios/stargate-global.yaml");
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", std::string(scenario.status().message()).c_str());
    return 1;
  }
  auto limits = Limits(*scenario, scenario->regime);
  if (!limits.ok()) {
    std::fprintf(stderr, "%s\n", std::string(limits.status().message()).c_str());
    return 1;
  }
  auto start = Clock::now();
  auto p = plan::MakePlan(*scenario, *limits, {});
  if (!p.ok()) return 1;
  const double plan_seconds = Seconds(start);
  double checksum = 0;

  if (ranks_only) {
    double per_cpu = 0;
    const double rate = RunsPerSecond(*scenario, *p, runs, 1, mpi.get(), &checksum, &per_cpu);
    if (root) {
      std::printf(
          "%d rank(s) x 1 thread: %lld runs, %.0f runs/s in total, %.0f runs/s per rank, %.0f runs "
          "per "
          "CPU-second on rank 0 (check %.6f)\n",
          mpi ? mpi->size() : 1, static_cast<long long>(runs), rate, rate / (mpi ? mpi->size() : 1),
          per_cpu, checksum);
    }
    return 0;
  }
  if (!root) return 0;

  // The bare evaluation: no sampling, no caps.
  const sim::UncertaintySpec spec;
  finance::ModelOptions model_options;
  model_options.max_shift = spec.MaxDelay();
  auto model =
      finance::BuildFinanceModel(*scenario, *p, finance::FinanceAssumptions{}, model_options);
  if (!model.ok()) return 1;
  size_t quarters = 0;
  for (const auto& s : model->sites) quarters += s.end_quarter - s.first_quarter;
  std::printf(
      "default plan: %zu sites with capex, %zu site-quarters, %zu funders; solved in %.2f s\n",
      model->sites.size(), quarters, model->funders.size(), plan_seconds);
  finance::Workspace workspace(*model);
  std::vector<double> npv(model->funders.size());
  finance::Outcome outcome;
  outcome.funder_npv = npv.data();
  const sim::Sampler sampler(spec, *scenario, model->length());
  sim::RunDraws draws;
  const int64_t evaluations = runs;
  start = Clock::now();
  double cpu = CpuSeconds();
  double sum = 0;
  for (int64_t i = 0; i < evaluations; ++i) {
    sampler.Draw(1, static_cast<uint64_t>(i), &draws);
    const finance::Shocks shocks = sampler.ShocksFor(*model, &draws);
    finance::Evaluate(*model, shocks, &workspace, &outcome);
    sum += outcome.overall_npv;
  }
  double seconds = Seconds(start);
  cpu = CpuSeconds() - cpu;
  std::printf(
      "sample + evaluate, 1 core:      %9.0f runs/s, %9.0f per CPU-second (%.2f us of CPU/run; "
      "check %.3e)\n",
      evaluations / seconds, evaluations / cpu, 1e6 * cpu / evaluations, sum / evaluations);
  cpu = CpuSeconds();
  for (int64_t i = 0; i < evaluations; ++i) sampler.Draw(1, static_cast<uint64_t>(i), &draws);
  cpu = CpuSeconds() - cpu;
  std::printf(
      "  of which sampling:                           %9.0f per CPU-second (%.2f us of CPU/run)\n",
      evaluations / cpu, 1e6 * cpu / evaluations);

  double per_cpu = 0;
  const double one = RunsPerSecond(*scenario, *p, runs, 1, nullptr, &checksum, &per_cpu);
  std::printf(
      "simulate, 1 thread:             %9.0f runs/s, %9.0f per CPU-second (goal 100,000; check "
      "%.6f)\n",
      one, per_cpu, checksum);
  const double two = RunsPerSecond(*scenario, *p, runs, 2, nullptr, &checksum, &per_cpu);
  std::printf(
      "simulate, 2 threads:            %9.0f runs/s, %9.0f per CPU-second; wall-clock speed-up "
      "%.2fx "
      "(check %.6f)\n",
      two, per_cpu, two / one, checksum);
  std::printf("ranks: mpirun --allow-run-as-root -np 2 %s --ranks-only --runs %lld\n", argv[0],
              static_cast<long long>(runs));
  return 0;
}
