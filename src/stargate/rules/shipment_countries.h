// The country fields of shipments (destination, consignee_hq) as users write
// them, by name or code in any case ("Germany", "uae", "in"), turned into the
// scenario's ISO codes through the one CountryResolver, before any rule
// looks at them. Every door's shipments (check's files, the API, ledger
// entries made from them) go through compliance::Check, which calls this.
#ifndef STARGATE_RULES_SHIPMENT_COUNTRIES_H_
#define STARGATE_RULES_SHIPMENT_COUNTRIES_H_

#include <vector>

#include "stargate/model/model.h"
#include "stargate/rules/evaluate.h"
#include "stargate/rules/shipment.h"

namespace stargate::rules {

// Rewrites each resolved field to its code; returns a problem (with the
// field, for the reader to locate) for each that names no country, with a
// "did you mean" or the names an ambiguous word could be.
std::vector<ShipmentProblem> ResolveShipmentCountries(const Scenario& scenario,
                                                      std::vector<Shipment>* shipments);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_SHIPMENT_COUNTRIES_H_
