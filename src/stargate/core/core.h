// Core: the small value types every other module shares (quarters, dates, ids,
// input diagnostics) and the error conventions (absl::Status / absl::StatusOr).
#ifndef STARGATE_CORE_CORE_H_
#define STARGATE_CORE_CORE_H_

#include "stargate/core/atomic_file.h"
#include "stargate/core/date.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/ids.h"
#include "stargate/core/quarter.h"
#include "stargate/core/text.h"

#endif  // STARGATE_CORE_CORE_H_
