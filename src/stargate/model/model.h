// Model: the domain of a Stargate program (accelerators, countries, sites,
// financiers, demand, supply) gathered into a Scenario. Plain values with
// their units in their names; loading and validation live in scenario/.
#ifndef STARGATE_MODEL_MODEL_H_
#define STARGATE_MODEL_MODEL_H_

#include "stargate/model/accelerator.h"
#include "stargate/model/country.h"
#include "stargate/model/demand.h"
#include "stargate/model/enums.h"
#include "stargate/model/financier.h"
#include "stargate/model/provenance.h"
#include "stargate/model/scenario.h"
#include "stargate/model/site.h"

#endif  // STARGATE_MODEL_MODEL_H_
