// The rule-by-rule decision of one shipment (decide.cc), split by step:
// decide.cc runs the steps and traces classification and tier,
// decide_parties.cc the restricted-party lists, decide_exceptions.cc the
// license exceptions (UVEU, NVEU, LPP) and decide_caps.cc the caps. Only
// rules' own sources see it: callers use Engine::Decide.
#ifndef STARGATE_RULES_INTERNAL_DECIDER_H_
#define STARGATE_RULES_INTERNAL_DECIDER_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "stargate/rules/engine.h"

namespace stargate::rules::internal {

inline bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Within a limit, allowing for the rounding of sums of large numbers.
inline bool WithinLimit(double total, double limit) {
  return total <= limit + 1e-12 * std::max(1.0, std::fabs(limit));
}

inline std::string Percent(double share) { return absl::StrFormat("%.2f%%", share * 100); }

inline uint64_t CapKey(int regime, int rule, int country, int window, int consignee) {
  return (static_cast<uint64_t>(regime & 0xff) << 56) | (static_cast<uint64_t>(rule & 0xff) << 48) |
         (static_cast<uint64_t>(country & 0xfff) << 36) |
         (static_cast<uint64_t>(window & 0xfff) << 24) |
         static_cast<uint64_t>(consignee & 0xffffff);
}

class Decider {
 public:
  Decider(const Engine& engine, const ResolvedShipment& s, UsageState* state,
          const DecideOptions& options, Decision* d)
      : engine_(engine),
        resolved_(s),
        shipment_(*s.shipment),
        regime_(engine.regime(s.regime)),
        state_(state),
        options_(options),
        decision_(*d),
        trace_(options.trace) {}

  void Run();

 private:
  void Step(std::string rule, std::vector<TraceInput> inputs, std::string result,
            std::string cite) {
    decision_.trace.push_back(
        {std::move(rule), std::move(inputs), std::move(result), std::move(cite)});
  }
  const std::string& Code(int country) const { return engine_.country_codes()[country]; }
  const std::string& ConsigneeKey() {
    if (state_) return state_->ConsigneeKey(resolved_.consignee);
    if (consignee_key_.empty()) consignee_key_ = NormalizeConsignee(shipment_.consignee);
    return consignee_key_;
  }

  // Restricted-party matches; true when they decide the shipment.
  bool DecideRestrictedParties();
  void RunRules();
  void TraceClassification(const Classification& c);
  void TraceTier(const GroupAssignment& ga);
  const LicenseRow* FindRow(Eccn eccn, int effective_group, int hq_group) const;
  bool TryUveu(int destination_group, int hq_group);
  bool TryNveu(int destination_group);
  bool TryLpp(int hq_group);
  void ApplyCaps(int destination_group);

  const Engine& engine_;
  const ResolvedShipment& resolved_;
  const Shipment& shipment_;
  const Regime& regime_;
  UsageState* state_;
  const DecideOptions& options_;
  Decision& decision_;
  const bool trace_;
  std::string consignee_key_;
  bool unverified_ = false;  // an Unverified List party: no license exception
};

}  // namespace stargate::rules::internal

#endif  // STARGATE_RULES_INTERNAL_DECIDER_H_
