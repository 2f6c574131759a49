#include "stargate/sim/uncertainty.h"

#include <algorithm>
#include <cmath>

namespace stargate::sim {

int DelayDistribution::Sample(double u) const {
  // The first delay whose cumulative probability exceeds u. Probabilities
  // are fractions, so the cumulative sums only rise and that delay's index
  // is how many of them are <= u: counted, not searched, as a random u
  // makes the search's branches unpredictable.
  double cumulative = 0;
  size_t below = 0;
  for (size_t i = 0; i < quarters.size(); ++i) {
    cumulative += probabilities[i];
    below += cumulative <= u;
  }
  return quarters.empty() ? 0 : quarters[std::min(below, quarters.size() - 1)];
}

int DelayDistribution::Max() const {
  int m = 0;
  for (size_t i = 0; i < quarters.size(); ++i) {
    if (probabilities[i] > 0) m = std::max(m, quarters[i]);
  }
  return m;
}

double DelayDistribution::Mean() const {
  double mean = 0;
  for (size_t i = 0; i < quarters.size(); ++i) mean += quarters[i] * probabilities[i];
  return mean;
}

double Triangular::Sample(double u) const {
  if (max <= min) return min;
  // Below the mode min + sqrt(u (max - min)(mode - min)), above it
  // max - sqrt((1 - u)(max - min)(max - mode)): one square root, operands
  // chosen without a branch on the random u.
  const bool below = u < (mode - min) / (max - min);
  const double root =
      std::sqrt((below ? u : 1 - u) * (max - min) * (below ? mode - min : max - mode));
  return below ? min + root : max - root;
}

UncertaintySpec::UncertaintySpec() {
  delay_default = {{0, 1, 2, 4}, {0.50, 0.25, 0.15, 0.10}};
  delay_by_region = {
      {"europe", {{0, 1, 2, 4}, {0.40, 0.25, 0.20, 0.15}}},
      {"middle_east", {{0, 1, 2}, {0.55, 0.30, 0.15}}},
      {"south_asia", {{0, 1, 2, 4, 6}, {0.30, 0.25, 0.20, 0.15, 0.10}}},
      {"latin_america", {{0, 2, 4, 8}, {0.30, 0.25, 0.25, 0.20}}},
  };
  delay_by_country = {{"AR", {{0, 2, 4, 8}, {0.20, 0.30, 0.30, 0.20}}}};
  overrun = {-0.05, 0.05, 0.40};
  overrun_per_delay_quarter = 0.02;
  shortfall_probability = 0.30;
  shortfall = {0.05, 0.15, 0.40};
  // No drift: the base case carries the expected price path (the rental
  // price decline is FinanceAssumptions::price_annual_change), so the runs
  // spread around the base case instead of away from it.
  gpu_hour_price = {0.0, 0.20};
  electricity_price = {0.0, 0.10};
  regime_change.probability = 0.20;
  regime_change.regime = "ai-diffusion-2025";
  regime_change.from = Quarter::FromYearAndNumber(2026, 1);
  regime_change.to = Quarter::FromYearAndNumber(2028, 4);
  TierChange india;
  india.country = "IN";
  india.tier = "tier1";
  india.probability = 0.15;
  india.from = Quarter::FromYearAndNumber(2026, 3);
  india.to = Quarter::FromYearAndNumber(2029, 4);
  TierChange uae;
  uae.country = "AE";
  uae.tier = "tier2";
  uae.probability = 0.10;
  uae.from = Quarter::FromYearAndNumber(2026, 1);
  uae.to = Quarter::FromYearAndNumber(2029, 4);
  uae.cap_h100e = 49901;
  tier_changes = {india, uae};
}

const DelayDistribution& UncertaintySpec::DelayFor(const Country& country) const {
  if (auto it = delay_by_country.find(country.iso2); it != delay_by_country.end())
    return it->second;
  if (auto it = delay_by_region.find(country.region); it != delay_by_region.end())
    return it->second;
  return delay_default;
}

int UncertaintySpec::MaxDelay() const {
  int m = delay_default.Max();
  for (const auto& [_, d] : delay_by_region) m = std::max(m, d.Max());
  for (const auto& [_, d] : delay_by_country) m = std::max(m, d.Max());
  return m;
}

}  // namespace stargate::sim
