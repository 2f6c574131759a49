// Cap and allowance usage as the ledger holds it, turned into what the rules
// engine reads (rules::CapUsage), in one place: the check workflow, the
// planner (`plan --ledger`) and the tier report read it through here.
#ifndef STARGATE_COMPLIANCE_USAGE_H_
#define STARGATE_COMPLIANCE_USAGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/rules.h"

namespace stargate::compliance {

// The ledger counters behind every cap and allowance a batch could count
// against, whatever the outcomes, so that one read is enough.
class UsageCounters {
 public:
  UsageCounters(const rules::Engine& engine, const std::vector<rules::Shipment>& shipments,
                const std::string& regime_choice);

  const std::vector<std::string>& keys() const { return counter_keys_; }
  rules::CapUsage Usage(const ledger::CounterMap& totals) const;

 private:
  rules::UsageKeys usage_keys_;
  std::vector<std::string> counter_keys_;
};

// What the ledger has counted against the given caps (by rules cap id).
absl::StatusOr<rules::CapUsage> CapUsageOf(ledger::Ledger& ledger,
                                           const std::vector<std::string>& cap_ids);
// What the ledger has counted against every cap.
absl::StatusOr<rules::CapUsage> AllCapUsage(ledger::Ledger& ledger);

}  // namespace stargate::compliance

#endif  // STARGATE_COMPLIANCE_USAGE_H_
