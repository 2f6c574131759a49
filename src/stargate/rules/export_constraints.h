// The planner's view of a regime: which (site, accelerator, quarter)
// shipments may happen at all, and the caps as linear constraints on shipped
// TPP. Built from the same engine `check` runs, so a plan that keeps within
// these constraints passes `check` (an invariant test holds us to it).
#ifndef STARGATE_RULES_EXPORT_CONSTRAINTS_H_
#define STARGATE_RULES_EXPORT_CONSTRAINTS_H_

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/quarter.h"
#include "stargate/model/model.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/regime.h"

namespace stargate::rules {

class Engine;

struct CapConstraint {
  std::string id;                         // stable, e.g. "ai-diffusion-2025/tier2-country-cap/IN"
  std::string description;                // plain words
  std::string cite;                       // e.g. "90 FR 4544; 15 CFR 740 Supp. 5"
  std::string country;                    // destination whose shipments count
  Quarter from, to;                       // shipments in quarters [from, to] count
  std::vector<std::string> accelerators;  // accelerator ids whose shipments count (controlled ones)
  bool counts_uveu_sites =
      false;             // false: shipments to sites whose operator is a UVEU do not count
  double limit_tpp = 0;  // total over the window
  double used_tpp = 0;   // already used (from CapUsage)
  // Empty: shipments to every site in `country` count. Otherwise only sites
  // whose operator_name is one of these (a named-entity quota of a bilateral
  // agreement, such as G42's share of the UAE quota).
  std::vector<std::string> consignees;
  double remaining_tpp() const { return std::max(0.0, limit_tpp - used_tpp); }
};

struct UveuShareRule {
  double min_tier1_share;
  double max_single_tier2_share;
  double min_us_share_for_us_hq;
  std::string cite;
};

class ExportConstraints {
 public:
  // Whether accelerator `accelerator_id` may be shipped in `quarter` to `site` (destination
  // site.country, consignee = site.operator_name headquartered in site.operator_hq, veu = uveu
  // when site.uveu) under the regime in force then, i.e. whether check would NOT refuse it (not
  // prohibited, not presumption_of_denial). Caps are left to caps().
  bool Allowed(const Site& site, const std::string& accelerator_id, Quarter quarter) const;
  const std::vector<CapConstraint>& caps() const { return caps_; }
  // The id of the regime in force in a quarter (first day of the quarter); empty when none.
  std::string RegimeAt(Quarter quarter) const;
  // Tier label of a country in a quarter ("tier1", "tier2", "tier3", or the regime's group
  // naming); empty when the country or the regime is unknown.
  std::string TierAt(const std::string& country, Quarter quarter) const;
  std::optional<UveuShareRule> UveuSharesAt(Quarter quarter) const;

 private:
  friend absl::StatusOr<ExportConstraints> BuildExportConstraints(const Scenario&,
                                                                  const RegimeCatalog&,
                                                                  const std::string&,
                                                                  const CapUsage&);
  std::shared_ptr<const Engine> engine_;
  std::string regime_choice_;
  std::vector<CapConstraint> caps_;
};

// `regime_choice` is "by_date" or a regime id. `usage` is what was already shipped (empty =
// nothing).
absl::StatusOr<ExportConstraints> BuildExportConstraints(const Scenario& scenario,
                                                         const RegimeCatalog& regimes,
                                                         const std::string& regime_choice,
                                                         const CapUsage& usage);

// Loading: all regime files of a directory (data/regimes), with file:line:col diagnostics like
// the scenario loader. When `diagnostics` is given it receives every problem, sorted.
absl::StatusOr<RegimeCatalog> LoadRegimeCatalog(const std::filesystem::path& dir,
                                                std::vector<Diagnostic>* diagnostics = nullptr);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_EXPORT_CONSTRAINTS_H_
