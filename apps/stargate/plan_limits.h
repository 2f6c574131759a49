// The export limits a plan must respect, from the regime the user chose.
#ifndef STARGATE_APPS_STARGATE_PLAN_LIMITS_H_
#define STARGATE_APPS_STARGATE_PLAN_LIMITS_H_

#include <string>

#include "absl/status/statusor.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/rules/rules.h"

namespace stargate::cli {

// `used` is what a ledger says was already shipped against each cap.
absl::StatusOr<plan::ExportLimits> ExportLimitsFor(const Scenario& scenario,
                                                   const std::string& regime,
                                                   const rules::CapUsage& used = {});

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_PLAN_LIMITS_H_
