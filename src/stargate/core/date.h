// A calendar date (proleptic Gregorian), for shipments and effective dates.
#ifndef STARGATE_CORE_DATE_H_
#define STARGATE_CORE_DATE_H_

#include <compare>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "stargate/core/quarter.h"

namespace stargate {

class Date {
 public:
  constexpr Date() = default;
  // Returns an error for impossible dates (2025-02-29, month 13, ...).
  static absl::StatusOr<Date> FromYmd(int year, int month, int day);
  // Accepts exactly "YYYY-MM-DD".
  static absl::StatusOr<Date> Parse(std::string_view text);

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  Quarter quarter() const { return Quarter::FromYearAndNumber(year_, (month_ - 1) / 3 + 1); }
  // Days since 1970-01-01, for differences between dates.
  long DaysSinceEpoch() const;
  // The first day of a quarter.
  static Date FirstDayOf(Quarter quarter);

  // clang-tidy 14 misreads a defaulted <=> as comparing a pointer with 0.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  auto operator<=>(const Date&) const = default;
  std::string ToString() const;

 private:
  constexpr Date(int y, int m, int d) : year_(y), month_(m), day_(d) {}
  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

}  // namespace stargate

#endif  // STARGATE_CORE_DATE_H_
