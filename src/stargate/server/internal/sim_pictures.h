// The risk pictures of a simulation job, for the dashboard's simulation page:
// histograms of chosen metrics from the runs' values (the sim module keeps
// every run's values, its JSON only their summaries), and a tornado of the
// drivers: each uncertainty alone, the others held at their most likely
// value, and the P10..P90 it alone gives a metric.
#ifndef STARGATE_SERVER_INTERNAL_SIM_PICTURES_H_
#define STARGATE_SERVER_INTERNAL_SIM_PICTURES_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/sim/sim.h"

namespace stargate::server {

// The metrics pictured: the project's NPV, GW online at the end of the last
// year, and H100e delivered (those the result has).
std::vector<std::string> PicturedMetrics(const sim::SimResult& result);

// {id, label, unit, runs, min, max, mean, p10, p50, p90, bins: [{from, to, count}]}
// over the runs with a value; null when the result has no such metric.
nlohmann::json Histogram(const sim::SimResult& result, const std::string& metric, int bins);

// One simulation under `spec` (same runs and seed as the full one).
using SimRun = std::function<absl::StatusOr<sim::SimResult>(const sim::UncertaintySpec& spec)>;

// {base: {metric: value}, drivers: [{driver, what, metrics: {metric: {p10, p50, p90}}}]}:
// the base run holds every uncertainty at its most likely value (no delay,
// the modal overrun, no shortfall, prices on their drift, no regime or tier
// change); each driver then varies alone.
absl::StatusOr<nlohmann::json> Tornado(const sim::UncertaintySpec& full,
                                       const std::vector<std::string>& metrics, const SimRun& run);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_SIM_PICTURES_H_
