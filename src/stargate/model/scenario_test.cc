#include "stargate/model/scenario.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

Quarter Q(int y, int n) { return Quarter::FromYearAndNumber(y, n); }

TEST(ScenarioTest, GridScheduleIsAStepFunctionCappedByMax) {
  Site s;
  s.grid_mw_max = 1000;
  EXPECT_DOUBLE_EQ(s.GridMwAt(Q(2025, 1)), 1000);
  s.grid_schedule = {{Q(2025, 3), 200}, {Q(2026, 2), 1200}};
  EXPECT_DOUBLE_EQ(s.GridMwAt(Q(2025, 2)), 0);
  EXPECT_DOUBLE_EQ(s.GridMwAt(Q(2025, 4)), 200);
  EXPECT_DOUBLE_EQ(s.GridMwAt(Q(2027, 1)), 1000);
}

TEST(ScenarioTest, DemandGrowsGeometricallyInsideItsWindow) {
  Demand d{.country = "DE",
           .from = Q(2026, 1),
           .to = Q(2027, 4),
           .start_h100e = 1000,
           .annual_growth = 1.0};
  EXPECT_DOUBLE_EQ(d.H100eAt(Q(2025, 4)), 0);
  EXPECT_DOUBLE_EQ(d.H100eAt(Q(2026, 1)), 1000);
  EXPECT_NEAR(d.H100eAt(Q(2027, 1)), 2000, 1e-9);
  EXPECT_DOUBLE_EQ(d.H100eAt(Q(2028, 1)), 0);
}

TEST(ScenarioTest, LookupsAndEligibility) {
  Scenario s;
  s.countries.push_back(Country{.iso2 = "NO", .name = "Norway"});
  s.financiers.push_back(Financier{.id = "aker", .eligible_countries = {"NO"}});
  ASSERT_NE(s.FindCountry("NO"), nullptr);
  EXPECT_EQ(s.FindCountry("SE"), nullptr);
  EXPECT_TRUE(s.FindFinancier("aker")->EligibleFor("NO"));
  EXPECT_FALSE(s.FindFinancier("aker")->EligibleFor("SE"));
  s.start = Q(2025, 1);
  s.end = Q(2030, 4);
  EXPECT_EQ(s.num_quarters(), 24);
}

}  // namespace
}  // namespace stargate
