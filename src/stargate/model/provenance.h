// Where a record's numbers come from: the type is core's (the record reader
// fills it from every data file); the domain's records carry it.
#ifndef STARGATE_MODEL_PROVENANCE_H_
#define STARGATE_MODEL_PROVENANCE_H_

#include "stargate/core/provenance.h"

#endif  // STARGATE_MODEL_PROVENANCE_H_
