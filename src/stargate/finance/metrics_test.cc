#include "stargate/finance/internal/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stargate::finance {
namespace {

TEST(IrrTest, OneYearAtTenPercent) {
  auto irr = Irr({-100, 110}, 1);
  ASSERT_TRUE(irr.has_value());
  EXPECT_NEAR(*irr, 0.10, 1e-12);
}

TEST(IrrTest, QuarterlyFlowsAreAnnualised) {
  // -100 now, +110 four quarters later: 10% a year.
  auto irr = Irr({-100, 0, 0, 0, 110}, 4);
  ASSERT_TRUE(irr.has_value());
  EXPECT_NEAR(*irr, 0.10, 1e-12);
}

TEST(IrrTest, TwoYearAnnuity) {
  // -1000, then 576.19 twice: 10% (576.19 = 1000 * 0.1 / (1 - 1.1^-2)).
  const double payment = 1000 * 0.1 / (1 - std::pow(1.1, -2));
  auto irr = Irr({-1000, payment, payment}, 1);
  ASSERT_TRUE(irr.has_value());
  EXPECT_NEAR(*irr, 0.10, 1e-12);
}

TEST(IrrTest, NegativeReturn) {
  auto irr = Irr({-100, 90}, 1);
  ASSERT_TRUE(irr.has_value());
  EXPECT_NEAR(*irr, -0.10, 1e-12);
}

TEST(IrrTest, NoneWithoutASignChange) {
  EXPECT_FALSE(Irr({-100, -10}, 1).has_value());
  EXPECT_FALSE(Irr({100, 10}, 1).has_value());
  EXPECT_FALSE(Irr({}, 4).has_value());
}

TEST(NpvTest, DiscountsPerQuarterAtAnAnnualRate) {
  EXPECT_NEAR(Npv({-100, 110}, 0.10, 1), 0.0, 1e-12);
  EXPECT_NEAR(Npv({0, 0, 0, 0, 110}, 0.10, 4), 100.0, 1e-12);
  EXPECT_NEAR(Npv({50}, 0.5, 4), 50.0, 1e-12);
  EXPECT_NEAR(Discount(0.08, 2, 4), std::pow(1.08, -0.5), 1e-15);
  EXPECT_NEAR(PeriodRate(0.1, 4), std::pow(1.1, 0.25) - 1, 1e-15);
}

TEST(PaybackTest, FirstPeriodFromWhichTheCumulativeStaysPositive) {
  EXPECT_EQ(PaybackPeriod({-100, 50, 50, 10}), 2);
  EXPECT_EQ(PaybackPeriod({-100, 60, 60}), 2);
  // Goes positive, dips again with an equity call, recovers.
  EXPECT_EQ(PaybackPeriod({-100, 120, -50, 40, 40}), 3);
  EXPECT_EQ(PaybackPeriod({10, 10}), 0);
  EXPECT_FALSE(PaybackPeriod({-100, 50}).has_value());
}

TEST(PeakFundingTest, DeepestCumulativeShortfall) {
  EXPECT_DOUBLE_EQ(PeakFundingNeed({-100, -50, 80, 100}), 150);
  EXPECT_DOUBLE_EQ(PeakFundingNeed({-100, 120, -50}), 100);
  EXPECT_DOUBLE_EQ(PeakFundingNeed({10, 20}), 0);
}

}  // namespace
}  // namespace stargate::finance
