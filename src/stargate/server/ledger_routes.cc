// GET /api/ledger (entries, oldest first, a page at a time) and
// GET /api/ledger/verify (recompute the hash chain and the running totals).
#include <chrono>

#include "absl/strings/str_cat.h"
#include "stargate/core/text.h"
#include "stargate/server/internal/views.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

constexpr long long kDefaultPage = 100;
constexpr long long kMaxPage = 1000;

Expected<LedgerPool::Lease> Lease(const Service& s) {
  if (!s.ledgers()) {
    return ApiError{ErrorCode::kConflict, "this server has no ledger",
                    "a server started with --ledger URI (e.g. --ledger sqlite:stargate.db)",
                    nullptr};
  }
  auto lease = s.ledgers()->Acquire();
  if (!lease.ok()) return FromStatus(lease.status());
  return std::move(*lease);
}

Expected<Reply> List(const Service& s, Call& call) {
  auto limit = call.IntQuery("limit", 0, kMaxPage);
  if (!limit.ok()) return limit.error();
  auto after = call.IntQuery("after", 0, INT64_MAX - 1);
  if (!after.ok()) return after.error();
  ledger::ScanOptions options;
  options.limit = limit->value_or(kDefaultPage);
  options.from_seq = after->value_or(0) + 1;
  if (auto kind = call.Query("kind")) {
    if (!ledger::ParseKind(*kind)) {
      std::string what = absl::StrCat("query parameter kind='", *kind, "' is not a kind of entry");
      if (auto near = ClosestMatch(*kind, ledger::KindNames()))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      return BadRequest(what, OneOf(ledger::KindNames()));
    }
    options.kind = *kind;
  }
  auto lease = Lease(s);
  if (!lease.ok()) return lease.error();
  // The export lines are canonical JSON already: joined, not re-parsed.
  std::string text = "{\"entries\":[";
  int64_t count = 0, last_seq = 0;
  auto status = (*lease)->Scan(options, [&](const ledger::StoredEntry& e) {
    if (count++) text += ',';
    text += ledger::ExportLine(e);
    last_seq = e.seq;
    return true;
  });
  if (!status.ok()) {
    lease->Discard();
    return FromStatus(status);
  }
  // A full page may have more after it.
  const bool more = options.limit > 0 && count == options.limit;
  absl::StrAppend(&text, "],\"count\":", count,
                  ",\"next_after\":", more ? absl::StrCat(last_seq) : "null", "}");
  Reply reply;
  reply.text = std::make_shared<const std::string>(std::move(text));
  return reply;
}

Expected<Reply> Verify(const Service& s, Call&) {
  auto lease = Lease(s);
  if (!lease.ok()) return lease.error();
  const auto start = std::chrono::steady_clock::now();
  auto report = (*lease)->Verify();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) {
    lease->Discard();
    return FromStatus(report.status());
  }
  // A tampered ledger is a finding, not a failed request.
  return Reply{VerifyReportJson(*report, s.ledgers()->shown(), seconds)};
}

}  // namespace

void AddLedgerRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  // A page of up to 1,000 entries, and a scan of the whole chain.
  router->Add("GET", "/api/ledger", Role::kViewer, [s](Call& call) { return List(*s, call); },
              {.query = {"limit", "after", "kind"}, .offload = Offload::kWorker});
  router->Add("GET", "/api/ledger/verify", Role::kViewer,
              [s](Call& call) { return Verify(*s, call); }, {.offload = Offload::kWorker});
}

}  // namespace stargate::server
