// POST /api/check: decisions for shipments through the one compliance check
// (compliance/compliance.h): the parties screened against the server's lists,
// what the ledger holds counted, and with record=true the decisions appended
// (compliance role). A shipment id recorded before answers 409.
#include "absl/strings/str_cat.h"
#include "stargate/compliance/compliance.h"
#include "stargate/rules/rules.h"
#include "stargate/server/internal/decision_writer.h"
#include "stargate/server/internal/views.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

using nlohmann::json;

// A body this large holds more than about 150 shipments: a millisecond or
// more of rules with traces.
constexpr size_t kInlineBodyBytes = 32u << 10;

// Whether a check goes to the worker pool: when it records (it waits for
// the ledger's write lock and an fsync) or is a large batch. Any value of
// `record` but false/0 counts, so that a bad one is also answered there.
bool Slow(const HttpRequest& request) {
  if (request.body.size() > kInlineBodyBytes) return true;
  if (request.target.find('?') == std::string::npos)
    return false;  // the common case, without parsing
  const auto query = ParseQuery(request.target);
  const auto record = query.find("record");
  return record != query.end() && record->second != "false" && record->second != "0";
}

// The shipments' problems, the first as the message ("line L, column C: what").
ApiError InputProblems(const std::vector<Diagnostic>& problems) {
  ApiError error = FromProblems(ErrorCode::kBadRequest, problems);
  const Diagnostic& first = problems.front();
  if (first.location.line > 0) {
    error.message = absl::StrCat("line ", first.location.line, ", column ", first.location.column,
                                 ": ", first.what);
    if (problems.size() > 1)
      absl::StrAppend(&error.message, " (and ", problems.size() - 1, " more problems)");
  }
  return error;
}

Expected<Reply> Check(const Service& s, Call& call) {
  auto record = call.BoolQuery("record", false);
  if (!record.ok()) return record.error();
  auto trace = call.BoolQuery("trace", true);
  if (!trace.ok()) return trace.error();
  if (*record && !Allows(call.caller.role, Role::kCompliance)) {
    return ApiError{
        ErrorCode::kForbidden,
        absl::StrCat("recording decisions needs the compliance role; this token has role ",
                     RoleName(call.caller.role)),
        "a compliance token, or the same request without record=true", nullptr};
  }
  if (*record && !s.ledgers()) {
    return ApiError{ErrorCode::kConflict, "this server has no ledger to record in",
                    "a server started with --ledger URI, or the request without record=true",
                    nullptr};
  }
  auto choice = RegimeChoice(s, call.Query("regime").value_or(kRegimeByDate), "regime");
  if (!choice.ok()) return choice.error();
  if (call.body().empty()) {
    return BadRequest("the request has no body",
                      "a shipment object or an array of them (check's JSON input)");
  }

  rules::ShipmentReader reader(call.body(), "body");
  DiagnosticList problems;
  std::vector<rules::Shipment> shipments;
  if (!reader.Read(&shipments, &problems)) {
    problems.Sort();
    return InputProblems(problems.items());
  }
  if (shipments.empty())
    return BadRequest("the body holds no shipment", "a shipment object or a non-empty array");
  compliance::CheckRequest request;
  request.shipments = std::move(shipments);
  request.regime_choice = *choice;
  request.screening = s.check_screening();
  request.with_trace = *trace;
  request.record = *record;
  request.recorded_by = call.caller.name;
  std::optional<LedgerPool::Lease> lease;
  if (s.ledgers()) {
    auto acquired = s.ledgers()->Acquire();
    if (!acquired.ok()) return FromStatus(acquired.status());
    lease.emplace(std::move(*acquired));
  }
  auto outcome = compliance::Check(s.engine(), std::move(request), lease ? &**lease : nullptr);
  if (!outcome.ok()) {
    const auto code = outcome.status().code();
    if (lease && code != absl::StatusCode::kInvalidArgument &&
        code != absl::StatusCode::kAlreadyExists) {
      lease->Discard();
    }
    return FromStatus(outcome.status());
  }
  if (!outcome->problems.empty()) {
    DiagnosticList located;
    for (const auto& p : outcome->problems) {
      located.Add(reader.Locate(p.index, p.field),
                  absl::StrCat(reader.Label(p.index), ": ", p.what), p.expected);
    }
    located.Sort();
    return InputProblems(located.items());
  }
  // Written as text: the same bytes as rules::ToJson(...).dump(), without
  // building (and copying) a JSON tree per decision.
  Reply reply;
  std::string& text = reply.raw;
  text.reserve(512 + outcome->decisions.size() * (*trace ? 1600 : 400));
  text.append("{\"decisions\":[");
  for (size_t i = 0; i < outcome->decisions.size(); ++i) {
    if (i) text.push_back(',');
    AppendDecisionJson(outcome->decisions[i], &text);
  }
  text.push_back(']');
  text.append(",\"screening\":");
  text.append(compliance::ScreeningJson(outcome->screening)
                  .dump(-1, ' ', false, json::error_handler_t::replace));
  if (outcome->recorded) {
    const json recorded = {{"ledger", s.ledgers()->shown()},
                           {"first_seq", outcome->recorded->first_seq},
                           {"last_seq", outcome->recorded->last_seq},
                           {"count", outcome->recorded->count()},
                           {"head", HeadJson(outcome->recorded->head)}};
    text.append(",\"recorded\":");
    text.append(recorded.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  text.push_back('}');
  return reply;
}

}  // namespace

void AddCheckRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  router->Add("POST", "/api/check", Role::kViewer, [s](Call& call) { return Check(*s, call); },
              {.query = {"regime", "record", "trace"}, .offload_when = Slow});
}

}  // namespace stargate::server
