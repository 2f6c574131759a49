// Demand for compute by country, and supply of accelerators by type.
#ifndef STARGATE_MODEL_DEMAND_H_
#define STARGATE_MODEL_DEMAND_H_

#include <string>

#include "stargate/core/quarter.h"
#include "stargate/model/enums.h"
#include "stargate/model/provenance.h"

namespace stargate {

// Compute a country wants, in H100-equivalents installed, growing
// geometrically from `start_h100e` in `from` by `annual_growth` a year.
struct Demand {
  std::string country;
  Quarter from;
  Quarter to;
  double start_h100e = 0;
  double annual_growth = 0;  // 0.5 = +50% a year
  Residency residency = Residency::kInZone;
  // Served only from countries with at least this Freedom House score
  // (0 = none); the scenario's options.min_freedom_score also applies.
  double min_freedom_score = 0;
  Provenance provenance;

  // H100e wanted in a quarter; 0 outside [from, to].
  double H100eAt(Quarter quarter) const;
};

// Units of an accelerator type the market can deliver to the program per quarter.
struct Supply {
  std::string accelerator;
  Quarter from;
  Quarter to;
  double units_per_quarter = 0;
  double annual_growth = 0;
  Provenance provenance;

  double UnitsAt(Quarter quarter) const;
};

}  // namespace stargate

#endif  // STARGATE_MODEL_DEMAND_H_
