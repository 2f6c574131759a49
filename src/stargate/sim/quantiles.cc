// Sorting a metric's values costs n log n comparisons, most of them
// mispredicted branches; only six order statistics are needed (lo and lo + 1
// of each quantile). A histogram over [min, max] says which bucket holds
// each of them and how many values lie in the buckets before it; then only
// the values of those few buckets are gathered and selected in. Bucket
// floor((x - min) * scale) never decreases as x grows, so the buckets are
// in value order and the statistics are exactly those of the sorted values.
#include "stargate/sim/internal/quantiles.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace stargate::sim {
namespace {

constexpr double kLevels[3] = {0.10, 0.50, 0.90};

}  // namespace

Quantiles QuantilesOf(std::vector<double>* values, QuantileScratch* scratch) {
  std::vector<double>& v = *values;
  const size_t n = v.size();
  // Each quantile's order statistics lo and hi and its position h, as
  // Quantile computes them.
  double h[3];
  size_t ranks[6];
  for (int q = 0; q < 3; ++q) {
    h[q] = (n - 1) * kLevels[q];
    ranks[2 * q] = static_cast<size_t>(std::floor(h[q]));
    ranks[2 * q + 1] = std::min(ranks[2 * q] + 1, n - 1);
  }
  double statistic[6];
  const auto [lowest, highest] = std::minmax_element(v.begin(), v.end());
  const double min = *lowest, span = *highest - min;
  const size_t buckets = std::clamp<size_t>(n / 16, 64, size_t{1} << 16);
  const double scale = buckets / span;
  if (n < 256 || !(span > 0) || !std::isfinite(span) || !std::isfinite(scale)) {
    // Few values, all equal or an infinite range: sort.
    std::sort(v.begin(), v.end());
    for (int i = 0; i < 6; ++i) statistic[i] = v[ranks[i]];
  } else {
    auto bucket = [&](double x) {
      return std::min(buckets - 1, static_cast<size_t>((x - min) * scale));
    };
    std::vector<uint32_t>& start = scratch->counts;  // counts, then values in the buckets before
    start.assign(buckets + 1, 0);
    for (double x : v) ++start[bucket(x) + 1];
    for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    // The bucket of each statistic, and its rank among that bucket's values.
    size_t held[6], slot[6], targets[6], distinct = 0;
    for (int i = 0; i < 6; ++i) {
      const size_t b = std::upper_bound(start.begin(), start.end(), ranks[i]) - start.begin() - 1;
      held[i] = ranks[i] - start[b];
      slot[i] = std::find(targets, targets + distinct, b) - targets;
      if (slot[i] == distinct) targets[distinct++] = b;
    }
    for (size_t k = 0; k < distinct; ++k) scratch->gathered[k].clear();
    for (double x : v) {
      const size_t b = bucket(x);
      for (size_t k = 0; k < distinct; ++k) {
        if (b == targets[k]) scratch->gathered[k].push_back(x);
      }
    }
    for (int i = 0; i < 6; ++i) {
      std::vector<double>& g = scratch->gathered[slot[i]];
      std::nth_element(g.begin(), g.begin() + held[i], g.end());
      statistic[i] = g[held[i]];
    }
  }
  double p[3];
  for (int q = 0; q < 3; ++q) {
    const double below = statistic[2 * q], above = statistic[2 * q + 1];
    p[q] = below + (h[q] - ranks[2 * q]) * (above - below);
  }
  return {p[0], p[1], p[2]};
}

}  // namespace stargate::sim
