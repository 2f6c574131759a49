#include "stargate/core/clock.h"

#include <ctime>

namespace stargate {

Date TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  auto date = Date::FromYmd(utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
  return date.ok() ? *date : Date();
}

}  // namespace stargate
