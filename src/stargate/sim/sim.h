// Monte Carlo over a plan: the uncertainties of an UncertaintySpec sampled
// per run and applied to a fixed plan (fast: precomputed arrays, no
// allocation per run) or to a plan re-solved per run (--reoptimize, slow);
// P10/P50/P90 of GW online by year, delivered H100e, capex overrun and NPV
// per financier, and the probability that each country's cap binds. Runs
// are spread over threads (oneTBB) and MPI ranks; each run draws from its
// own counter-based stream and results are reduced in run order, so the
// output is identical for any thread or rank count. The front door of the
// module.
#ifndef STARGATE_SIM_SIM_H_
#define STARGATE_SIM_SIM_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/finance/finance.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/sim/mpi_session.h"
#include "stargate/sim/progress_bar.h"
#include "stargate/sim/uncertainty.h"

namespace stargate::sim {

// The export limits of a regime for a scenario (the CLI passes the rules
// engine's; tests pass their own).
using LimitsFor =
    std::function<absl::StatusOr<plan::ExportLimits>(const Scenario&, const std::string& regime)>;

struct SimOptions {
  int64_t runs = 10000;
  uint64_t seed = 1;
  int threads = 0;  // 0: every core
  bool reoptimize = false;
  plan::PlanOptions plan_options;  // for re-solved plans
  LimitsFor limits_for;            // empty: no export limits at all
  ProgressBar* progress = nullptr;
};

struct Metric {
  std::string id;     // gw_online_2027, delivered_h100e, npv:softbank, cap_binds:AE, ...
  std::string label;  // for people
  std::string unit;   // GW, H100e, USD, share, probability
};

struct MetricSummary {
  int64_t count = 0;  // runs with a value (a re-solved run may fail)
  double mean = 0, p10 = 0, p50 = 0, p90 = 0;
};

// One bar of the tornado: the mean of a metric over the runs whose driver
// is in its lowest tenth and over those in its highest tenth (runs ranked by
// the driver, ties by run number), so a bar's length is how far the metric
// moves with that driver alone.
struct TornadoBar {
  std::string driver, label;
  double low_mean = 0, high_mean = 0;
  int64_t runs_per_end = 0;
};

struct SimResult {
  std::string scenario_id, plan_origin, uncertainty_origin, assumptions_origin;
  int64_t runs = 0;
  uint64_t seed = 0;
  bool reoptimize = false;
  std::vector<Metric> metrics;
  // Rank 0 only (empty elsewhere): runs x metrics, run-major; NaN where a
  // re-solved run had no plan.
  std::vector<double> values;
  std::vector<MetricSummary> summaries;
  int64_t failed_runs = 0;
  bool is_root = true;
  std::string tornado_metric = "npv_overall";
  std::vector<TornadoBar> tornado;  // widest first
};

// `mpi` null: this process runs every run.
absl::StatusOr<SimResult> Simulate(const Scenario& scenario, const plan::Plan& plan,
                                   const finance::FinanceAssumptions& assumptions,
                                   const UncertaintySpec& uncertainty, const SimOptions& options,
                                   const MpiSession* mpi);

// Linear interpolation between order statistics (R's type 7) of sorted values.
double Quantile(const std::vector<double>& sorted, double q);
// Count, mean (summed in run order) and P10/P50/P90 of one metric, NaNs skipped.
MetricSummary Summarize(const std::vector<double>& values, size_t metric, size_t metrics);
// Summarize for every metric of run-major `values`.
std::vector<MetricSummary> SummarizeAll(const std::vector<double>& values, size_t metrics);

// The tornado of `metric` over the driver columns (unit "driver"), widest
// bar first; empty without drivers or with fewer than 10 runs.
std::vector<TornadoBar> Tornado(const SimResult& result, const std::string& metric);

// The risk pictures as one SVG document: histograms of the NPV and of GW
// online in the last year with P10/P50/P90 marked, the tornado of the
// drivers and the cap-binding probabilities; every figure is the one
// SimResultToJson gives.
std::string RiskPlotSvg(const SimResult& result);
// Writes RiskPlotSvg to `path` atomically (a temporary file renamed over it).
absl::Status WriteRiskPlot(const SimResult& result, const std::filesystem::path& path);

nlohmann::json SimResultToJson(const SimResult& result);
// summary.csv, summary.json and runs.csv (one row per run) in `dir`.
absl::Status WriteSimFiles(const SimResult& result, const std::filesystem::path& dir);

}  // namespace stargate::sim

#endif  // STARGATE_SIM_SIM_H_
