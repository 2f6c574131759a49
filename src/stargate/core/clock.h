// Today's date in UTC, from the system clock: the "as of" of answers that
// depend on the day they are asked (a regime by date when no date is given,
// the age of a screening list).
#ifndef STARGATE_CORE_CLOCK_H_
#define STARGATE_CORE_CLOCK_H_

#include "stargate/core/date.h"

namespace stargate {

Date TodayUtc();

}  // namespace stargate

#endif  // STARGATE_CORE_CLOCK_H_
