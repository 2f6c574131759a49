#include "stargate/sim/sampler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stargate/finance/test_fixture.h"

namespace stargate::sim {
namespace {

TEST(SamplerTest, SameRunSameDrawsOtherRunOtherDraws) {
  const Scenario scenario = finance::testing::SmallScenario();
  const UncertaintySpec spec;
  const Sampler sampler(spec, scenario, 12);
  RunDraws a, b, c;
  sampler.Draw(9, 100, &a);
  sampler.Draw(9, 100, &b);
  sampler.Draw(9, 101, &c);
  EXPECT_EQ(a.country_delay, b.country_delay);
  EXPECT_EQ(a.site_overrun, b.site_overrun);
  EXPECT_EQ(a.gpu_price, b.gpu_price);
  EXPECT_EQ(a.supply_factor, b.supply_factor);
  EXPECT_NE(a.site_overrun, c.site_overrun);
  ASSERT_EQ(a.gpu_price.size(), 12u);
  // The first year is at the scenario's price; then yearly steps.
  EXPECT_EQ(a.gpu_price[0], 1.0);
  EXPECT_EQ(a.gpu_price[3], 1.0);
  EXPECT_NE(a.gpu_price[4], 1.0);
  EXPECT_EQ(a.gpu_price[4], a.gpu_price[7]);
}

TEST(SamplerTest, FrequenciesFollowTheSpec) {
  const Scenario scenario = finance::testing::SmallScenario();
  UncertaintySpec spec;
  spec.shortfall_probability = 0.3;
  spec.delay_default = {{0, 2}, {0.75, 0.25}};
  spec.delay_by_region.clear();
  spec.delay_by_country.clear();
  spec.gpu_hour_price = {-0.2, 0.3};
  spec.regime_change.probability = 0.4;
  spec.regime_change.from = scenario.start + 1;
  spec.regime_change.to = scenario.start + 2;
  const Sampler sampler(spec, scenario, 9);
  const int n = 40000;
  int shortfalls = 0, delayed = 0, changes = 0;
  double price_year2 = 0;
  RunDraws d;
  for (int run = 0; run < n; ++run) {
    sampler.Draw(3, run, &d);
    shortfalls += d.supply_factor < 1;
    delayed += d.country_delay[0] == 2;
    if (d.regime_change != finance::kNever) {
      ++changes;
      ASSERT_GE(d.regime_change, 1);
      ASSERT_LE(d.regime_change, 2);
    }
    price_year2 += d.gpu_price[8];
  }
  EXPECT_NEAR(static_cast<double>(shortfalls) / n, 0.3, 0.01);
  EXPECT_NEAR(static_cast<double>(delayed) / n, 0.25, 0.01);
  EXPECT_NEAR(static_cast<double>(changes) / n, 0.4, 0.01);
  // Mean price after two yearly steps: (1 - 20%)^2.
  EXPECT_NEAR(price_year2 / n, 0.64, 0.01);
}

TEST(SamplerTest, ShocksFollowTheModelSitesCountry) {
  const Scenario scenario = finance::testing::SmallScenario();
  auto model = finance::BuildFinanceModel(scenario, finance::testing::SmallPlan(),
                                          finance::testing::SimpleAssumptions());
  ASSERT_TRUE(model.ok());
  UncertaintySpec spec;
  spec.tier_changes = {{"US", "tier3", 1.0, scenario.start + 2, scenario.start + 2, 0, {}}};
  const Sampler sampler(spec, scenario, model->length());
  RunDraws d;
  sampler.Draw(1, 0, &d);
  const finance::Shocks shocks = sampler.ShocksFor(*model, &d);
  ASSERT_EQ(d.site_delay.size(), 1u);
  EXPECT_EQ(shocks.site_delay[0], d.country_delay[0]);  // s1 is in the US, the first country
  EXPECT_EQ(shocks.site_overrun[0], d.site_overrun[0]);
  EXPECT_EQ(shocks.site_blocked_from[0], 2);
}

}  // namespace
}  // namespace stargate::sim
