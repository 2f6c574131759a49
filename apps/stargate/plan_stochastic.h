// stargate plan --stochastic: the two-stage plan hedged over scenarios
// (src/stargate/plan/stochastic.h), kept apart from plan_command.cc.
#ifndef STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_
#define STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_

#include "command.h"

namespace stargate::cli {

int RunStochasticPlan(const Command& command, const Args& args);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_
