// JSON views of decisions and usage, shared by `check --json`, the ledger and
// the server. Field names are the CLI contract (docs/regimes.md).
#ifndef STARGATE_RULES_DECISION_JSON_H_
#define STARGATE_RULES_DECISION_JSON_H_

#include <nlohmann/json.hpp>

#include "stargate/rules/cap_usage.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/shipment.h"

namespace stargate::rules {

nlohmann::json ToJson(const CapState& cap);
nlohmann::json ToJson(const TraceStep& step);
// {id, regime, classification, tier, outcome, exception, review_policy,
//  tpp_total, caps, trace}; exception and review_policy are null when none.
nlohmann::json ToJson(const Decision& decision);
nlohmann::json ToJson(const CapUsage& usage);
// A shipment in the input format of `check` (what the ledger records).
nlohmann::json ToJson(const Shipment& shipment);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_DECISION_JSON_H_
