// Model: the domain of a Stargate program (accelerators, countries, sites,
// financiers, demand, supply) gathered into a Scenario. Plain values with
// their units in their names; loading and validation live in scenario/.
//
// The front door of the module: code outside model includes this header,
// and two others for surfaces only output code needs, which bring
// nlohmann::json with them: model_json.h (the entities as JSON, for the
// CLI's --json and the server) and bibliography.h (the repository's sources,
// docs/sources.md, that records cite). Every header of the module is public;
// there is nothing internal.
#ifndef STARGATE_MODEL_MODEL_H_
#define STARGATE_MODEL_MODEL_H_

#include "stargate/model/accelerator.h"
#include "stargate/model/country.h"
#include "stargate/model/country_resolver.h"
#include "stargate/model/demand.h"
#include "stargate/model/enums.h"
#include "stargate/model/financier.h"
#include "stargate/model/provenance.h"
#include "stargate/model/scenario.h"
#include "stargate/model/site.h"

#endif  // STARGATE_MODEL_MODEL_H_
