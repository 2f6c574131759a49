// stargate plan --stochastic: the two-stage plan hedged over scenarios
// (src/stargate/plan/stochastic.h), kept apart from plan_command.cc.
#ifndef STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_
#define STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "command.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"

namespace stargate::cli {

int RunStochasticPlan(const Command& command, const Args& args);

// The first flag given that only --stochastic reads (so that a plain plan
// refuses it rather than ignoring it); nullopt when there is none.
std::optional<std::string> StochasticOnlyFlag(const Args& args);

// plan.json's "stochastic" block in DIR as written; null for a deterministic
// plan (or a plan.json that cannot be parsed: the plan reader, which runs
// first, reports that one with its location).
nlohmann::json StochasticBlockOf(const std::filesystem::path& dir);

// The regime a hedged plan was made under before any future's change (its
// block's base_regime; the scenario's for a block without one): the tables
// of a future with a change are labelled with two regimes, which no regime
// id names.
std::string StochasticBaseRegime(const nlohmann::json& block, const Scenario& scenario);

// The scenario's deterministic plan under `regime`, to set beside a hedged
// one (the report); nullopt, with a warning on stderr, when it cannot be
// solved: the report is still written, without that column.
std::optional<plan::Plan> DeterministicBeside(const Scenario& scenario, const std::string& regime,
                                              const plan::PlanOptions& options);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_PLAN_STOCHASTIC_H_
