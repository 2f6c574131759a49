#include "stargate/compliance/usage.h"

namespace stargate::compliance {
namespace {

double Total(const ledger::CounterMap& totals, const std::string& key) {
  const auto it = totals.find(key);
  return it == totals.end() ? 0.0 : it->second;
}

}  // namespace

UsageCounters::UsageCounters(const rules::Engine& engine,
                             const std::vector<rules::Shipment>& shipments,
                             const std::string& regime_choice)
    : usage_keys_(rules::KeysFor(engine, shipments, regime_choice)) {
  for (const auto& id : usage_keys_.caps) counter_keys_.push_back(ledger::CapCounterKey(id));
  for (const auto& [consignee, year] : usage_keys_.lpp) {
    counter_keys_.push_back(ledger::LppCounterKey(consignee, year));
  }
}

rules::CapUsage UsageCounters::Usage(const ledger::CounterMap& totals) const {
  rules::CapUsage usage;
  for (const auto& id : usage_keys_.caps)
    usage.cap_used_tpp[id] = Total(totals, ledger::CapCounterKey(id));
  for (const auto& [consignee, year] : usage_keys_.lpp) {
    usage.lpp_used_tpp[{consignee, year}] = Total(totals, ledger::LppCounterKey(consignee, year));
  }
  return usage;
}

absl::StatusOr<rules::CapUsage> CapUsageOf(ledger::Ledger& ledger,
                                           const std::vector<std::string>& cap_ids) {
  std::vector<std::string> keys;
  for (const auto& id : cap_ids) keys.push_back(ledger::CapCounterKey(id));
  auto totals = ledger.Totals(keys);
  if (!totals.ok()) return totals.status();
  rules::CapUsage usage;
  for (const auto& id : cap_ids) usage.cap_used_tpp[id] = Total(*totals, ledger::CapCounterKey(id));
  return usage;
}

absl::StatusOr<rules::CapUsage> AllCapUsage(ledger::Ledger& ledger) {
  const std::string prefix = ledger::CapCounterKey("");
  auto totals = ledger.TotalsWithPrefix(prefix);
  if (!totals.ok()) return totals.status();
  rules::CapUsage usage;
  for (const auto& [key, total] : *totals) usage.cap_used_tpp[key.substr(prefix.size())] = total;
  return usage;
}

}  // namespace stargate::compliance
