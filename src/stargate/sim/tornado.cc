// The tornado of the drivers: for each driver, the metric's mean over the
// tenth of runs with the lowest draws and over the tenth with the highest.
// A function of the rows alone (ranked by value, then run number), so it
// does not depend on threads or ranks.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "stargate/sim/sim.h"

namespace stargate::sim {

std::vector<TornadoBar> Tornado(const SimResult& result, const std::string& metric) {
  std::vector<TornadoBar> bars;
  const size_t width = result.metrics.size();
  if (width == 0 || result.values.size() < width * 10) return bars;
  size_t target = width;
  for (size_t m = 0; m < width; ++m) {
    if (result.metrics[m].id == metric) target = m;
  }
  if (target == width) return bars;
  // Runs where the metric has a value (a re-solved run may have none).
  const size_t runs = result.values.size() / width;
  std::vector<int64_t> usable;
  for (size_t r = 0; r < runs; ++r) {
    if (!std::isnan(result.values[r * width + target])) usable.push_back(static_cast<int64_t>(r));
  }
  const int64_t end = static_cast<int64_t>(usable.size()) / 10;
  if (end == 0) return bars;
  for (size_t d = 0; d < width; ++d) {
    if (result.metrics[d].unit != "driver") continue;
    std::vector<int64_t> order = usable;
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return result.values[a * width + d] < result.values[b * width + d];
    });
    double low = 0, high = 0;
    for (int64_t i = 0; i < end; ++i) {
      low += result.values[order[i] * width + target];
      high += result.values[order[order.size() - 1 - i] * width + target];
    }
    bars.push_back({result.metrics[d].id, result.metrics[d].label, low / end, high / end, end});
  }
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    return std::fabs(a.high_mean - a.low_mean) > std::fabs(b.high_mean - b.low_mean);
  });
  return bars;
}

}  // namespace stargate::sim
