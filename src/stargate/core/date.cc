#include "stargate/core/date.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/diagnostic.h"

namespace stargate {

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

absl::StatusOr<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%04d-%02d-%02d is not a calendar date", year, month, day));
  }
  return Date(year, month, day);
}

absl::StatusOr<Date> Date::Parse(std::string_view text) {
  auto bad = [&] {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("'", std::string(text), "' is not a date"), "YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  auto digits = [&](int from, int count, int* out) {
    *out = 0;
    for (int i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      *out = *out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, &y) || !digits(5, 2, &m) || !digits(8, 2, &d)) return bad();
  auto date = FromYmd(y, m, d);
  if (!date.ok()) return bad();
  return date;
}

long Date::DaysSinceEpoch() const {
  // Howard Hinnant's days_from_civil.
  const int y = year_ - (month_ <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>((month_ + 9) % 12);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day_) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::FirstDayOf(Quarter quarter) {
  return Date(quarter.year(), (quarter.number() - 1) * 3 + 1, 1);
}

std::string Date::ToString() const {
  return absl::StrFormat("%04d-%02d-%02d", year_, month_, day_);
}

}  // namespace stargate
