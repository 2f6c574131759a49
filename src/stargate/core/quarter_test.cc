#include "stargate/core/quarter.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(QuarterTest, ParsesAndFormats) {
  auto q = Quarter::Parse("2025Q3");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->year(), 2025);
  EXPECT_EQ(q->number(), 3);
  EXPECT_EQ(q->ToString(), "2025Q3");
  EXPECT_EQ(Quarter::Parse("2030q4")->ToString(), "2030Q4");
}

TEST(QuarterTest, RejectsMalformed) {
  for (const char* bad :
       {"", "2025", "2025Q0", "2025Q5", "25Q1", "2025-Q1", "2025Q12", "abcdQ1", "1800Q1"}) {
    EXPECT_FALSE(Quarter::Parse(bad).ok()) << bad;
  }
  EXPECT_NE(Quarter::Parse("2025Q5").status().message().find("expected YYYYQn"), std::string::npos);
}

TEST(QuarterTest, ArithmeticCrossesYears) {
  const Quarter q = Quarter::FromYearAndNumber(2025, 4);
  EXPECT_EQ((q + 1).ToString(), "2026Q1");
  EXPECT_EQ((q - 4).ToString(), "2024Q4");
  EXPECT_EQ(Quarter::FromYearAndNumber(2030, 4) - Quarter::FromYearAndNumber(2025, 1), 23);
  EXPECT_LT(q, q + 1);
}

}  // namespace
}  // namespace stargate
