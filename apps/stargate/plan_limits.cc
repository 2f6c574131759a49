#include "plan_limits.h"

#include "absl/strings/str_cat.h"
#include "scenario_input.h"
#include "stargate/plan/plan.h"
#include "stargate/rules/rules.h"

namespace stargate::cli {

absl::StatusOr<plan::ExportLimits> ExportLimitsFor(const Scenario& scenario,
                                                   const std::string& regime,
                                                   const rules::CapUsage& used) {
  std::vector<Diagnostic> diagnostics;
  auto catalog = rules::LoadRegimeCatalog(DataDir() / "regimes", &diagnostics);
  if (!catalog.ok()) return catalog.status();
  return plan::ExportLimitsFromRules(scenario, *catalog, regime, used);
}

}  // namespace stargate::cli
