#include "stargate/sim/uncertainty.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace stargate::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string SourceDir() {
  const char* dir = std::getenv("STARGATE_SOURCE_DIR");
  return dir ? dir : STARGATE_SOURCE_DIR;
}

void ExpectSame(const DelayDistribution& a, const DelayDistribution& b) {
  EXPECT_EQ(a.quarters, b.quarters);
  EXPECT_EQ(a.probabilities, b.probabilities);
}

TEST(UncertaintyTest, ShippedFileStatesTheDefaults) {
  std::vector<Diagnostic> diagnostics;
  auto loaded = LoadUncertainty(SourceDir() + "/data/uncertainty.yaml", &diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const UncertaintySpec d;
  ExpectSame(loaded->delay_default, d.delay_default);
  ASSERT_EQ(loaded->delay_by_region.size(), d.delay_by_region.size());
  for (const auto& [region, dist] : d.delay_by_region)
    ExpectSame(loaded->delay_by_region.at(region), dist);
  ASSERT_EQ(loaded->delay_by_country.size(), d.delay_by_country.size());
  for (const auto& [country, dist] : d.delay_by_country)
    ExpectSame(loaded->delay_by_country.at(country), dist);
  EXPECT_EQ(loaded->overrun.min, d.overrun.min);
  EXPECT_EQ(loaded->overrun.mode, d.overrun.mode);
  EXPECT_EQ(loaded->overrun.max, d.overrun.max);
  EXPECT_EQ(loaded->overrun_per_delay_quarter, d.overrun_per_delay_quarter);
  EXPECT_EQ(loaded->shortfall_probability, d.shortfall_probability);
  EXPECT_EQ(loaded->shortfall.min, d.shortfall.min);
  EXPECT_EQ(loaded->shortfall.mode, d.shortfall.mode);
  EXPECT_EQ(loaded->shortfall.max, d.shortfall.max);
  EXPECT_EQ(loaded->gpu_hour_price.annual_drift, d.gpu_hour_price.annual_drift);
  EXPECT_EQ(loaded->gpu_hour_price.annual_volatility, d.gpu_hour_price.annual_volatility);
  EXPECT_EQ(loaded->electricity_price.annual_drift, d.electricity_price.annual_drift);
  EXPECT_EQ(loaded->electricity_price.annual_volatility, d.electricity_price.annual_volatility);
  EXPECT_EQ(loaded->regime_change.probability, d.regime_change.probability);
  EXPECT_EQ(loaded->regime_change.regime, d.regime_change.regime);
  EXPECT_EQ(loaded->regime_change.from, d.regime_change.from);
  EXPECT_EQ(loaded->regime_change.to, d.regime_change.to);
  ASSERT_EQ(loaded->tier_changes.size(), d.tier_changes.size());
  for (size_t i = 0; i < d.tier_changes.size(); ++i) {
    EXPECT_EQ(loaded->tier_changes[i].country, d.tier_changes[i].country);
    EXPECT_EQ(loaded->tier_changes[i].tier, d.tier_changes[i].tier);
    EXPECT_EQ(loaded->tier_changes[i].probability, d.tier_changes[i].probability);
    EXPECT_EQ(loaded->tier_changes[i].from, d.tier_changes[i].from);
    EXPECT_EQ(loaded->tier_changes[i].to, d.tier_changes[i].to);
    EXPECT_EQ(loaded->tier_changes[i].cap_h100e, d.tier_changes[i].cap_h100e);
  }
}

TEST(UncertaintyTest, ReportsProblemsWithTheirPlace) {
  std::vector<Diagnostic> diagnostics;
  auto spec = UncertaintyFromText(
      "construction_delay:\n"
      "  default: {quarters: [0, 1], probabilities: [0.5, 0.4]}\n"
      "  assumption: x\n"
      "capex_overrun: {min: 0.2, mode: 0.1, max: 0.3, assumption: x}\n"
      "tier_changes:\n"
      "  - {country: IN, tier: tier4, probability: 0.2, from: 2026Q1, to: 2027Q1, assumption: x}\n"
      "  - {country: AE, tier: tier2, probability: 0.2, from: 2026Q1, to: 2027Q1, assumption: x}\n",
      "u.yaml", &diagnostics);
  ASSERT_FALSE(spec.ok());
  std::vector<std::string> lines;
  for (const auto& d : diagnostics) lines.push_back(d.ToString());
  EXPECT_THAT(
      lines,
      ElementsAre(
          "u.yaml:2:46: probabilities add up to 0.9; expected probabilities that add up to 1",
          "u.yaml:4:16: min 0.2, mode 0.1, max 0.3 are out of order; expected min <= mode <= max",
          HasSubstr("u.yaml:6:25: tier 'tier4' is not known; expected one of tier1, tier2, tier3"),
          HasSubstr("u.yaml:7:5: tier change of AE to tier2 has no cap_h100e")));
}

TEST(UncertaintyTest, GivenKeysReplaceOthersStay) {
  auto spec = UncertaintyFromText(
      "supply_shortfall: {probability: 1, assumption: x}\n"
      "tier_changes: []\n",
      "u.yaml", nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->shortfall_probability, 1.0);
  EXPECT_EQ(spec->shortfall.mode, UncertaintySpec().shortfall.mode);
  EXPECT_TRUE(spec->tier_changes.empty());
  EXPECT_EQ(spec->delay_by_region.size(), UncertaintySpec().delay_by_region.size());
}

TEST(DistributionTest, DelaySamplesByCumulativeProbability) {
  const DelayDistribution d{{0, 1, 4}, {0.5, 0.25, 0.25}};
  EXPECT_EQ(d.Sample(0.1), 0);
  EXPECT_EQ(d.Sample(0.5), 1);
  EXPECT_EQ(d.Sample(0.74), 1);
  EXPECT_EQ(d.Sample(0.99), 4);
  EXPECT_EQ(d.Max(), 4);
  EXPECT_DOUBLE_EQ(d.Mean(), 1.25);
}

TEST(DistributionTest, TriangularInverseCdf) {
  const Triangular t{0, 0.25, 1};
  EXPECT_DOUBLE_EQ(t.Sample(0), 0);
  EXPECT_NEAR(t.Sample(0.25), 0.25, 1e-12);  // the mode sits at F = (mode - min) / (max - min)
  EXPECT_NEAR(t.Sample(1), 1, 1e-12);
  double sum = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) sum += t.Sample((i + 0.5) / n);
  EXPECT_NEAR(sum / n, t.Mean(), 1e-4);
}

TEST(UncertaintyTest, DelayForPrefersCountryThenRegion) {
  const UncertaintySpec spec;
  Country ar;
  ar.iso2 = "AR";
  ar.region = "latin_america";
  Country br = ar;
  br.iso2 = "BR";
  Country us;
  us.iso2 = "US";
  us.region = "north_america";
  EXPECT_EQ(&spec.DelayFor(ar), &spec.delay_by_country.at("AR"));
  EXPECT_EQ(&spec.DelayFor(br), &spec.delay_by_region.at("latin_america"));
  EXPECT_EQ(&spec.DelayFor(us), &spec.delay_default);
  EXPECT_EQ(spec.MaxDelay(), 8);
}

}  // namespace
}  // namespace stargate::sim
