#include "stargate/sim/internal/cap_watch.h"

#include <gtest/gtest.h>

#include "stargate/finance/finance.h"
#include "stargate/finance/test_fixture.h"

namespace stargate::sim {
namespace {

using finance::testing::Q;

// 1,000 H100e of chips to DE (site s2) in 2026Q2 and again in 2026Q3.
plan::Plan GermanPlan() {
  plan::Plan p;
  p.installs.push_back({"s2", "DE", "A", Q(2026, 2), 1000, 1000});
  p.installs.push_back({"s2", "DE", "A", Q(2026, 3), 1000, 2000});
  return p;
}

plan::CapLimit Cap(double h100e) {
  plan::CapLimit c;
  c.id = "de-cap";
  c.country = "DE";
  c.from = Q(2026, 1);
  c.to = Q(2026, 4);
  c.remaining_tpp = h100e * kH100Tpp;
  return c;
}

RunDraws Calm() {
  RunDraws d;
  d.country_delay = {0, 0};
  return d;
}

double Binds(const CapWatch& watch, const RunDraws& draws) {
  double out = -1;
  watch.Check(draws, &out);
  return out;
}

TEST(CapWatchTest, BindsWhenThePlanReachesTheCap) {
  const Scenario s = finance::testing::SmallScenario();
  const CapWatch watch(s, GermanPlan(), {Cap(2000)}, nullptr, {}, {"DE"});
  EXPECT_EQ(Binds(watch, Calm()), 1);
  RunDraws shortfall = Calm();
  shortfall.supply_factor = 0.9;
  EXPECT_EQ(Binds(watch, shortfall), 0);
  RunDraws late = Calm();
  late.country_delay[1] = 2;  // the Q3 delivery lands in 2027Q1, after the window
  EXPECT_EQ(Binds(watch, late), 0);
  const CapWatch loose(s, GermanPlan(), {Cap(2001)}, nullptr, {}, {"DE"});
  EXPECT_EQ(Binds(loose, Calm()), 0);
}

TEST(CapWatchTest, RegimeChangeSplitsTheWindow) {
  const Scenario s = finance::testing::SmallScenario();
  const std::vector<plan::CapLimit> alternative = {Cap(500)};
  const CapWatch watch(s, GermanPlan(), {Cap(2000)}, &alternative, {}, {"DE"});
  RunDraws change = Calm();
  change.regime_change = 2;  // from 2026Q3: the 1,000 delivered then exceed the new cap
  EXPECT_EQ(Binds(watch, change), 1);
  change.regime_change =
      3;  // from 2026Q4: nothing delivered under the new cap; 2,000 under the old
  EXPECT_EQ(Binds(watch, change), 1);
  const CapWatch looser(s, GermanPlan(), {Cap(3000)}, &alternative, {}, {"DE"});
  EXPECT_EQ(Binds(looser, change), 0);
  EXPECT_EQ(Binds(looser, Calm()), 0);
}

TEST(CapWatchTest, TierChanges) {
  const Scenario s = finance::testing::SmallScenario();
  auto tier = [](const char* to, double cap) {
    return TierChange{"DE", to, 1.0, Q(2026, 1), Q(2026, 4), cap, {}};
  };
  RunDraws at_q2 = Calm();
  at_q2.tier_change = {1};
  // Tier 1 from 2026Q2: the cap stops at Q1, when nothing was delivered.
  const CapWatch up(s, GermanPlan(), {Cap(2000)}, nullptr, {tier("tier1", 0)}, {"DE"});
  EXPECT_EQ(Binds(up, at_q2), 0);
  RunDraws never = Calm();
  never.tier_change = {finance::kNever};
  EXPECT_EQ(Binds(up, never), 1);
  const CapWatch banned(s, GermanPlan(), {}, nullptr, {tier("tier3", 0)}, {"DE"});
  EXPECT_EQ(Binds(banned, at_q2), 1);
  EXPECT_EQ(Binds(banned, never), 0);
  const CapWatch capped(s, GermanPlan(), {}, nullptr, {tier("tier2", 1500)}, {"DE"});
  EXPECT_EQ(Binds(capped, at_q2), 1);
  const CapWatch roomy(s, GermanPlan(), {}, nullptr, {tier("tier2", 2500)}, {"DE"});
  EXPECT_EQ(Binds(roomy, at_q2), 0);
}

TEST(CapWatchTest, CountriesAtRisk) {
  const std::vector<plan::CapLimit> alternative = {Cap(1)};
  plan::CapLimit fr = Cap(1);
  fr.country = "FR";
  const std::vector<TierChange> tiers = {{"IN", "tier1", 0.1, Q(2026, 1), Q(2026, 4), 0, {}},
                                         {"AE", "tier2", 0.1, Q(2026, 1), Q(2026, 4), 5, {}}};
  EXPECT_EQ(CapWatch::CountriesAtRisk({fr}, &alternative, tiers),
            (std::vector<std::string>{"AE", "DE", "FR"}));
}

}  // namespace
}  // namespace stargate::sim
