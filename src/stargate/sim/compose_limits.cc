#include "stargate/sim/internal/compose_limits.h"

#include <algorithm>
#include <map>

#include "stargate/finance/finance.h"

namespace stargate::sim {

plan::ExportLimits ComposeLimits(const Scenario& scenario, const plan::ExportLimits& base,
                                 const plan::ExportLimits* alternative, int change,
                                 const std::vector<TierChange>& tiers,
                                 const std::vector<int>& tier_quarters) {
  if (change == finance::kNever) alternative = nullptr;
  const Quarter switch_at = alternative ? scenario.start + change : scenario.end + 1;
  // The first tier change per country that happens in this run.
  std::map<std::string, std::pair<Quarter, const TierChange*>> tier_at;
  for (size_t k = 0; k < tiers.size() && k < tier_quarters.size(); ++k) {
    if (tier_quarters[k] == finance::kNever) continue;
    const Quarter q = scenario.start + tier_quarters[k];
    auto it = tier_at.find(tiers[k].country);
    if (it == tier_at.end() || q < it->second.first) tier_at[tiers[k].country] = {q, &tiers[k]};
  }

  plan::ExportLimits out;
  out.regime_label = base.regime_label;
  if (alternative)
    out.regime_label += " then " + alternative->regime_label + " from " + switch_at.ToString();
  auto clip = [&](plan::CapLimit cap, Quarter from, Quarter to) {
    cap.from = std::max(cap.from, from);
    cap.to = std::min(cap.to, to);
    if (auto it = tier_at.find(cap.country); it != tier_at.end())
      cap.to = std::min(cap.to, it->second.first - 1);
    if (cap.from <= cap.to) out.caps.push_back(cap);
  };
  for (const auto& cap : base.caps) clip(cap, cap.from, switch_at - 1);
  if (alternative) {
    for (const auto& cap : alternative->caps) clip(cap, switch_at, cap.to);
  }
  std::vector<std::string> all_accelerators;
  for (const auto& a : scenario.accelerators) all_accelerators.push_back(a.id);
  for (const auto& [country, entry] : tier_at) {
    const TierChange& t = *entry.second;
    if (t.tier == "tier1") continue;
    plan::CapLimit cap;
    cap.id = "tier-change/" + country;
    cap.description = country + " moves to " + t.tier;
    cap.country = country;
    cap.from = entry.first;
    cap.to = scenario.end;
    cap.accelerators = all_accelerators;
    cap.remaining_tpp = t.tier == "tier2" ? t.cap_h100e * kH100Tpp : 0;
    out.caps.push_back(cap);
  }

  const plan::ExportLimits* alt = alternative;
  bool any_ban = false;
  for (const auto& [_, entry] : tier_at) any_ban |= entry.second->tier == "tier3";
  // Functions stay empty when neither regime has them: the planner reads an
  // empty function as "no such rule".
  if (base.allowed || (alt && alt->allowed) || any_ban) {
    out.allowed = [base_allowed = base.allowed, alt_allowed = alt ? alt->allowed : nullptr,
                   switch_at,
                   tier_at](const Site& site, const std::string& accelerator, Quarter q) {
      if (auto it = tier_at.find(site.country);
          it != tier_at.end() && it->second.second->tier == "tier3" && q >= it->second.first) {
        return false;
      }
      const auto& allowed = q >= switch_at && alt_allowed ? alt_allowed : base_allowed;
      return !allowed || allowed(site, accelerator, q);
    };
  }
  if (base.tier || (alt && alt->tier) || !tier_at.empty()) {
    out.tier = [base_tier = base.tier, alt_tier = alt ? alt->tier : nullptr, switch_at, tier_at](
                   const std::string& country, Quarter q) -> std::string {
      if (auto it = tier_at.find(country); it != tier_at.end() && q >= it->second.first) {
        return it->second.second->tier;
      }
      const auto& tier = q >= switch_at && alt_tier ? alt_tier : base_tier;
      return tier ? tier(country, q) : "";
    };
  }
  if (base.uveu_shares || (alt && alt->uveu_shares)) {
    out.uveu_shares = [base_shares = base.uveu_shares,
                       alt_shares = alt ? alt->uveu_shares : nullptr,
                       switch_at](Quarter q) -> std::optional<plan::UveuShares> {
      const auto& shares = q >= switch_at && alt_shares ? alt_shares : base_shares;
      if (!shares) return std::nullopt;
      return shares(q);
    };
  }
  if (base.framework_tier || (alt && alt->framework_tier)) {
    out.framework_tier = [base_tier = base.framework_tier,
                          alt_tier = alt ? alt->framework_tier : nullptr,
                          switch_at](const std::string& country, Quarter q) -> std::string {
      const auto& tier = q >= switch_at && alt_tier ? alt_tier : base_tier;
      return tier ? tier(country, q) : "";
    };
  }
  if (base.regime_at || (alt && alt->regime_at)) {
    out.regime_at = [base_at = base.regime_at, alt_at = alt ? alt->regime_at : nullptr, switch_at,
                     base_label = base.regime_label,
                     alt_label =
                         alt ? alt->regime_label : std::string()](Quarter q) -> std::string {
      if (q >= switch_at && !alt_label.empty()) return alt_at ? alt_at(q) : alt_label;
      return base_at ? base_at(q) : base_label;
    };
  }
  return out;
}

}  // namespace stargate::sim
