// The drivers of a run: each uncertainty's draw summarised as one number
// (the longest delay, the mean overrun factor, the supply share, the mean
// GPU-hour and electricity price multipliers, whether the regime changes),
// kept beside the run's metrics so that a tornado can rank what moves the
// NPV. Internal to the sim module.
#ifndef STARGATE_SIM_INTERNAL_DRIVERS_H_
#define STARGATE_SIM_INTERNAL_DRIVERS_H_

#include <cstddef>

#include "stargate/sim/sampler.h"
#include "stargate/sim/sim.h"

namespace stargate::sim {

inline constexpr size_t kDriverCount = 6;

// The drivers' metric descriptions, in column order (unit "driver").
std::vector<Metric> DriverMetrics();

// Writes the kDriverCount driver values of `draws` to out[0..kDriverCount).
void FillDrivers(const Sampler& sampler, const RunDraws& draws, double* out);

}  // namespace stargate::sim

#endif  // STARGATE_SIM_INTERNAL_DRIVERS_H_
