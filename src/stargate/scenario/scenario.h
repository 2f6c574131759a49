// Scenario loading: YAML files with includes -> a validated Scenario, or every
// problem found, each as "FILE:LINE:COL: what; expected what". A scenario with
// any problem is not loaded at all.
//
// The front door of the module: code outside scenario includes this header,
// and generator.h to make a scenario (`stargate gen`, and the tests and
// benchmarks that want one of a given size) rather than read one. What the
// readers of each section share lives in scenario/internal/.
#ifndef STARGATE_SCENARIO_SCENARIO_H_
#define STARGATE_SCENARIO_SCENARIO_H_

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"

namespace stargate {

struct LoadOptions {
  // Regime ids the scenario may name besides "by_date"; empty = not checked.
  std::vector<std::string> known_regimes;
  // When false, an `include` is reported instead of followed (the fuzzer's
  // inputs must not read arbitrary files).
  bool follow_includes = true;
};

// Loads `path` and its includes. On failure the status is InvalidArgument and
// `diagnostics` (when given) holds every problem, sorted by place.
absl::StatusOr<Scenario> LoadScenario(const std::filesystem::path& path,
                                      const LoadOptions& options = {},
                                      std::vector<Diagnostic>* diagnostics = nullptr);

// Loads a scenario from YAML text (for tests and fuzzing); includes are
// resolved relative to the current directory. `name` is used in messages.
absl::StatusOr<Scenario> LoadScenarioFromText(const std::string& text, const std::string& name,
                                              const LoadOptions& options = {},
                                              std::vector<Diagnostic>* diagnostics = nullptr);

}  // namespace stargate

#endif  // STARGATE_SCENARIO_SCENARIO_H_
