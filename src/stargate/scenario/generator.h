// Generated scenarios for tests and benchmarks: realistic sizes and spreads
// (tiers, caps that bind, residency zones), reproducible from a seed.
#ifndef STARGATE_SCENARIO_GENERATOR_H_
#define STARGATE_SCENARIO_GENERATOR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace stargate {

struct GeneratorOptions {
  int sites = 50;
  int types = 10;
  int quarters = 24;
  int countries = 60;
  uint64_t seed = 1;
  int start_year = 2025;
};

// One self-contained scenario file (no includes) as YAML text. Countries are
// real ISO codes so that regimes apply: Tier 1 first, then Tier 2, and a few
// arms-embargoed (D:5) countries that get demand but no sites.
absl::StatusOr<std::string> GenerateScenarioYaml(const GeneratorOptions& options);

}  // namespace stargate

#endif  // STARGATE_SCENARIO_GENERATOR_H_
