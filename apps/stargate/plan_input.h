// The inputs of the commands that work on a plan (finance, simulate, report):
// the plan, read from --plan DIR or solved here, and the finance assumptions.
#ifndef STARGATE_APPS_STARGATE_PLAN_INPUT_H_
#define STARGATE_APPS_STARGATE_PLAN_INPUT_H_

#include <optional>
#include <string>

#include "command.h"
#include "stargate/finance/finance.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"

namespace stargate::cli {

struct PlanInput {
  plan::Plan plan;
  std::string origin;  // "read from DIR" or "solved here (optimal)"
};

// The plan in --plan DIR, else the plan solved here under `regime` with
// `options`. Prints what went wrong and returns nullopt with *exit_code set:
// 2 for unreadable plan files or regimes, 1 when no feasible plan exists.
std::optional<PlanInput> ReadOrSolvePlan(const Scenario& scenario, const Args& args,
                                         const std::string& regime,
                                         const plan::PlanOptions& options, int* exit_code);

// The assumptions in --assumptions FILE, else the defaults. Prints every
// problem and returns nullopt (exit code 2) when the file is bad.
std::optional<finance::FinanceAssumptions> FinanceAssumptionsOrReport(const Args& args);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_PLAN_INPUT_H_
