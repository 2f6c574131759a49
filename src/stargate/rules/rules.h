// Rules: the export-control engine. Regimes are data (data/regimes/*.yaml)
// interpreted by a fixed set of rule kinds; it classifies chips under ECCN
// 3A090, places countries in tiers, decides shipments (license requirement,
// exceptions, caps) with a cited trace, and gives the planner its constraints.
// Pure: what was already shipped comes in as a CapUsage and goes out updated.
#ifndef STARGATE_RULES_RULES_H_
#define STARGATE_RULES_RULES_H_

#include "stargate/rules/cap_usage.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/eccn.h"
#include "stargate/rules/evaluate.h"
#include "stargate/rules/export_constraints.h"
#include "stargate/rules/regime.h"
#include "stargate/rules/regime_loader.h"
#include "stargate/rules/shipment.h"

#endif  // STARGATE_RULES_RULES_H_
