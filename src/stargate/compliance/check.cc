#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "stargate/compliance/compliance.h"
#include "stargate/compliance/usage.h"
#include "stargate/core/diagnostic.h"
#include "stargate/rules/rules.h"

namespace stargate::compliance {
namespace {

// Only decisions under the law in force may enter the audit trail: a named
// regime is recordable only where it is the one in force on the date.
absl::Status CheckRecordable(const rules::Engine& engine, const CheckRequest& request) {
  if (request.regime_choice == kRegimeByDate) return absl::OkStatus();
  for (const auto& s : request.shipments) {
    const int named = engine.RegimeFor(request.regime_choice, s.date);
    const int in_force = engine.RegimeFor(kRegimeByDate, s.date);
    if (named != in_force) {
      const std::string law =
          in_force < 0 ? "no regime" : absl::StrCat("'", engine.regime(in_force).id, "'");
      return Problem(
          absl::StatusCode::kInvalidArgument,
          absl::StrCat("decisions under the what-if regime '", request.regime_choice,
                       "' cannot be recorded: shipment '", s.id, "' of ", s.date.ToString(),
                       " falls under ", law,
                       " by date, and only decisions under the regime in force are recorded"),
          "the same request without a regime (decided by date), or without recording");
    }
  }
  return absl::OkStatus();
}

// A batch to record names each shipment once.
void FindRepeatedIds(const std::vector<rules::Shipment>& shipments,
                     std::vector<rules::ShipmentProblem>* problems) {
  absl::flat_hash_map<std::string, size_t> first;
  for (size_t i = 0; i < shipments.size(); ++i) {
    auto [it, fresh] = first.emplace(shipments[i].id, i);
    if (!fresh) {
      problems->push_back({i, "id",
                           absl::StrCat("shipment id '", shipments[i].id, "' is also shipment ",
                                        it->second + 1, " of this batch"),
                           "each shipment id once in a batch that is recorded"});
    }
  }
}

}  // namespace

absl::StatusOr<CheckResult> Check(const rules::Engine& engine, CheckRequest request,
                                  ledger::Ledger* ledger) {
  CheckResult result;
  if (request.record && !ledger) {
    return Problem(absl::StatusCode::kFailedPrecondition, "recording needs a ledger",
                   "a ledger to record in");
  }
  // Countries by name or code, any case: codes from here on. A field that
  // names no country is reported once, by the resolver, with its suggestion.
  result.problems = rules::ResolveShipmentCountries(engine.scenario(), &request.shipments);
  for (auto& p : rules::CheckShipments(engine.catalog(), engine.scenario(), request.shipments,
                                       request.regime_choice)) {
    const bool reported =
        std::any_of(result.problems.begin(), result.problems.end(),
                    [&](const auto& q) { return q.index == p.index && q.field == p.field; });
    if (!reported) result.problems.push_back(std::move(p));
  }
  if (request.record) {
    if (auto status = CheckRecordable(engine, request); !status.ok() && result.problems.empty())
      return status;
    FindRepeatedIds(request.shipments, &result.problems);
  }
  if (!result.problems.empty()) return result;

  result.screening = ScreenParties(request.screening, request.shipments, &result.problems);
  if (!result.problems.empty()) return result;
  std::vector<std::pair<size_t, rules::TraceStep>> not_applied;  // (shipment, step) for the traces
  for (size_t i = 0; i < request.shipments.size(); ++i) {
    rules::Shipment& s = request.shipments[i];
    OwnershipRules ownership;
    if (!s.owners.empty()) {
      const int regime = engine.RegimeFor(request.regime_choice, s.date);
      if (regime >= 0) {
        ownership.affiliates_in_force = rules::AffiliatesRuleInForce(
            engine.regime(regime), s.date, &ownership.affiliates_citation);
      }
    }
    s.restricted_parties = RestrictedMatchesOf(result.screening, i, s, &ownership);
    if (ownership.not_applied) not_applied.emplace_back(i, std::move(*ownership.not_applied));
  }

  // Decisions come back in input order; a step the rules could not write
  // (an owners rule not in force) joins the trace.
  const auto add_notes = [&](std::vector<rules::Decision>* decisions) {
    if (!request.with_trace) return;
    for (auto& [i, step] : not_applied) (*decisions)[i].trace.push_back(step);
  };
  const auto& shipments = request.shipments;
  if (!ledger) {
    result.decisions = rules::Evaluate(engine, shipments, request.regime_choice, rules::CapUsage{},
                                       request.with_trace);
    add_notes(&result.decisions);
    result.shipments = std::move(request.shipments);
    return result;
  }
  const UsageCounters counters(engine, shipments, request.regime_choice);
  if (!request.record) {
    rules::CapUsage usage;
    if (!counters.keys().empty()) {
      auto totals = ledger->Totals(counters.keys());
      if (!totals.ok()) return totals.status();
      usage = counters.Usage(*totals);
    }
    result.decisions =
        rules::Evaluate(engine, shipments, request.regime_choice, usage, request.with_trace);
    add_notes(&result.decisions);
    result.shipments = std::move(request.shipments);
    return result;
  }

  std::vector<std::string> keys = counters.keys();
  for (const auto& s : shipments) keys.push_back(ShipmentIdCounterKey(s.id));
  auto appended = ledger->AppendWithCheck(
      [&](const ledger::TotalsReader& reader) -> absl::StatusOr<ledger::Batch> {
        auto totals = reader.Totals(keys);
        if (!totals.ok()) return totals.status();
        for (const auto& s : shipments) {
          const double seq = (*totals)[ShipmentIdCounterKey(s.id)];
          if (seq > 0) {
            return Problem(
                absl::StatusCode::kAlreadyExists,
                absl::StrCat("shipment '", s.id, "' was already recorded as ledger entry ",
                             static_cast<int64_t>(seq),
                             "; nothing was recorded, and no total changed"),
                "a new shipment id (a correction is a new shipment)");
          }
        }
        result.decisions = rules::Evaluate(engine, shipments, request.regime_choice,
                                           counters.Usage(*totals), request.with_trace);
        add_notes(&result.decisions);
        ledger::Batch batch;
        batch.entries.reserve(result.screening.parties.size() + shipments.size());
        for (const ScreenedParty& party : result.screening.parties) {
          batch.entries.push_back(
              {ledger::EntryKind::kScreening, ScreeningEntryBody(party, result.screening), {}});
        }
        int64_t seq = reader.head().seq + static_cast<int64_t>(batch.entries.size());
        for (size_t i = 0; i < shipments.size(); ++i) {
          batch.entries.push_back(DecisionEntry(shipments[i], result.decisions[i],
                                                request.regime_choice, request.recorded_by,
                                                result.screening, i, ++seq));
        }
        return batch;
      });
  if (!appended.ok()) return appended.status();
  result.recorded = *appended;
  result.shipments = std::move(request.shipments);
  return result;
}

}  // namespace stargate::compliance
