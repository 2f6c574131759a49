// stargate simulate: Monte Carlo over a plan's uncertainties, on every core
// (oneTBB) and, under mpirun, on every rank (Open MPI); the output is the
// same for any number of either.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/str_format.h"
#include "command.h"
#include "plan_input.h"
#include "plan_limits.h"
#include "scenario_input.h"
#include "stargate/sim/sim.h"
#include "table.h"

namespace stargate::cli {
namespace {

// A whole number in [min, max] from a flag, or nullopt after a usage error.
std::optional<uint64_t> Count(const Command& command, const Args& args, const std::string& flag,
                              uint64_t fallback, uint64_t min, uint64_t max) {
  uint64_t value = fallback;
  if (!ReadWholeNumber(command, args, flag, min, max, &value)) return std::nullopt;
  return value;
}

std::string Cell(double v, const std::string& unit) {
  if (std::isnan(v)) return "n/a";
  if (unit == "USD") return FormatUsd(std::fabs(v) < 0.5 ? 0.0 : v);  // no "$-0" from rounding
  if (unit == "GW") return absl::StrFormat("%.2f", v);
  if (unit == "share") return absl::StrFormat("%.1f%%", 100 * v);
  return FormatNumber(v);
}

void PrintResult(const sim::SimResult& r) {
  std::cout << "simulate " << r.scenario_id << ": " << FormatNumber(static_cast<double>(r.runs))
            << " runs, seed " << r.seed << ", "
            << (r.reoptimize ? "plan re-solved in each run" : "fixed plan " + r.plan_origin)
            << "\nuncertainty: " << r.uncertainty_origin
            << "; financing assumptions: " << r.assumptions_origin << "\n\n";
  Table table({"metric", "mean", "P10", "P50", "P90"});
  std::vector<std::pair<std::string, double>> caps;
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    const auto& metric = r.metrics[m];
    const auto& s = r.summaries[m];
    if (metric.unit == "probability") {
      caps.emplace_back(metric.id.substr(metric.id.find(':') + 1), s.mean);
      continue;
    }
    if (metric.unit == "driver") continue;  // in the tornado below
    table.AddRow({metric.label, Cell(s.mean, metric.unit), Cell(s.p10, metric.unit),
                  Cell(s.p50, metric.unit), Cell(s.p90, metric.unit)});
  }
  table.Print(std::cout);
  if (!r.tornado.empty()) {
    std::cout << "\nwhat moves the NPV (mean over the runs with each driver's lowest and highest "
                 "tenth of draws)\n";
    Table tornado({"driver", "low tenth", "high tenth"});
    for (const auto& b : r.tornado)
      tornado.AddRow({b.label, Cell(b.low_mean, "USD"), Cell(b.high_mean, "USD")});
    tornado.Print(std::cout);
  }
  if (caps.empty()) {
    std::cout << "\nno export cap at risk under the regimes and tier changes given\n";
  } else {
    std::cout << "\nprobability that a cap binds\n";
    Table binds({"country", "probability"});
    for (const auto& [country, p] : caps)
      binds.AddRow({country, absl::StrFormat("%.1f%%", 100 * p)});
    binds.Print(std::cout);
  }
  if (r.failed_runs > 0) {
    std::cout << "\n"
              << r.failed_runs << " runs had no feasible plan and are left out of the figures\n";
  }
}

int Simulate(const Command& command, const Args& args, const sim::MpiSession* mpi) {
  const bool root = !mpi || mpi->rank() == 0;
  const auto runs = Count(command, args, "--runs", 10000, 1, 1000000000);
  const auto seed = Count(command, args, "--seed", 1, 0, UINT64_MAX);
  const auto threads = Count(command, args, "--threads", 0, 1, 1024);
  if (!runs || !seed || !threads) return kExitBadInput;

  // --plot FILE.svg is checked before the runs: a bad path should not cost them.
  const std::optional<std::string> plot = args.Value("--plot");
  if (plot) {
    namespace fs = std::filesystem;
    const fs::path path(*plot);
    const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    std::error_code ec;
    if (path.extension() != ".svg") {
      return UsageError(command, "--plot '" + *plot + "' does not end in .svg", "--plot FILE.svg");
    }
    if (!fs::is_directory(parent, ec) || access(parent.c_str(), W_OK) != 0) {
      std::cerr << "error: " << *plot << ": directory '" << parent.string()
                << "' does not exist or is not writable; expected a path in a writable "
                   "directory for --plot FILE.svg\n";
      return kExitBadInput;
    }
    if (fs::is_directory(path, ec)) {
      std::cerr << "error: " << *plot
                << ": is a directory; expected a file path for --plot "
                   "FILE.svg\n";
      return kExitBadInput;
    }
  }

  auto scenario = LoadScenarioOrReport(ScenarioPath(args), args);
  if (!scenario) return kExitBadInput;
  const auto assumptions = FinanceAssumptionsOrReport(args);
  if (!assumptions) return kExitBadInput;
  sim::UncertaintySpec uncertainty;
  if (auto file = args.Value("--uncertainty")) {
    std::vector<Diagnostic> diagnostics;
    auto loaded = sim::LoadUncertainty(*file, &diagnostics);
    if (!loaded.ok()) return ReportInputProblems(diagnostics, *file, args);
    uncertainty = *loaded;
  }

  plan::PlanOptions plan_options;
  plan_options.build.objective = scenario->options.objective;
  int exit_code = kExitOk;
  auto input = ReadOrSolvePlan(*scenario, args, scenario->regime, plan_options, &exit_code);
  if (!input) return exit_code;

  sim::SimOptions options;
  options.runs = static_cast<int64_t>(*runs);
  options.seed = *seed;
  options.threads = static_cast<int>(*threads);
  options.reoptimize = args.Has("--reoptimize");
  options.plan_options = plan_options;
  options.limits_for = [](const Scenario& s, const std::string& regime) {
    return ExportLimitsFor(s, regime);
  };
  const sim::RunRange mine =
      mpi ? sim::RangeOf(options.runs, mpi->rank(), mpi->size()) : sim::RunRange{0, options.runs};
  const bool terminal = sim::ProgressBar::StderrIsTerminal();
  sim::ProgressBar progress("simulate", mine.last - mine.first, "runs", root && terminal);
  options.progress = &progress;
  const auto start = std::chrono::steady_clock::now();
  auto result = sim::Simulate(*scenario, input->plan, *assumptions, uncertainty, options, mpi);
  progress.Finish();
  if (!result.ok()) {
    std::cerr << "error: " << result.status().message() << "\n";
    return absl::IsInvalidArgument(result.status()) ? kExitBadInput : kExitDomainFailure;
  }
  if (!root) return kExitOk;
  result->plan_origin = input->origin;
  if (terminal) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << absl::StrFormat("%d runs in %.2f s (%.0f runs/s) on %d ranks\n", options.runs,
                                 seconds, options.runs / std::max(seconds, 1e-9),
                                 mpi ? mpi->size() : 1);
  }
  if (plot) {
    if (auto status = sim::WriteRiskPlot(*result, *plot); !status.ok()) {
      std::cerr << "error: " << *plot << ": " << status.message()
                << "; expected a writable path for the SVG\n";
      return kExitBadInput;
    }
    ProgressLine("wrote " + *plot);
  }
  if (auto dir = args.Value("--out")) {
    if (auto status = sim::WriteSimFiles(*result, *dir); !status.ok()) {
      std::cerr << "error: " << status.message() << "; expected a writable directory\n";
      return kExitBadInput;
    }
  }
  if (args.json()) {
    std::cout << sim::SimResultToJson(*result).dump(2) << "\n";
  } else {
    PrintResult(*result);
  }
  return kExitOk;
}

int Run(const Command& command, const Args& args) {
  // MPI starts only under mpirun; then every rank runs its share and rank 0
  // alone speaks (the others' streams are muted, their exit code the same).
  auto mpi = sim::MpiSession::StartIfLaunched();
  if (mpi && mpi->rank() != 0) {
    std::cout.setstate(std::ios::failbit);
    std::cerr.setstate(std::ios::failbit);
  }
  const int code = Simulate(command, args, mpi.get());
  return mpi ? mpi->MaxOverRanks(code) : code;
}

}  // namespace

const Command& SimulateCommand() {
  static const Command command{
      .name = "simulate",
      .synopsis =
          "simulate [SCENARIO] [--runs N] [--seed S] [--plan DIR] [--uncertainty FILE] "
          "[--assumptions FILE] [--threads N] [--reoptimize] [--out DIR] [--plot FILE.svg] "
          "[--json]",
      .summary = "Monte Carlo risk: P10/P50/P90 of capacity, compute, capex and NPV",
      .description =
          "Samples the uncertainties of --uncertainty FILE (default: data/uncertainty.yaml's "
          "values):\n"
          "construction delay by country, facility capex overrun, chip supply shortfall, GPU-hour "
          "and\n"
          "electricity price paths, a regime change at a random date and countries changing tier;\n"
          "applies each run to a fixed plan (read from --plan DIR or solved), or with "
          "--reoptimize\n"
          "re-solves the plan in each run (slow). Reports mean, P10, P50 and P90 of GW online by "
          "year,\n"
          "H100e delivered, capex overrun and NPV per financier, and the probability that each\n"
          "country's export cap binds. Runs use every core (--threads N to limit) and, under\n"
          "'mpirun -np N stargate simulate ...', every rank; results are identical for the same "
          "seed\n"
          "whatever the thread or rank count. --out DIR writes summary.csv, summary.json and "
          "runs.csv.",
      .flags = {{"--runs", "N", "number of runs (default 10000)"},
                {"--seed", "S", "random seed (default 1)"},
                {"--plan", "DIR", "read the fixed plan from DIR instead of solving it"},
                {"--uncertainty", "FILE", "uncertainties (YAML, see data/uncertainty.yaml)"},
                {"--assumptions", "FILE",
                 "financing assumptions (YAML, see data/finance-assumptions.yaml)"},
                {"--threads", "N", "threads per process (default: every core)"},
                {"--reoptimize", "", "re-solve the plan in each run (slow)"},
                {"--out", "DIR", "write summary.csv, summary.json and runs.csv into DIR"},
                {"--plot", "FILE.svg",
                 "draw the risk pictures (NPV and GW histograms with P10/P50/P90, the tornado "
                 "of the drivers, cap-binding probabilities) as SVG"}},
      .min_positional = 0,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
