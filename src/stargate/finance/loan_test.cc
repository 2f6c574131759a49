#include "stargate/finance/internal/loan.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stargate::finance {
namespace {

TEST(LoanTermsTest, QuarterlyRateAndAnnuityPayment) {
  const LoanTerms t = LoanTerms::Make(0.0824, 8, 4, Amortization::kAnnuity);
  EXPECT_NEAR(t.rate, std::pow(1.0824, 0.25) - 1, 1e-15);
  EXPECT_EQ(t.tenor, 8);
  EXPECT_EQ(t.interest_only, 4);
  // Four amortizing quarters.
  EXPECT_NEAR(t.annuity_payment, t.rate / (1 - std::pow(1 + t.rate, -4)), 1e-15);
}

TEST(LoanScheduleTest, AnnuityByHand) {
  // 1,000 at 2% a quarter: 2 interest-only quarters, then 2 level payments.
  LoanTerms t = LoanTerms::Make(std::pow(1.02, 4) - 1, 4, 2, Amortization::kAnnuity);
  const auto rows = LoanSchedule(t, {1000}, 5);
  ASSERT_EQ(rows.size(), 5u);
  const double payment = 1000 * 0.02 / (1 - std::pow(1.02, -2));  // 515.05
  EXPECT_NEAR(rows[0].draw, 1000, 1e-9);
  EXPECT_NEAR(rows[0].interest, 0, 1e-9);
  EXPECT_NEAR(rows[0].balance, 1000, 1e-9);
  EXPECT_NEAR(rows[1].interest, 20, 1e-9);
  EXPECT_NEAR(rows[1].principal, 0, 1e-9);
  EXPECT_NEAR(rows[2].interest, 20, 1e-9);
  EXPECT_NEAR(rows[3].interest + rows[3].principal, payment, 1e-9);
  EXPECT_NEAR(rows[3].interest, 20, 1e-9);
  EXPECT_NEAR(rows[3].balance, 1000 - (payment - 20), 1e-9);
  EXPECT_NEAR(rows[4].interest + rows[4].principal, payment, 1e-9);
  EXPECT_NEAR(rows[4].balance, 0, 1e-9);
}

TEST(LoanScheduleTest, LinearAndBullet) {
  const double r = std::pow(1.01, 4) - 1;  // 1% a quarter
  auto linear = LoanSchedule(LoanTerms::Make(r, 4, 0, Amortization::kLinear), {400}, 5);
  for (int q = 1; q <= 4; ++q) EXPECT_NEAR(linear[q].principal, 100, 1e-9) << q;
  EXPECT_NEAR(linear[1].interest, 4, 1e-9);
  EXPECT_NEAR(linear[2].interest, 3, 1e-9);
  EXPECT_NEAR(linear[4].interest, 1, 1e-9);
  EXPECT_NEAR(linear[4].balance, 0, 1e-9);

  auto bullet = LoanSchedule(LoanTerms::Make(r, 3, 0, Amortization::kBullet), {400}, 4);
  EXPECT_NEAR(bullet[1].principal, 0, 1e-9);
  EXPECT_NEAR(bullet[2].principal, 0, 1e-9);
  EXPECT_NEAR(bullet[3].principal, 400, 1e-9);
  EXPECT_NEAR(bullet[3].interest, 4, 1e-9);
}

// The running sums over tranches give what separate loans would.
TEST(LoanScheduleTest, OverlappingDrawsAddUp) {
  for (Amortization a : {Amortization::kAnnuity, Amortization::kLinear, Amortization::kBullet}) {
    const LoanTerms t = LoanTerms::Make(0.068, 24, 8, a);
    const std::vector<double> draws = {100, 0, 250, 40, 0, 0, 75};
    const auto together = LoanSchedule(t, draws, 40);
    std::vector<LoanRow> apart(40);
    for (size_t q = 0; q < draws.size(); ++q) {
      std::vector<double> one(q + 1, 0.0);
      one[q] = draws[q];
      const auto rows = LoanSchedule(t, one, 40);
      for (int i = 0; i < 40; ++i) {
        apart[i].interest += rows[i].interest;
        apart[i].principal += rows[i].principal;
      }
    }
    double repaid = 0;
    for (int i = 0; i < 40; ++i) {
      EXPECT_NEAR(together[i].interest, apart[i].interest, 1e-9)
          << AmortizationName(a) << " q" << i;
      EXPECT_NEAR(together[i].principal, apart[i].principal, 1e-9)
          << AmortizationName(a) << " q" << i;
      repaid += together[i].principal;
    }
    EXPECT_NEAR(repaid, 465, 1e-9);
    // Repaid within the tenor of the last draw, not at the forced end.
    EXPECT_NEAR(together[6 + 24].balance, 0, 1e-9);
  }
}

TEST(LoanScheduleTest, ZeroRate) {
  auto rows = LoanSchedule(LoanTerms::Make(0, 4, 0, Amortization::kAnnuity), {100}, 5);
  for (int q = 1; q <= 4; ++q) EXPECT_NEAR(rows[q].principal, 25, 1e-12);
}

TEST(AmortizationTest, Names) {
  EXPECT_EQ(ParseAmortization("linear"), Amortization::kLinear);
  EXPECT_FALSE(ParseAmortization("balloon").has_value());
  EXPECT_EQ(AmortizationName(Amortization::kBullet), "bullet");
}

}  // namespace
}  // namespace stargate::finance
