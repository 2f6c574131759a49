// Summaries of the runs (on rank 0, over rows already in run order) and
// their JSON and CSV forms. Everything here is a function of the rows alone,
// which is why the output does not depend on threads or ranks.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
#include "stargate/sim/internal/quantiles.h"
#include "stargate/sim/sim.h"

namespace stargate::sim {

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  const double h = (sorted.size() - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

namespace {

// Count, mean (summed in run order) and quantiles of one metric's values,
// NaN-free, in run order.
MetricSummary SummarizeColumn(std::vector<double>* column, QuantileScratch* scratch) {
  MetricSummary s;
  s.count = static_cast<int64_t>(column->size());
  if (column->empty()) {
    s.mean = s.p10 = s.p50 = s.p90 = std::nan("");
    return s;
  }
  double sum = 0;
  for (double v : *column) sum += v;
  s.mean = sum / column->size();
  const Quantiles q = QuantilesOf(column, scratch);
  s.p10 = q.p10;
  s.p50 = q.p50;
  s.p90 = q.p90;
  return s;
}

}  // namespace

MetricSummary Summarize(const std::vector<double>& values, size_t metric, size_t metrics) {
  std::vector<double> column;
  column.reserve(metrics ? values.size() / metrics : 0);
  for (size_t i = metric; i < values.size(); i += metrics) {
    if (!std::isnan(values[i])) column.push_back(values[i]);
  }
  QuantileScratch scratch;
  return SummarizeColumn(&column, &scratch);
}

std::vector<MetricSummary> SummarizeAll(const std::vector<double>& values, size_t metrics) {
  std::vector<MetricSummary> summaries;
  if (metrics == 0) return summaries;
  const size_t runs = values.size() / metrics;
  // Rows are read once per block of metrics: with many runs the rows do not
  // fit in a cache, and a pass over them costs the same for one metric as
  // for all of a row's. 64 covers the usual row in one pass, for the memory
  // of a copy of the rows.
  const size_t block = std::min<size_t>(metrics, 64);
  std::vector<std::vector<double>> columns(block, std::vector<double>(runs));
  std::vector<size_t> count(block);
  QuantileScratch scratch;
  for (size_t first = 0; first < metrics; first += block) {
    const size_t width = std::min(block, metrics - first);
    std::fill(count.begin(), count.end(), 0);
    for (size_t r = 0; r < runs; ++r) {
      const double* row = values.data() + r * metrics + first;
      for (size_t k = 0; k < width; ++k) {
        columns[k][count[k]] = row[k];
        count[k] += !std::isnan(row[k]);  // a NaN is overwritten by the next value
      }
    }
    for (size_t k = 0; k < width; ++k) {
      columns[k].resize(count[k]);
      summaries.push_back(SummarizeColumn(&columns[k], &scratch));
      columns[k].resize(runs);
    }
  }
  return summaries;
}

namespace {

nlohmann::json Number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

// %.17g keeps every bit, so files compare equal exactly when the doubles do.
std::string Exact(double v) { return std::isnan(v) ? "" : absl::StrFormat("%.17g", v); }

}  // namespace

nlohmann::json SimResultToJson(const SimResult& r) {
  nlohmann::json metrics = nlohmann::json::array(), caps = nlohmann::json::object();
  nlohmann::json drivers = nlohmann::json::array(), tornado = nlohmann::json::array();
  for (const TornadoBar& b : r.tornado) {
    tornado.push_back({{"driver", b.driver},
                       {"label", b.label},
                       {"low_mean", Number(b.low_mean)},
                       {"high_mean", Number(b.high_mean)},
                       {"runs_per_end", b.runs_per_end}});
  }
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    const Metric& metric = r.metrics[m];
    const MetricSummary& s = r.summaries[m];
    if (metric.unit == "probability") {
      caps[metric.id.substr(metric.id.find(':') + 1)] = Number(s.mean);
      continue;
    }
    if (metric.unit == "driver") {
      drivers.push_back({{"id", metric.id},
                         {"label", metric.label},
                         {"mean", Number(s.mean)},
                         {"p10", Number(s.p10)},
                         {"p50", Number(s.p50)},
                         {"p90", Number(s.p90)}});
      continue;
    }
    metrics.push_back({{"id", metric.id},
                       {"label", metric.label},
                       {"unit", metric.unit},
                       {"runs", s.count},
                       {"mean", Number(s.mean)},
                       {"p10", Number(s.p10)},
                       {"p50", Number(s.p50)},
                       {"p90", Number(s.p90)}});
  }
  return {{"scenario", r.scenario_id},
          {"plan", r.reoptimize ? "re-solved in each run" : r.plan_origin},
          {"runs", r.runs},
          {"seed", r.seed},
          {"failed_runs", r.failed_runs},
          {"uncertainty", r.uncertainty_origin},
          {"assumptions", r.assumptions_origin},
          {"metrics", metrics},
          {"cap_binding_probability", caps},
          {"drivers", drivers},
          {"tornado", {{"metric", r.tornado_metric}, {"bars", tornado}}}};
}

absl::Status WriteSimFiles(const SimResult& r, const std::filesystem::path& dir) {
  std::ostringstream summary;
  summary << "metric,unit,runs,mean,p10,p50,p90\n";
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    const MetricSummary& s = r.summaries[m];
    summary << r.metrics[m].id << ',' << r.metrics[m].unit << ',' << s.count << ',' << Exact(s.mean)
            << ',' << Exact(s.p10) << ',' << Exact(s.p50) << ',' << Exact(s.p90) << '\n';
  }
  std::ostringstream runs;
  runs << "run";
  for (const auto& metric : r.metrics) runs << ',' << metric.id;
  runs << '\n';
  const size_t width = r.metrics.size();
  for (int64_t i = 0; i < r.runs && width > 0; ++i) {
    runs << i;
    for (size_t m = 0; m < width; ++m) runs << ',' << Exact(r.values[i * width + m]);
    runs << '\n';
  }
  const NamedFile files[] = {
      {"summary.csv", summary.str()},
      {"summary.json", SimResultToJson(r).dump(2) + "\n"},
      {"runs.csv", runs.str()},
  };
  return WriteFilesAtomically(dir, files);
}

}  // namespace stargate::sim
