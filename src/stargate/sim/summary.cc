// Summaries of the runs (on rank 0, over rows already in run order) and
// their JSON and CSV forms. Everything here is a function of the rows alone,
// which is why the output does not depend on threads or ranks.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
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

// Quantile(sorted, q) for q = 0.1, 0.5, 0.9 without sorting: the two order
// statistics each needs, found by selection (nth_element, then the least
// value above). Each selection works within the part the previous one
// left: the P50 split puts everything below P50 before it and everything
// above after it. Small columns, where the statistics may coincide, are
// sorted. Either way the values are those of the sorted column, exactly.
void Quantiles(std::vector<double>* column, MetricSummary* s) {
  std::vector<double>& v = *column;
  const size_t n = v.size();
  if (n < 64) {
    std::sort(v.begin(), v.end());
    s->p10 = Quantile(v, 0.10);
    s->p50 = Quantile(v, 0.50);
    s->p90 = Quantile(v, 0.90);
    return;
  }
  // Statistics lo and lo + 1 (n >= 64 keeps each pair apart from the others).
  auto select = [&](double q, size_t first, size_t last) {
    const double h = (n - 1) * q;
    const size_t lo = static_cast<size_t>(std::floor(h));
    std::nth_element(v.begin() + first, v.begin() + lo, v.begin() + last);
    const double below = v[lo];
    const double above = *std::min_element(v.begin() + lo + 1, v.begin() + last);
    return std::make_pair(lo, below + (h - lo) * (above - below));
  };
  const auto [mid, p50] = select(0.50, 0, n);
  s->p50 = p50;
  s->p10 = select(0.10, 0, mid).second;
  s->p90 = select(0.90, mid + 1, n).second;
}

// Count, mean and quantiles of one metric's values (NaN-free, in run order).
MetricSummary SummarizeColumn(std::vector<double>* column) {
  MetricSummary s;
  s.count = static_cast<int64_t>(column->size());
  if (column->empty()) {
    s.mean = s.p10 = s.p50 = s.p90 = std::nan("");
    return s;
  }
  double sum = 0;
  for (double v : *column) sum += v;
  s.mean = sum / column->size();
  Quantiles(column, &s);
  return s;
}

}  // namespace

MetricSummary Summarize(const std::vector<double>& values, size_t metric, size_t metrics) {
  std::vector<double> column;
  column.reserve(metrics ? values.size() / metrics : 0);
  for (size_t i = metric; i < values.size(); i += metrics) {
    if (!std::isnan(values[i])) column.push_back(values[i]);
  }
  return SummarizeColumn(&column);
}

std::vector<MetricSummary> SummarizeAll(const std::vector<double>& values, size_t metrics) {
  std::vector<MetricSummary> summaries;
  if (metrics == 0) return summaries;
  const size_t runs = values.size() / metrics;
  // Eight metrics at a time: a row's eight values share a cache line or
  // two, so the rows are read once per eight metrics rather than per metric.
  constexpr size_t kBlock = 8;
  std::vector<std::vector<double>> columns(kBlock);
  for (auto& c : columns) c.reserve(runs);
  for (size_t first = 0; first < metrics; first += kBlock) {
    const size_t width = std::min(kBlock, metrics - first);
    for (size_t k = 0; k < width; ++k) columns[k].clear();
    for (size_t r = 0; r < runs; ++r) {
      const double* row = values.data() + r * metrics + first;
      for (size_t k = 0; k < width; ++k) {
        if (!std::isnan(row[k])) columns[k].push_back(row[k]);
      }
    }
    for (size_t k = 0; k < width; ++k) summaries.push_back(SummarizeColumn(&columns[k]));
  }
  return summaries;
}

namespace {

nlohmann::json Number(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

// %.17g keeps every bit, so files compare equal exactly when the doubles do.
std::string Exact(double v) { return std::isnan(v) ? "" : absl::StrFormat("%.17g", v); }

}  // namespace

nlohmann::json SimResultToJson(const SimResult& r) {
  nlohmann::json metrics = nlohmann::json::array(), caps = nlohmann::json::object();
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    const Metric& metric = r.metrics[m];
    const MetricSummary& s = r.summaries[m];
    if (metric.unit == "probability") {
      caps[metric.id.substr(metric.id.find(':') + 1)] = Number(s.mean);
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
          {"cap_binding_probability", caps}};
}

absl::Status WriteSimFiles(const SimResult& r, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("cannot create '", dir.string(), "': ", ec.message()));
  std::ostringstream summary;
  summary << "metric,unit,runs,mean,p10,p50,p90\n";
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    const MetricSummary& s = r.summaries[m];
    summary << r.metrics[m].id << ',' << r.metrics[m].unit << ',' << s.count << ',' << Exact(s.mean) << ','
            << Exact(s.p10) << ',' << Exact(s.p50) << ',' << Exact(s.p90) << '\n';
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
  const std::pair<const char*, std::string> files[] = {
      {"summary.csv", summary.str()},
      {"summary.json", SimResultToJson(r).dump(2) + "\n"},
      {"runs.csv", runs.str()},
  };
  for (const auto& [name, content] : files) {
    if (auto status = WriteFileAtomically(dir / name, content); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace stargate::sim
