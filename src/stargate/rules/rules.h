// Rules: the export-control engine. Regimes are data (data/regimes/*.yaml)
// interpreted by a fixed set of rule kinds; it classifies chips under ECCN
// 3A090, places countries in tiers, decides shipments (license requirement,
// exceptions, caps) with a cited trace, and gives the planner its constraints.
// Pure: what was already shipped comes in as a CapUsage and goes out updated.
//
// The front door of the module: code outside rules includes this header
// only. The headers it gathers are the public surface; what only the module
// needs (regime YAML reading, shipment field parsing, duties, the engine's
// compiled tables) lives in rules/internal/.
#ifndef STARGATE_RULES_RULES_H_
#define STARGATE_RULES_RULES_H_

#include "stargate/rules/affiliates_rule.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/decision_json.h"
#include "stargate/rules/eccn.h"
#include "stargate/rules/engine.h"
#include "stargate/rules/evaluate.h"
#include "stargate/rules/export_constraints.h"
#include "stargate/rules/regime.h"
#include "stargate/rules/regime_diff.h"
#include "stargate/rules/regime_json.h"
#include "stargate/rules/regime_loader.h"
#include "stargate/rules/shipment.h"
#include "stargate/rules/shipment_countries.h"
#include "stargate/rules/shipment_input.h"
#include "stargate/rules/tier_report.h"
#include "stargate/rules/tier_report_json.h"

#endif  // STARGATE_RULES_RULES_H_
