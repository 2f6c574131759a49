#include "stargate/sim/internal/drivers.h"

#include <algorithm>

namespace stargate::sim {

std::vector<Metric> DriverMetrics() {
  return {{"driver:delay", "longest construction delay drawn (quarters)", "driver"},
          {"driver:capex_overrun", "facility capex overrun factor (mean over sites)", "driver"},
          {"driver:supply", "share of planned chips delivered", "driver"},
          {"driver:gpu_price", "GPU-hour price multiplier (mean over the horizon)", "driver"},
          {"driver:electricity_price", "electricity price multiplier (mean over the horizon)",
           "driver"},
          {"driver:regime_change", "the regime changes (1) or not (0)", "driver"}};
}

void FillDrivers(const Sampler& sampler, const RunDraws& draws, double* out) {
  int delay = 0;
  for (int d : draws.country_delay) delay = std::max(delay, d);
  double overrun = 0;
  for (double f : draws.site_overrun) overrun += f;
  out[0] = delay;
  out[1] = draws.site_overrun.empty() ? 1.0 : overrun / draws.site_overrun.size();
  out[2] = draws.supply_factor;
  out[3] = sampler.MeanOverHorizon(draws.gpu_price);
  out[4] = sampler.MeanOverHorizon(draws.electricity_price);
  out[5] = draws.regime_change == finance::kNever ? 0.0 : 1.0;
}

}  // namespace stargate::sim
