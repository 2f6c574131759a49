// Deciding a batch of shipments: each is decided in date order (ties in input
// order), consuming caps and exception allowances, so later shipments see
// earlier ones; decisions come back in input order.
#ifndef STARGATE_RULES_EVALUATE_H_
#define STARGATE_RULES_EVALUATE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "stargate/model/model.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/regime.h"
#include "stargate/rules/shipment.h"

namespace stargate::rules {

class Engine;

// A shipment the engine cannot decide: which one, which field, what is wrong.
struct ShipmentProblem {
  size_t index = 0;
  std::string field;
  std::string what;
  std::string expected;
};

// What would stop a batch from being decided: unknown accelerators and
// countries, non-positive quantities, dates before any regime, an unknown
// regime. `regime_choice` is "by_date" or a regime id.
std::vector<ShipmentProblem> CheckShipments(const RegimeCatalog& regimes, const Scenario& scenario,
                                            const std::vector<Shipment>& shipments,
                                            const std::string& regime_choice);

// The planner's and the ledger's entry point. `usage` is what was already
// shipped. A shipment CheckShipments would reject gets a prohibited decision
// with `input_error` set. Traces are built only when `with_trace`.
std::vector<Decision> Evaluate(const RegimeCatalog& regimes, const Scenario& scenario,
                               const std::vector<Shipment>& shipments,
                               const std::string& regime_choice, const CapUsage& usage,
                               bool with_trace);

// The same on a prebuilt engine, also returning the usage after the batch
// (for the ledger) when `usage_after` is given.
std::vector<Decision> Evaluate(const Engine& engine, const std::vector<Shipment>& shipments,
                               const std::string& regime_choice, const CapUsage& usage,
                               bool with_trace, CapUsage* usage_after = nullptr);

// What deciding a batch may read from a ledger: every cap (and NVEU limit) id
// and every LPP allowance (normalized consignee, year) its shipments could
// count against, whatever their outcome. Shipments that do not resolve are
// skipped. UVEU fleets are not included: they come from the batch itself.
struct UsageKeys {
  std::vector<std::string> caps;
  std::vector<std::pair<std::string, int>> lpp;
};
UsageKeys KeysFor(const Engine& engine, const std::vector<Shipment>& shipments,
                  const std::string& regime_choice);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_EVALUATE_H_
