// The risk pictures of a simulation in one SVG: histograms of the project's
// NPV and of GW online at the end of the last year with P10/P50/P90 marked,
// the tornado of the drivers around the mean NPV, and the probability that
// each country's cap binds. Every number drawn comes from the SimResult that
// SimResultToJson writes (summaries, tornado), and each marked element
// carries its value in a data- attribute with all its digits, so a reader
// (and the test) can match the picture to the JSON.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
#include "stargate/sim/internal/svg.h"
#include "stargate/sim/sim.h"

namespace stargate::sim {
namespace {

constexpr double kWidth = 960;
constexpr double kLeft = 70, kRight = 30;
constexpr double kHistogramHeight = 260;
constexpr int kBins = 40;
constexpr const char* kLowColor = "#5b8fc7";
constexpr const char* kHighColor = "#e0a458";

// "$12.3B", "-$450.0M", "0.85 GW".
std::string Value(double v, const std::string& unit) {
  if (unit == "USD") {
    const double a = std::fabs(v);
    const char* sign = v < 0 ? "-" : "";
    if (a >= 1e9) return absl::StrFormat("%s$%.1fB", sign, a / 1e9);
    if (a >= 1e6) return absl::StrFormat("%s$%.1fM", sign, a / 1e6);
    return absl::StrFormat("%s$%.0f", sign, a);
  }
  if (unit == "GW") return absl::StrFormat("%.2f GW", v);
  return absl::StrFormat("%.3g", v);
}

int MetricIndex(const SimResult& r, const std::string& id) {
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    if (r.metrics[m].id == id) return static_cast<int>(m);
  }
  return -1;
}

std::vector<double> Column(const SimResult& r, size_t m) {
  std::vector<double> out;
  const size_t width = r.metrics.size();
  for (size_t i = m; i < r.values.size(); i += width) {
    if (!std::isnan(r.values[i])) out.push_back(r.values[i]);
  }
  return out;
}

// A panel's bold title on its first line.
void PanelTitle(SvgWriter* svg, double top, const std::string& text) {
  svg->Text("text",
            {{"x", Coordinate(kLeft)},
             {"y", Coordinate(top + 16)},
             {"class", "panel-title"},
             {"font-size", "15"},
             {"font-weight", "bold"}},
            text);
}

// A histogram of metric m in a box at `top`, with its quantiles marked.
void Histogram(SvgWriter* svg, const SimResult& r, int m, const std::string& id, double top) {
  const Metric& metric = r.metrics[m];
  const MetricSummary& s = r.summaries[m];
  const std::vector<double> values = Column(r, m);
  svg->Open("g", {{"id", id}, {"class", "histogram"}, {"data-metric", metric.id}});
  PanelTitle(svg, top, absl::StrCat(metric.label, ": distribution over ", values.size(), " runs"));
  const double plot_top = top + 30, plot_bottom = top + kHistogramHeight - 30;
  const double plot_width = kWidth - kLeft - kRight;
  if (values.empty()) {
    svg->Text("text", {{"x", Coordinate(kLeft)}, {"y", Coordinate(plot_top + 20)}}, "no runs");
    svg->Close();
    return;
  }
  double lo = *std::min_element(values.begin(), values.end());
  double hi = *std::max_element(values.begin(), values.end());
  if (!(hi > lo)) {
    lo -= 0.5 * std::max(1.0, std::fabs(lo));
    hi += 0.5 * std::max(1.0, std::fabs(hi));
  }
  std::vector<int64_t> counts(kBins, 0);
  for (double v : values) {
    const int bin = std::min(kBins - 1, static_cast<int>((v - lo) / (hi - lo) * kBins));
    ++counts[std::max(0, bin)];
  }
  const int64_t most = *std::max_element(counts.begin(), counts.end());
  auto x_of = [&](double v) { return kLeft + (v - lo) / (hi - lo) * plot_width; };
  const double bin_width = plot_width / kBins;
  for (int b = 0; b < kBins; ++b) {
    const double h = most > 0 ? (plot_bottom - plot_top) * counts[b] / most : 0;
    svg->Empty("rect", {{"class", "bar"},
                        {"x", Coordinate(kLeft + b * bin_width)},
                        {"y", Coordinate(plot_bottom - h)},
                        {"width", Coordinate(std::max(0.0, bin_width - 1))},
                        {"height", Coordinate(h)},
                        {"fill", "#7a9cc6"},
                        {"data-runs", absl::StrCat(counts[b])}});
  }
  // Axes: runs per bin up the side, the metric along the bottom.
  svg->Empty("line", {{"x1", Coordinate(kLeft)},
                      {"y1", Coordinate(plot_bottom)},
                      {"x2", Coordinate(kLeft + plot_width)},
                      {"y2", Coordinate(plot_bottom)},
                      {"stroke", "#333"}});
  svg->Text("text",
            {{"x", Coordinate(kLeft - 6)},
             {"y", Coordinate(plot_top + 4)},
             {"text-anchor", "end"},
             {"class", "axis-label"}},
            absl::StrCat(most, " runs"));
  for (int i = 0; i <= 4; ++i) {
    const double v = lo + (hi - lo) * i / 4;
    svg->Text("text",
              {{"x", Coordinate(x_of(v))},
               {"y", Coordinate(plot_bottom + 16)},
               {"text-anchor", "middle"},
               {"class", "tick"}},
              Value(v, metric.unit));
  }
  const std::pair<const char*, double> quantiles[] = {
      {"p10", s.p10}, {"p50", s.p50}, {"p90", s.p90}};
  int row = 0;
  for (const auto& [name, v] : quantiles) {
    const double x = x_of(v);
    std::string label = absl::StrCat(name, " ", Value(v, metric.unit));
    label[0] = 'P';
    svg->Empty("line", {{"class", "quantile"},
                        {"data-metric", metric.id},
                        {"data-quantile", name},
                        {"data-value", ExactNumber(v)},
                        {"x1", Coordinate(x)},
                        {"y1", Coordinate(plot_top - 4)},
                        {"x2", Coordinate(x)},
                        {"y2", Coordinate(plot_bottom)},
                        {"stroke", "#c0392b"},
                        {"stroke-width", "2"},
                        {"stroke-dasharray", name == std::string("p50") ? "none" : "5,3"}});
    // Labels right of their line, or left of it near the right edge.
    const bool left = x > kLeft + 0.75 * plot_width;
    svg->Text("text",
              {{"class", "quantile-label"},
               {"data-quantile", name},
               {"x", Coordinate(left ? x - 4 : x + 4)},
               {"text-anchor", left ? "end" : "start"},
               {"y", Coordinate(plot_top + 10 + 14 * row++)},
               {"fill", "#c0392b"}},
              label);
  }
  svg->Close();
}

double TornadoPanel(SvgWriter* svg, const SimResult& r, double top) {
  const int target = MetricIndex(r, r.tornado_metric);
  const double mean = target >= 0 ? r.summaries[target].mean : 0;
  const std::string unit = target >= 0 ? r.metrics[target].unit : "";
  const double row_height = 26;
  const double height = 60 + row_height * std::max<size_t>(1, r.tornado.size());
  svg->Open(
      "g",
      {{"id", "tornado"}, {"data-metric", r.tornado_metric}, {"data-mean", ExactNumber(mean)}});
  PanelTitle(svg, top,
             absl::StrCat("What moves the NPV: mean NPV over the runs with each driver's lowest ",
                          "and highest tenth of draws"));
  if (r.tornado.empty()) {
    svg->Text("text", {{"x", Coordinate(kLeft)}, {"y", Coordinate(top + 40)}},
              "no drivers (fewer than 10 runs)");
    svg->Close();
    return height;
  }
  double lo = mean, hi = mean;
  for (const auto& b : r.tornado) {
    lo = std::min({lo, b.low_mean, b.high_mean});
    hi = std::max({hi, b.low_mean, b.high_mean});
  }
  if (!(hi > lo)) hi = lo + 1;
  const double label_width = 330;
  const double bar_left = kLeft + label_width, bar_width = kWidth - bar_left - kRight - 170;
  auto x_of = [&](double v) { return bar_left + (v - lo) / (hi - lo) * bar_width; };
  double y = top + 34;
  for (const auto& b : r.tornado) {
    svg->Open("g", {{"class", "tornado-bar"},
                    {"data-driver", b.driver},
                    {"data-low", ExactNumber(b.low_mean)},
                    {"data-high", ExactNumber(b.high_mean)}});
    svg->Text("text",
              {{"x", Coordinate(bar_left - 8)},
               {"y", Coordinate(y + 14)},
               {"text-anchor", "end"},
               {"class", "driver-label"}},
              b.label);
    // From the mean to each end: the lowest tenth's mean in blue, the
    // highest tenth's in orange.
    const std::pair<double, const char*> ends[] = {{b.low_mean, kLowColor},
                                                   {b.high_mean, kHighColor}};
    for (const auto& [end, color] : ends) {
      const double x1 = x_of(std::min(mean, end)), x2 = x_of(std::max(mean, end));
      svg->Empty("rect", {{"x", Coordinate(x1)},
                          {"y", Coordinate(y + 2)},
                          {"width", Coordinate(std::max(1.0, x2 - x1))},
                          {"height", "18"},
                          {"fill", color}});
    }
    const double x2 = x_of(std::max({mean, b.low_mean, b.high_mean}));
    svg->Text("text", {{"x", Coordinate(x2 + 4)}, {"y", Coordinate(y + 15)}, {"class", "tick"}},
              absl::StrCat(Value(b.low_mean, unit), " .. ", Value(b.high_mean, unit)));
    svg->Close();
    y += row_height;
  }
  svg->Empty("rect", {{"x", Coordinate(kLeft)},
                      {"y", Coordinate(y + 4)},
                      {"width", "12"},
                      {"height", "12"},
                      {"fill", kLowColor}});
  svg->Text("text", {{"x", Coordinate(kLeft + 16)}, {"y", Coordinate(y + 14)}, {"class", "legend"}},
            "driver's lowest tenth");
  svg->Empty("rect", {{"x", Coordinate(kLeft + 150)},
                      {"y", Coordinate(y + 4)},
                      {"width", "12"},
                      {"height", "12"},
                      {"fill", kHighColor}});
  svg->Text("text",
            {{"x", Coordinate(kLeft + 166)}, {"y", Coordinate(y + 14)}, {"class", "legend"}},
            "driver's highest tenth");
  svg->Empty("line", {{"class", "mean"},
                      {"x1", Coordinate(x_of(mean))},
                      {"y1", Coordinate(top + 30)},
                      {"x2", Coordinate(x_of(mean))},
                      {"y2", Coordinate(y)},
                      {"stroke", "#333"}});
  svg->Text("text",
            {{"x", Coordinate(x_of(mean))},
             {"y", Coordinate(y + 14)},
             {"text-anchor", "middle"},
             {"class", "tick"}},
            absl::StrCat("mean ", Value(mean, unit)));
  svg->Close();
  return height;
}

double CapPanel(SvgWriter* svg, const SimResult& r, double top) {
  std::vector<std::pair<std::string, double>> caps;
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    if (r.metrics[m].unit == "probability")
      caps.emplace_back(r.metrics[m].id.substr(r.metrics[m].id.find(':') + 1), r.summaries[m].mean);
  }
  const double row_height = 22;
  svg->Open("g", {{"id", "cap-binding"}});
  PanelTitle(svg, top, "Probability that a country's export cap binds");
  if (caps.empty()) {
    svg->Text("text", {{"x", Coordinate(kLeft)}, {"y", Coordinate(top + 40)}},
              "no export cap at risk under the regimes and tier changes given");
  }
  const double bar_left = kLeft + 60, bar_width = kWidth - bar_left - kRight - 80;
  double y = top + 30;
  for (const auto& [country, p] : caps) {
    svg->Open("g",
              {{"class", "cap"}, {"data-country", country}, {"data-probability", ExactNumber(p)}});
    svg->Text("text",
              {{"x", Coordinate(bar_left - 8)}, {"y", Coordinate(y + 14)}, {"text-anchor", "end"}},
              country);
    svg->Empty("rect", {{"x", Coordinate(bar_left)},
                        {"y", Coordinate(y + 2)},
                        {"width", Coordinate(bar_width)},
                        {"height", "16"},
                        {"fill", "#eee"}});
    svg->Empty("rect", {{"x", Coordinate(bar_left)},
                        {"y", Coordinate(y + 2)},
                        {"width", Coordinate(bar_width * std::clamp(p, 0.0, 1.0))},
                        {"height", "16"},
                        {"fill", "#8e44ad"}});
    svg->Text(
        "text",
        {{"x", Coordinate(bar_left + bar_width + 6)}, {"y", Coordinate(y + 14)}, {"class", "tick"}},
        absl::StrFormat("%.1f%%", 100 * p));
    svg->Close();
    y += row_height;
  }
  svg->Close();
  return 50 + row_height * std::max<size_t>(1, caps.size());
}

}  // namespace

std::string RiskPlotSvg(const SimResult& r) {
  const int npv = MetricIndex(r, "npv_overall");
  int gw = -1;
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    if (r.metrics[m].id.rfind("gw_online_", 0) == 0) gw = static_cast<int>(m);  // the last year
  }
  size_t caps = 0;
  for (const auto& m : r.metrics) caps += m.unit == "probability";
  const double height = 60 + (npv >= 0 ? kHistogramHeight : 0) + (gw >= 0 ? kHistogramHeight : 0) +
                        60 + 26 * std::max<size_t>(1, r.tornado.size()) + 50 +
                        22 * std::max<size_t>(1, caps) + 20;
  const std::string title =
      absl::StrCat("Risk of scenario ", r.scenario_id, ": ", r.runs, " runs, seed ", r.seed);
  SvgWriter svg(kWidth, height, title);
  svg.Empty("rect", {{"x", "0"},
                     {"y", "0"},
                     {"width", Coordinate(kWidth)},
                     {"height", Coordinate(height)},
                     {"fill", "white"}});
  svg.Text("text",
           {{"id", "plot-title"},
            {"x", Coordinate(kLeft)},
            {"y", "28"},
            {"font-size", "18"},
            {"font-weight", "bold"}},
           title);
  svg.Text("text", {{"x", Coordinate(kLeft)}, {"y", "46"}, {"class", "subtitle"}},
           absl::StrCat(r.reoptimize ? "plan re-solved in each run" : "fixed plan " + r.plan_origin,
                        "; uncertainty: ", r.uncertainty_origin));
  double top = 60;
  if (npv >= 0) {
    Histogram(&svg, r, npv, "npv-histogram", top);
    top += kHistogramHeight;
  }
  if (gw >= 0) {
    Histogram(&svg, r, gw, "gw-histogram", top);
    top += kHistogramHeight;
  }
  top += TornadoPanel(&svg, r, top);
  CapPanel(&svg, r, top);
  return svg.Finish();
}

absl::Status WriteRiskPlot(const SimResult& result, const std::filesystem::path& path) {
  return WriteFileAtomically(path, RiskPlotSvg(result));
}

}  // namespace stargate::sim
