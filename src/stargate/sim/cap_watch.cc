#include "stargate/sim/internal/cap_watch.h"

#include <algorithm>
#include <set>

#include "stargate/finance/finance.h"

namespace stargate::sim {
namespace {

// A cap counts as reached within this relative tolerance: plans are solved
// to tolerances of this order.
constexpr double kReached = 1 - 1e-6;

int CountryIndex(const Scenario& scenario, const std::string& iso2) {
  const Country* c = scenario.FindCountry(iso2);
  return c ? static_cast<int>(c - scenario.countries.data()) : -1;
}

// TPP the plan delivers per quarter to `country`'s sites, for `accelerators`
// (empty: all), as prefix sums.
std::vector<double> DeliveredPrefix(const Scenario& scenario, const plan::Plan& plan,
                                    const std::string& country,
                                    const std::vector<std::string>& accelerators, bool counts_uveu,
                                    const std::vector<std::string>& consignees = {}) {
  const int T = scenario.num_quarters();
  std::vector<double> per_quarter(T, 0.0);
  for (const auto& row : plan.installs) {
    if (row.country != country || row.install <= 0) continue;
    const Site* site = scenario.FindSite(row.site);
    if (!site || (site->uveu && !counts_uveu)) continue;
    if (!consignees.empty() &&
        std::find(consignees.begin(), consignees.end(), site->operator_name) == consignees.end()) {
      continue;
    }
    if (!accelerators.empty() && std::find(accelerators.begin(), accelerators.end(),
                                           row.accelerator) == accelerators.end()) {
      continue;
    }
    const Accelerator* a = scenario.FindAccelerator(row.accelerator);
    const int t = row.quarter - scenario.start;
    if (a && t >= 0 && t < T) per_quarter[t] += row.install * a->tpp();
  }
  std::vector<double> prefix(T + 1, 0.0);
  for (int t = 0; t < T; ++t) prefix[t + 1] = prefix[t] + per_quarter[t];
  return prefix;
}

int TierNumber(const std::string& tier) { return tier == "tier1" ? 1 : tier == "tier2" ? 2 : 3; }

}  // namespace

std::vector<std::string> CapWatch::CountriesAtRisk(const std::vector<plan::CapLimit>& base,
                                                   const std::vector<plan::CapLimit>* alternative,
                                                   const std::vector<TierChange>& tiers) {
  std::set<std::string> countries;
  for (const auto& c : base) countries.insert(c.country);
  if (alternative) {
    for (const auto& c : *alternative) countries.insert(c.country);
  }
  for (const auto& t : tiers) {
    if (t.tier != "tier1") countries.insert(t.country);
  }
  return {countries.begin(), countries.end()};
}

CapWatch::CapWatch(const Scenario& scenario, const plan::Plan& plan,
                   const std::vector<plan::CapLimit>& base,
                   const std::vector<plan::CapLimit>* alternative,
                   const std::vector<TierChange>& tiers, const std::vector<std::string>& columns)
    : plan_quarters_(scenario.num_quarters()), columns_(columns.size()) {
  auto column_of = [&](const std::string& country) {
    auto it = std::find(columns.begin(), columns.end(), country);
    return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
  };
  auto add = [&](const plan::CapLimit& limit, bool is_alternative) {
    Cap cap;
    cap.column = column_of(limit.country);
    if (cap.column < 0) return;
    cap.country = CountryIndex(scenario, limit.country);
    cap.from = limit.from - scenario.start;
    cap.to = limit.to - scenario.start;
    cap.alternative = is_alternative;
    cap.limit_tpp = limit.remaining_tpp;
    cap.prefix = DeliveredPrefix(scenario, plan, limit.country, limit.accelerators,
                                 limit.counts_uveu_sites, limit.consignees);
    caps_.push_back(std::move(cap));
  };
  for (const auto& c : base) add(c, false);
  if (alternative) {
    for (const auto& c : *alternative) add(c, true);
  }
  for (size_t k = 0; k < tiers.size(); ++k) {
    Tier tier;
    tier.column = column_of(tiers[k].country);
    tier.country = CountryIndex(scenario, tiers[k].country);
    tier.entry = static_cast<int>(k);
    tier.kind = TierNumber(tiers[k].tier);
    tier.limit_tpp = tiers[k].cap_h100e * kH100Tpp;
    if (tier.kind == 2) tier.prefix = DeliveredPrefix(scenario, plan, tiers[k].country, {}, false);
    tiers_.push_back(std::move(tier));
  }
}

double CapWatch::Shipped(const std::vector<double>& prefix, int from, int to, int delay,
                         double supply) const {
  // Delivered in [from, to] means planned in [from - delay, to - delay].
  const int lo = std::clamp(from - delay, 0, plan_quarters_);
  const int hi = std::clamp(to - delay + 1, 0, plan_quarters_);
  return hi > lo ? supply * (prefix[hi] - prefix[lo]) : 0.0;
}

void CapWatch::Check(const RunDraws& draws, double* out) const {
  for (size_t i = 0; i < columns_; ++i) out[i] = 0;
  // The earliest tier change that happens in this run, per country.
  auto tier_change_of = [&](int country, int* quarter) -> const Tier* {
    const Tier* found = nullptr;
    *quarter = finance::kNever;
    if (country < 0) return nullptr;
    for (const Tier& t : tiers_) {
      if (t.country != country) continue;
      const int q = draws.tier_change.empty() ? finance::kNever : draws.tier_change[t.entry];
      if (q < *quarter) {
        *quarter = q;
        found = &t;
      }
    }
    return found;
  };
  const int regime_change = draws.regime_change;
  for (const Cap& cap : caps_) {
    if (out[cap.column] > 0) continue;
    int from = cap.from, to = cap.to;
    if (cap.alternative) {
      if (regime_change == finance::kNever) continue;
      from = std::max(from, regime_change);
    } else if (regime_change != finance::kNever) {
      to = std::min(to, regime_change - 1);
    }
    int tier_quarter = finance::kNever;
    tier_change_of(cap.country, &tier_quarter);
    if (tier_quarter != finance::kNever) to = std::min(to, tier_quarter - 1);
    if (from > to) continue;
    const int delay =
        cap.country >= 0 && !draws.country_delay.empty() ? draws.country_delay[cap.country] : 0;
    if (cap.limit_tpp <= 0 ||
        Shipped(cap.prefix, from, to, delay, draws.supply_factor) >= cap.limit_tpp * kReached) {
      out[cap.column] = 1;
    }
  }
  for (const Tier& tier : tiers_) {
    if (tier.column < 0 || out[tier.column] > 0) continue;
    int quarter = finance::kNever;
    const Tier* first = tier_change_of(tier.country, &quarter);
    if (first != &tier || quarter == finance::kNever) continue;
    if (tier.kind == 3) {
      out[tier.column] = 1;
    } else if (tier.kind == 2) {
      const int delay = tier.country >= 0 ? draws.country_delay[tier.country] : 0;
      const double shipped =
          Shipped(tier.prefix, quarter, finance::kNever - 1, delay, draws.supply_factor);
      if (tier.limit_tpp <= 0 || shipped >= tier.limit_tpp * kReached) out[tier.column] = 1;
    }
  }
}

}  // namespace stargate::sim
