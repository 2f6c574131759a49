// A JSON view of a regime (`regime show --json`, the server): every rule with
// its parameters by date, its citation and what is unconfirmed.
#ifndef STARGATE_RULES_REGIME_JSON_H_
#define STARGATE_RULES_REGIME_JSON_H_

#include <nlohmann/json.hpp>

#include "stargate/rules/regime.h"

namespace stargate::rules {

nlohmann::json ToJson(const Regime& regime);
// The short form `regime list --json` prints.
nlohmann::json SummaryJson(const Regime& regime);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_REGIME_JSON_H_
