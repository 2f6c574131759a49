// Closed vocabularies of the domain, with their spellings in data files
// (the spelling tables themselves are core/enum_spelling.h).
#ifndef STARGATE_MODEL_ENUMS_H_
#define STARGATE_MODEL_ENUMS_H_

#include "stargate/core/enum_spelling.h"

namespace stargate {

// Numeric formats accelerators are rated in; the bit length enters TPP.
enum class Precision { kFp4, kInt4, kFp6, kFp8, kInt8, kFp16, kBf16, kFp32, kFp64 };
int BitLength(Precision precision);

enum class PartnerStatus { kNone, kInterested, kNegotiating, kSigned, kOperating };
enum class SiteStatus { kCandidate, kAnnounced, kUnderConstruction, kOperating, kCancelled };
enum class FinancierKind {
  kStrategic,
  kSovereignFund,
  kPrivateEquity,
  kProjectDebt,
  kDevelopmentBank
};
enum class ScreeningStatus { kClear, kPending, kFlagged };
// Where a country's demand may be served.
enum class Residency { kInCountry, kInZone, kAnywhere };
// What the planner optimises: the least discounted cost of serving demand,
// or the most compute served within the scenario's budget.
enum class Objective { kCost, kCompute };

}  // namespace stargate

#endif  // STARGATE_MODEL_ENUMS_H_
