// stargate plan --stochastic: the two-stage plan hedged over scenarios
// (src/stargate/plan/stochastic.h), kept apart from plan_command.cc.
#ifndef STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_
#define STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_

#include <optional>
#include <string>

#include "command.h"

namespace stargate::cli {

int RunStochasticPlan(const Command& command, const Args& args);

// The first flag given that only --stochastic reads (so that a plain plan
// refuses it rather than ignoring it); nullopt when there is none.
std::optional<std::string> StochasticOnlyFlag(const Args& args);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_
