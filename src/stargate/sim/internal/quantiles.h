// P10, P50 and P90 of unsorted values, the numbers Quantile (sim.h, R's
// type 7) gives on the sorted values, bit for bit, in time linear in the
// number of values. Internal to the sim module (summary.cc).
#ifndef STARGATE_SIM_INTERNAL_QUANTILES_H_
#define STARGATE_SIM_INTERNAL_QUANTILES_H_

#include <cstdint>
#include <vector>

namespace stargate::sim {

struct Quantiles {
  double p10 = 0, p50 = 0, p90 = 0;
};

// Scratch space, reused across columns.
struct QuantileScratch {
  std::vector<uint32_t> counts;
  std::vector<double> gathered[6];
};

// `values`: NaN-free and not empty; reordered.
Quantiles QuantilesOf(std::vector<double>* values, QuantileScratch* scratch);

}  // namespace stargate::sim

#endif  // STARGATE_SIM_INTERNAL_QUANTILES_H_
