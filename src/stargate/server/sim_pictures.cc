#include "stargate/server/internal/sim_pictures.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/match.h"

namespace stargate::server {
namespace {

using nlohmann::json;

// NaN and infinities are not JSON numbers.
json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

int MetricIndex(const sim::SimResult& r, const std::string& id) {
  for (size_t m = 0; m < r.metrics.size(); ++m)
    if (r.metrics[m].id == id) return static_cast<int>(m);
  return -1;
}

std::vector<double> ValuesOf(const sim::SimResult& r, int m) {
  std::vector<double> out;
  const size_t width = r.metrics.size();
  for (size_t i = 0; width > 0 && (i + 1) * width <= r.values.size(); ++i) {
    const double v = r.values[i * width + m];
    if (std::isfinite(v)) out.push_back(v);
  }
  return out;
}

// The uncertainties at their most likely values: a run without chance.
sim::UncertaintySpec Base(const sim::UncertaintySpec& full) {
  sim::UncertaintySpec b = full;
  b.delay_default = sim::DelayDistribution{};
  b.delay_by_region.clear();
  b.delay_by_country.clear();
  b.overrun = {full.overrun.mode, full.overrun.mode, full.overrun.mode};
  b.shortfall_probability = 0;
  b.gpu_hour_price.annual_volatility = 0;
  b.electricity_price.annual_volatility = 0;
  b.regime_change.probability = 0;
  b.tier_changes.clear();
  return b;
}

struct Driver {
  const char* name;
  const char* what;
  std::function<void(const sim::UncertaintySpec& full, sim::UncertaintySpec* spec)> vary;
};

const std::vector<Driver>& Drivers() {
  static const std::vector<Driver> drivers = {
      {"construction delay", "quarters of delay per site, by country and region",
       [](const auto& f, auto* s) {
         s->delay_default = f.delay_default;
         s->delay_by_region = f.delay_by_region;
         s->delay_by_country = f.delay_by_country;
       }},
      {"capex overrun", "facility capex overrun (triangular)",
       [](const auto& f, auto* s) { s->overrun = f.overrun; }},
      {"chip supply shortfall", "share of planned chips not delivered",
       [](const auto& f, auto* s) {
         s->shortfall_probability = f.shortfall_probability;
         s->shortfall = f.shortfall;
       }},
      {"GPU-hour price", "rental price path (yearly random walk)",
       [](const auto& f, auto* s) { s->gpu_hour_price = f.gpu_hour_price; }},
      {"electricity price", "electricity price path (yearly random walk)",
       [](const auto& f, auto* s) { s->electricity_price = f.electricity_price; }},
      {"regime change", "another export regime from a random date",
       [](const auto& f, auto* s) { s->regime_change = f.regime_change; }},
      {"partner tier changes", "countries moving tier at a random date",
       [](const auto& f, auto* s) { s->tier_changes = f.tier_changes; }},
  };
  return drivers;
}

}  // namespace

std::vector<std::string> PicturedMetrics(const sim::SimResult& r) {
  std::vector<std::string> out;
  if (MetricIndex(r, "npv_overall") >= 0) out.push_back("npv_overall");
  std::string last_gw;
  for (const auto& m : r.metrics)
    if (absl::StartsWith(m.id, "gw_online_") && m.id > last_gw) last_gw = m.id;
  if (!last_gw.empty()) out.push_back(last_gw);
  if (MetricIndex(r, "delivered_h100e") >= 0) out.push_back("delivered_h100e");
  return out;
}

json Histogram(const sim::SimResult& r, const std::string& metric, int bins) {
  const int m = MetricIndex(r, metric);
  if (m < 0 || bins < 1) return nullptr;
  std::vector<double> v = ValuesOf(r, m);
  const sim::MetricSummary& s = r.summaries[m];
  json j = {{"id", metric},         {"label", r.metrics[m].label}, {"unit", r.metrics[m].unit},
            {"runs", v.size()},     {"mean", Number(s.mean)},      {"p10", Number(s.p10)},
            {"p50", Number(s.p50)}, {"p90", Number(s.p90)}};
  json out = json::array();
  if (!v.empty()) {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const double min = *lo, max = *hi;
    j["min"] = min;
    j["max"] = max;
    // All runs equal: one bin holding them all.
    const int n = max > min ? bins : 1;
    const double width = max > min ? (max - min) / n : 0;
    std::vector<int64_t> counts(n, 0);
    for (double x : v) {
      int b = width > 0 ? static_cast<int>((x - min) / width) : 0;
      counts[std::clamp(b, 0, n - 1)] += 1;
    }
    for (int b = 0; b < n; ++b)
      out.push_back(
          {{"from", min + b * width}, {"to", min + (b + 1) * width}, {"count", counts[b]}});
  } else {
    j["min"] = nullptr;
    j["max"] = nullptr;
  }
  j["bins"] = std::move(out);
  return j;
}

absl::StatusOr<json> Tornado(const sim::UncertaintySpec& full,
                             const std::vector<std::string>& metrics, const SimRun& run) {
  const sim::UncertaintySpec base = Base(full);
  auto base_run = run(base);
  if (!base_run.ok()) return base_run.status();
  json base_values = json::object();
  for (const auto& id : metrics) {
    const int m = MetricIndex(*base_run, id);
    if (m >= 0) base_values[id] = Number(base_run->summaries[m].p50);
  }
  json drivers = json::array();
  for (const Driver& d : Drivers()) {
    sim::UncertaintySpec spec = base;
    d.vary(full, &spec);
    auto r = run(spec);
    if (!r.ok()) return r.status();
    json per = json::object();
    for (const auto& id : metrics) {
      const int m = MetricIndex(*r, id);
      if (m < 0) continue;
      const sim::MetricSummary& s = r->summaries[m];
      per[id] = {{"p10", Number(s.p10)}, {"p50", Number(s.p50)}, {"p90", Number(s.p90)}};
    }
    drivers.push_back({{"driver", d.name}, {"what", d.what}, {"metrics", std::move(per)}});
  }
  return json{{"base", std::move(base_values)},
              {"held_at",
               "no delay, the modal capex overrun, no chip shortfall, prices on their drift, no "
               "regime or tier change"},
              {"drivers", std::move(drivers)}};
}

}  // namespace stargate::server
