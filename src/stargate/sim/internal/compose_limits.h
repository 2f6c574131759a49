// The export limits of one run for a re-solved plan: the scenario's regime
// until a regime change, the new regime after it, and the tier changes the
// run drew (tier1: the country's caps end; tier2: a cap of cap_h100e from
// then on; tier3: no more shipments and a cap of zero).
#ifndef STARGATE_SIM_INTERNAL_COMPOSE_LIMITS_H_
#define STARGATE_SIM_INTERNAL_COMPOSE_LIMITS_H_

#include <vector>

#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/sim/uncertainty.h"

namespace stargate::sim {

// `change`: quarter index of the regime change (finance::kNever: none);
// `tier_quarters`: per tier change, its quarter index or kNever.
plan::ExportLimits ComposeLimits(const Scenario& scenario, const plan::ExportLimits& base,
                                 const plan::ExportLimits* alternative, int change,
                                 const std::vector<TierChange>& tiers,
                                 const std::vector<int>& tier_quarters);

}  // namespace stargate::sim

#endif  // STARGATE_SIM_INTERNAL_COMPOSE_LIMITS_H_
