// The planner's export limits from the rules engine: the single source of
// truth for what may ship where, shared with `stargate check`.
#ifndef STARGATE_PLAN_EXPORT_LIMITS_FROM_RULES_H_
#define STARGATE_PLAN_EXPORT_LIMITS_FROM_RULES_H_

#include <string>

#include "absl/status/statusor.h"
#include "stargate/model/model.h"
#include "stargate/plan/export_limits.h"
#include "stargate/rules/rules.h"

namespace stargate::plan {

// `regime_choice` is "by_date" or a regime id; `usage` is what a ledger says
// was already shipped (caps shrink by it).
absl::StatusOr<ExportLimits> ExportLimitsFromRules(const Scenario& scenario,
                                                   const rules::RegimeCatalog& regimes,
                                                   const std::string& regime_choice,
                                                   const rules::CapUsage& usage = {});

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_EXPORT_LIMITS_FROM_RULES_H_
