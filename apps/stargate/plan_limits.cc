#include "plan_limits.h"

namespace stargate::cli {

absl::StatusOr<plan::ExportLimits> ExportLimitsFor(const Scenario&, const std::string& regime) {
  plan::ExportLimits limits;
  limits.regime_label = regime + " (rules engine not yet wired)";
  return limits;
}

}  // namespace stargate::cli
