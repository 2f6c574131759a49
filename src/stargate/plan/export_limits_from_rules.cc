#include "stargate/plan/export_limits_from_rules.h"

#include <memory>

#include "stargate/rules/rules.h"

namespace stargate::plan {
namespace {
constexpr const char* kFrameworkRegime = "ai-diffusion-2025";
}  // namespace

absl::StatusOr<ExportLimits> ExportLimitsFromRules(const Scenario& scenario,
                                                   const rules::RegimeCatalog& regimes,
                                                   const std::string& regime_choice,
                                                   const rules::CapUsage& usage) {
  auto built = rules::BuildExportConstraints(scenario, regimes, regime_choice, usage);
  if (!built.ok()) return built.status();
  // The callbacks share ownership, so the limits outlive this function.
  auto constraints = std::make_shared<const rules::ExportConstraints>(std::move(*built));
  ExportLimits limits;
  limits.regime_label = regime_choice;
  limits.allowed = [constraints](const Site& site, const std::string& accelerator, Quarter q) {
    return constraints->Allowed(site, accelerator, q);
  };
  limits.tier = [constraints](const std::string& country, Quarter q) {
    return constraints->TierAt(country, q);
  };
  limits.regime_at = [constraints](Quarter q) { return constraints->RegimeAt(q); };
  limits.uveu_shares = [constraints](Quarter q) -> std::optional<UveuShares> {
    auto rule = constraints->UveuSharesAt(q);
    if (!rule) return std::nullopt;
    return UveuShares{rule->min_tier1_share, rule->max_single_tier2_share,
                      rule->min_us_share_for_us_hq};
  };
  limits.framework_tier = limits.tier;
  if (regimes.Find(kFrameworkRegime) != nullptr) {
    auto framework = rules::BuildExportConstraints(scenario, regimes, kFrameworkRegime, {});
    if (framework.ok()) {
      auto shared = std::make_shared<const rules::ExportConstraints>(std::move(*framework));
      limits.framework_tier = [shared](const std::string& country, Quarter q) {
        return shared->TierAt(country, q);
      };
    }
  }
  for (const auto& cap : constraints->caps()) {
    limits.caps.push_back(CapLimit{.id = cap.id,
                                   .description = cap.description,
                                   .cite = cap.cite,
                                   .country = cap.country,
                                   .from = cap.from,
                                   .to = cap.to,
                                   .accelerators = cap.accelerators,
                                   // Conservative: check grants UVEU only while the operator's
                                   // fleet of *exports* meets the share rules, which installs
                                   // at home do not enter; counting UVEU sites too keeps every
                                   // plan within what check allows either way.
                                   .counts_uveu_sites = true,
                                   .remaining_tpp = cap.remaining_tpp(),
                                   .consignees = cap.consignees});
  }
  return limits;
}

}  // namespace stargate::plan
