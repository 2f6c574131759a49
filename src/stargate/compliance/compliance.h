// The one compliance check: screen every party of a batch of shipments
// against the restricted-party lists, read what the ledger already counts
// against caps and allowances, decide each shipment with the rules engine,
// and (when asked) record the decisions and screening results, all in one
// ledger transaction. The CLI's `check`, the server's POST /api/check, the
// dashboard (through the API), `plan --ledger` and `tier --ledger` call this
// and nothing else, so a compliance answer is the same through every door.
//
//   compliance::CheckRequest request;
//   request.shipments = ...;                       // from rules::ShipmentReader
//   request.screening = compliance::DefaultScreening(*lists);
//   auto result = compliance::Check(engine, std::move(request), ledger);
//   if (!result->problems.empty()) ...             // input problems: nothing decided
//
// Depends on rules, ledger, screen and core.
//
// The front door of the module: code outside compliance includes this header
// only. It gathers the public surface: the check, party screening and the
// lists folder it screens against (lists.h: `stargate lists`), and the usage
// counters the planner and the tier report read (usage.h). How decisions and
// screening results are written to the ledger is compliance/internal/.
#ifndef STARGATE_COMPLIANCE_COMPLIANCE_H_
#define STARGATE_COMPLIANCE_COMPLIANCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/compliance/internal/ledger_entries.h"
#include "stargate/compliance/lists.h"
#include "stargate/compliance/party_screening.h"
#include "stargate/compliance/usage.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/rules.h"

namespace stargate::compliance {

// The regime choice that decides each shipment under the regime in force on
// its date (the only choice whose decisions may be recorded).
inline constexpr char kRegimeByDate[] = "by_date";

struct CheckRequest {
  std::vector<rules::Shipment> shipments;
  std::string regime_choice = kRegimeByDate;  // or a regime id: a what-if
  Screening screening;                        // no list: screening explicitly off
  bool with_trace = true;
  // Append the decisions (and screening results) to the ledger. Refused for
  // a what-if regime, and for a shipment id the ledger already holds.
  bool record = false;
  std::string recorded_by;  // kept in each recorded entry: a token's name, "cli"
};

struct CheckResult {
  // Input problems (unknown chip or country, a what-if with record, an id
  // twice in a batch to record, a party name screening cannot take). When
  // any is set, nothing was decided or recorded.
  std::vector<rules::ShipmentProblem> problems;
  std::vector<rules::Shipment> shipments;  // as decided (restricted-party matches set)
  std::vector<rules::Decision> decisions;  // in input order
  BatchScreening screening;                // empty when screening was off
  std::optional<ledger::AppendResult> recorded;
};

// Runs the check. `ledger` may be null (nothing counted, nothing recorded).
// Errors: AlreadyExists when a shipment id was recorded before (the message
// names the entry), FailedPrecondition when record is asked without a
// ledger, and the ledger's own errors (storage).
absl::StatusOr<CheckResult> Check(const rules::Engine& engine, CheckRequest request,
                                  ledger::Ledger* ledger);

}  // namespace stargate::compliance

#endif  // STARGATE_COMPLIANCE_COMPLIANCE_H_
