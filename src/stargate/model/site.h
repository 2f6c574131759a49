// A data-center site: where capacity can be built, how fast and at what cost.
#ifndef STARGATE_MODEL_SITE_H_
#define STARGATE_MODEL_SITE_H_

#include <string>
#include <vector>

#include "stargate/core/quarter.h"
#include "stargate/model/enums.h"
#include "stargate/model/provenance.h"

namespace stargate {

// From `from` on, the grid connection allows up to `mw` (a step schedule).
struct GridStep {
  Quarter from;
  double mw = 0;
};

struct InstalledAccelerators {
  std::string accelerator;  // Accelerator id
  long long count = 0;
};

struct Site {
  std::string id;
  std::string name;
  std::string country;  // ISO alpha-2
  double lat = 0;
  double lon = 0;
  std::string operator_name;
  std::string operator_hq;  // ISO alpha-2 of the operator's ultimate parent
  bool uveu = false;        // operator holds Universal Validated End User status
  SiteStatus status = SiteStatus::kCandidate;
  double grid_mw_max = 0;
  std::vector<GridStep> grid_schedule;  // empty: grid_mw_max from the start
  double pue = 1.0;
  double shell_capex_usd_per_mw = 0;
  int lead_quarters = 0;  // construction start -> capacity online
  double existing_mw = 0;
  std::vector<InstalledAccelerators> existing_accelerators;
  double fixed_cost_usd = 0;  // MILP: cost of opening the site
  double min_build_mw = 0;    // MILP: smallest first phase
  Provenance provenance;

  // Grid capacity available in a quarter under the schedule.
  double GridMwAt(Quarter quarter) const;
};

}  // namespace stargate

#endif  // STARGATE_MODEL_SITE_H_
