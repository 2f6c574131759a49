// One future applied to the base scenario and its export limits, the
// mean-value future, and the risk measure's flag.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "stargate/core/diagnostic.h"
#include "stargate/plan/stochastic.h"

namespace stargate::plan {

Scenario ApplyScenario(const Scenario& base, const StochasticScenario& future) {
  Scenario s = base;
  for (auto& d : s.demand) d.start_h100e *= future.demand_multiplier;
  for (auto& u : s.supply) u.units_per_quarter *= future.supply_multiplier;
  for (auto& a : s.accelerators) a.price_usd *= future.chip_price_multiplier;
  // A late grid connection or a late construction both move the quarter a
  // started hall comes online; neither can make a started hall infeasible,
  // so a first stage fixed in one future stays feasible in every other.
  const int delay = future.grid_delay_quarters + future.construction_delay_quarters;
  for (auto& site : s.sites) site.lead_quarters += delay;
  return s;
}

ExportLimits SwitchLimits(const ExportLimits& base, const ExportLimits& after, Quarter switch_at) {
  ExportLimits out;
  out.regime_label =
      absl::StrCat(base.regime_label, " then ", after.regime_label, " from ", switch_at.ToString());
  // A cap counts shipments in its own regime's quarters only: the new
  // regime's caps start afresh at the switch (as sim's compose_limits.cc).
  for (CapLimit cap : base.caps) {
    cap.to = std::min(cap.to, switch_at - 1);
    if (cap.from <= cap.to) out.caps.push_back(cap);
  }
  for (CapLimit cap : after.caps) {
    cap.from = std::max(cap.from, switch_at);
    if (cap.from <= cap.to) out.caps.push_back(cap);
  }
  auto pick = [switch_at](const auto& before, const auto& later, Quarter q) -> const auto& {
    return q >= switch_at ? later : before;
  };
  if (base.allowed || after.allowed) {
    out.allowed = [b = base.allowed, a = after.allowed, pick](const Site& site,
                                                              const std::string& k, Quarter q) {
      const auto& f = pick(b, a, q);
      return !f || f(site, k, q);
    };
  }
  if (base.tier || after.tier) {
    out.tier = [b = base.tier, a = after.tier, pick](const std::string& c,
                                                     Quarter q) -> std::string {
      const auto& f = pick(b, a, q);
      return f ? f(c, q) : "";
    };
  }
  if (base.uveu_shares || after.uveu_shares) {
    out.uveu_shares = [b = base.uveu_shares, a = after.uveu_shares,
                       pick](Quarter q) -> std::optional<UveuShares> {
      const auto& f = pick(b, a, q);
      return f ? f(q) : std::nullopt;
    };
  }
  if (base.framework_tier || after.framework_tier) {
    out.framework_tier = [b = base.framework_tier, a = after.framework_tier, pick](
                             const std::string& c, Quarter q) -> std::string {
      const auto& f = pick(b, a, q);
      return f ? f(c, q) : "";
    };
  }
  out.regime_at = [b = base.regime_at, a = after.regime_at, bl = base.regime_label,
                   al = after.regime_label, switch_at](Quarter q) -> std::string {
    if (q >= switch_at) return a ? a(q) : al;
    return b ? b(q) : bl;
  };
  return out;
}

StochasticScenario MeanScenario(const std::vector<StochasticScenario>& futures) {
  StochasticScenario mean;
  mean.name = "mean-value";
  mean.probability = 1;
  mean.demand_multiplier = mean.supply_multiplier = mean.chip_price_multiplier = 0;
  // Delays are not averaged: a first stage planned for a later completion
  // starts halls that, in a future where they finish earlier, would exceed
  // a rising grid schedule (an infeasible first stage). The earliest delays
  // keep the mean-value first stage feasible in every future.
  int grid = futures.empty() ? 0 : futures.front().grid_delay_quarters;
  int construction = futures.empty() ? 0 : futures.front().construction_delay_quarters;
  // A regime path cannot be averaged: the most probable one stands for it
  // (ties: the first listed).
  std::vector<std::pair<std::string, double>> paths;
  std::map<std::string, const StochasticScenario*> example;
  for (const auto& f : futures) {
    mean.demand_multiplier += f.probability * f.demand_multiplier;
    mean.supply_multiplier += f.probability * f.supply_multiplier;
    mean.chip_price_multiplier += f.probability * f.chip_price_multiplier;
    grid = std::min(grid, f.grid_delay_quarters);
    construction = std::min(construction, f.construction_delay_quarters);
    const std::string key =
        f.regime_change_to.empty()
            ? ""
            : absl::StrCat(f.regime_change_to, "@", f.regime_change_at.ToString());
    auto it =
        std::find_if(paths.begin(), paths.end(), [&](const auto& p) { return p.first == key; });
    if (it == paths.end()) {
      paths.emplace_back(key, f.probability);
      example[key] = &f;
    } else {
      it->second += f.probability;
    }
  }
  mean.grid_delay_quarters = grid;
  mean.construction_delay_quarters = construction;
  if (!paths.empty()) {
    auto best = paths.begin();
    for (auto it = paths.begin(); it != paths.end(); ++it) {
      if (it->second > best->second + 1e-12) best = it;
    }
    mean.regime_change_to = example[best->first]->regime_change_to;
    mean.regime_change_at = example[best->first]->regime_change_at;
  }
  return mean;
}

absl::StatusOr<RiskMeasure> ParseRiskMeasure(const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, ':');
  auto number = [](const std::string& s, double* out) {
    char* end = nullptr;
    *out = std::strtod(s.c_str(), &end);
    return !s.empty() && end != s.c_str() && *end == '\0' && std::isfinite(*out);
  };
  RiskMeasure risk;
  if (parts.size() != 3 || parts[0] != "cvar" || !number(parts[1], &risk.alpha) ||
      !number(parts[2], &risk.weight)) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("risk measure '", text, "' is not understood"),
                   "cvar:ALPHA:WEIGHT, e.g. cvar:0.9:0.5");
  }
  if (risk.alpha < 0 || risk.alpha >= 1) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("CVaR level ", parts[1], " is outside [0, 1)"),
                   "e.g. 0.9 (the worst 10%)");
  }
  if (risk.weight < 0 || risk.weight > 1) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("CVaR weight ", parts[2], " is outside [0, 1]"),
                   "0 (risk-neutral) to 1 (CVaR only)");
  }
  return risk;
}

}  // namespace stargate::plan
