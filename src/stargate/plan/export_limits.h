// What the export-control regime allows, in the form the model builder uses:
// which (site, accelerator, quarter) shipments may happen at all, and the
// caps as linear limits on shipped TPP. Filled from the rules engine by
// export_limits_from_rules.cc, or by hand in tests.
#ifndef STARGATE_PLAN_EXPORT_LIMITS_H_
#define STARGATE_PLAN_EXPORT_LIMITS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stargate/core/quarter.h"
#include "stargate/model/model.h"

namespace stargate::plan {

struct CapLimit {
  std::string id;
  std::string description;
  std::string cite;
  std::string country;  // destination whose shipments count
  Quarter from;
  Quarter to;
  std::vector<std::string> accelerators;  // accelerator ids that count
  bool counts_uveu_sites = false;
  double remaining_tpp = 0;  // limit minus what was already used
  // Empty: every site in `country` counts; else only sites run by these
  // operators (a named entity's share of a bilateral quota).
  std::vector<std::string> consignees;
};

struct UveuShares {
  double min_tier1_share = 0.75;
  double max_single_tier2_share = 0.07;
  double min_us_share_for_us_hq = 0.50;
};

struct ExportLimits {
  std::string regime_label = "none";  // shown in plan.json
  // Empty: every shipment is allowed.
  std::function<bool(const Site& site, const std::string& accelerator, Quarter quarter)> allowed;
  std::vector<CapLimit> caps;
  // Tier name of a country in a quarter ("tier1" for Tier 1); empty: not tiered.
  std::function<std::string(const std::string& country, Quarter quarter)> tier;
  std::function<std::optional<UveuShares>(Quarter quarter)> uveu_shares;
  std::function<std::string(Quarter quarter)> regime_at;
  // Tier under the January 2025 framework, which defines "Tier 1" for the
  // share-of-compute KPI even when the regime in force has no tiers.
  std::function<std::string(const std::string& country, Quarter quarter)> framework_tier;
};

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_EXPORT_LIMITS_H_
