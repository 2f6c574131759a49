#include "stargate/core/date.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(DateTest, ParsesValidDates) {
  auto d = Date::Parse("2025-05-13");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 5);
  EXPECT_EQ(d->day(), 13);
  EXPECT_EQ(d->ToString(), "2025-05-13");
  EXPECT_EQ(d->quarter().ToString(), "2025Q2");
  EXPECT_TRUE(Date::Parse("2024-02-29").ok());
  EXPECT_TRUE(Date::Parse("2000-02-29").ok());
}

TEST(DateTest, RejectsImpossibleDates) {
  for (const char* bad : {"2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
                          "2025-4-01", "2025/04/01", "20250401", "", "2025-04-01x"}) {
    EXPECT_FALSE(Date::Parse(bad).ok()) << bad;
  }
}

TEST(DateTest, DaysSinceEpochAndOrdering) {
  EXPECT_EQ(Date::Parse("1970-01-01")->DaysSinceEpoch(), 0);
  EXPECT_EQ(Date::Parse("2025-01-01")->DaysSinceEpoch(), 20089);
  EXPECT_EQ(
      Date::Parse("2025-03-01")->DaysSinceEpoch() - Date::Parse("2025-02-28")->DaysSinceEpoch(), 1);
  EXPECT_LT(*Date::Parse("2025-05-12"), *Date::Parse("2025-05-13"));
  EXPECT_EQ(Date::FirstDayOf(Quarter::FromYearAndNumber(2026, 3)).ToString(), "2026-07-01");
}

}  // namespace
}  // namespace stargate
