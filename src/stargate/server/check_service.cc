#include "stargate/server/check_service.h"

#include <utility>

#include "stargate/ledger/entry.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/decision_json.h"
#include "stargate/rules/evaluate.h"

namespace stargate::server {
namespace {

// The ledger counters behind every cap and allowance a batch could count
// against, whatever the outcomes (so one read is enough).
class UsageCounters {
 public:
  UsageCounters(const rules::Engine& engine, const std::vector<rules::Shipment>& shipments,
                const std::string& regime_choice)
      : keys_(rules::KeysFor(engine, shipments, regime_choice)) {
    for (const auto& id : keys_.caps) counters_.push_back(ledger::CapCounterKey(id));
    for (const auto& [consignee, year] : keys_.lpp) counters_.push_back(ledger::LppCounterKey(consignee, year));
  }

  const std::vector<std::string>& counters() const { return counters_; }

  rules::CapUsage Usage(const ledger::CounterMap& totals) const {
    rules::CapUsage usage;
    const auto total = [&](const std::string& key) {
      const auto it = totals.find(key);
      return it == totals.end() ? 0.0 : it->second;
    };
    for (const auto& id : keys_.caps) usage.cap_used_tpp[id] = total(ledger::CapCounterKey(id));
    for (const auto& [consignee, year] : keys_.lpp) {
      usage.lpp_used_tpp[{consignee, year}] = total(ledger::LppCounterKey(consignee, year));
    }
    return usage;
  }

 private:
  rules::UsageKeys keys_;
  std::vector<std::string> counters_;
};

}  // namespace

ledger::Increments IncrementsOf(const rules::Decision& d) {
  ledger::Increments increments;
  for (const auto& cap : d.caps) {
    const double used = cap.used_tpp_after - cap.used_tpp_before;
    if (!(used > 0)) continue;
    const std::string key = cap.lpp_year ? ledger::LppCounterKey(cap.lpp_consignee, cap.lpp_year)
                                         : ledger::CapCounterKey(cap.id);
    increments[key] += used;
  }
  return increments;
}

absl::StatusOr<CheckOutcome> DecideWithLedger(const rules::Engine& engine,
                                              const std::vector<rules::Shipment>& shipments,
                                              const std::string& regime_choice, bool with_trace,
                                              ledger::Ledger* ledger) {
  CheckOutcome outcome;
  rules::CapUsage usage;
  if (ledger) {
    const UsageCounters counters(engine, shipments, regime_choice);
    if (!counters.counters().empty()) {
      auto totals = ledger->Totals(counters.counters());
      if (!totals.ok()) return totals.status();
      usage = counters.Usage(*totals);
    }
  }
  outcome.decisions = rules::Evaluate(engine, shipments, regime_choice, usage, with_trace);
  return outcome;
}

absl::StatusOr<CheckOutcome> DecideAndRecord(const rules::Engine& engine,
                                             const std::vector<rules::Shipment>& shipments,
                                             const std::string& regime_choice, bool with_trace,
                                             const std::string& recorded_by, ledger::Ledger& ledger) {
  const UsageCounters counters(engine, shipments, regime_choice);
  CheckOutcome outcome;
  auto appended = ledger.AppendWithCheck([&](const ledger::TotalsReader& reader) -> absl::StatusOr<ledger::Batch> {
    rules::CapUsage usage;
    if (!counters.counters().empty()) {
      auto totals = reader.Totals(counters.counters());
      if (!totals.ok()) return totals.status();
      usage = counters.Usage(*totals);
    }
    outcome.decisions = rules::Evaluate(engine, shipments, regime_choice, usage, with_trace);
    ledger::Batch batch;
    batch.entries.reserve(shipments.size());
    for (size_t i = 0; i < shipments.size(); ++i) {
      const rules::Decision& d = outcome.decisions[i];
      ledger::NewEntry entry;
      entry.kind = ledger::EntryKind::kShipmentDecision;
      entry.body = {{"shipment", rules::ToJson(shipments[i])},
                    {"decision", rules::ToJson(d)},
                    {"regime_choice", regime_choice},
                    {"recorded_by", recorded_by}};
      entry.increments = IncrementsOf(d);
      batch.entries.push_back(std::move(entry));
    }
    return batch;
  });
  if (!appended.ok()) return appended.status();
  outcome.recorded = *appended;
  return outcome;
}

}  // namespace stargate::server
