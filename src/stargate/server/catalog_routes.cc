// Read-only views of the loaded data: health, the scenario and its
// entities, the regimes (list, one, diff) and a country's tier.
#include <cctype>

#include "absl/strings/str_cat.h"
#include "stargate/compliance/compliance.h"
#include "stargate/core/clock.h"
#include "stargate/core/text.h"
#include "stargate/ledger/ledger.h"
#include "stargate/model/bibliography.h"
#include "stargate/model/model.h"
#include "stargate/model/model_json.h"
#include "stargate/plan/plan.h"
#include "stargate/report/partner_view.h"
#include "stargate/rules/rules.h"
#include "stargate/server/internal/jobs.h"
#include "stargate/server/internal/views.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

using nlohmann::json;

// Serialized once: these never change while the server runs.
std::shared_ptr<const std::string> Frozen(const json& body) {
  return std::make_shared<const std::string>(body.dump());
}

Reply FrozenReply(const std::shared_ptr<const std::string>& text) {
  Reply reply;
  reply.text = text;
  return reply;
}

template <typename T>
json JsonList(const std::vector<T>& items) {
  json list = json::array();
  for (const auto& item : items) list.push_back(ToJson(item));
  return list;
}

Expected<Date> DateQuery(const Call& call) {
  const auto text = call.Query("date");
  if (!text) return TodayUtc();
  auto date = Date::Parse(*text);
  if (!date.ok()) {
    return BadRequest(absl::StrCat("query parameter date='", *text, "' is not a calendar date"),
                      "date=YYYY-MM-DD");
  }
  return *date;
}

// Cap usage for the caps a tier report lists, from the ledger.
absl::StatusOr<rules::CapUsage> LedgerUsageFor(const Service& service,
                                               const rules::TierReport& report) {
  if (!service.ledgers() || report.caps.empty()) return rules::CapUsage{};
  std::vector<std::string> cap_ids;
  for (const auto& cap : report.caps) cap_ids.push_back(cap.id);
  auto lease = service.ledgers()->Acquire();
  if (!lease.ok()) return lease.status();
  return compliance::CapUsageOf(**lease, cap_ids);
}

// The tier route solves the server's plan on first use unless asked for no
// plan (`plan=none`, exactly): only then it stays on the event thread.
bool MaySolve(const HttpRequest& request) {
  const std::string_view query = request.query();
  size_t start = 0;
  while (start <= query.size()) {
    const size_t end = std::min(query.find('&', start), query.size());
    if (query.substr(start, end - start) == "plan=none") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

void AddCatalogRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  const json health = {{"ok", true}, {"version", service.options().version}};
  router->Add("GET", "/api/health", Role::kViewer,
              [health](Call&) -> Expected<Reply> { return Reply{health}; }, {.needs_token = false});

  const auto summary = Frozen(ScenarioSummaryJson(service.scenario()));
  router->Add("GET", "/api/scenario", Role::kViewer,
              [summary](Call&) -> Expected<Reply> { return FrozenReply(summary); });

  const Scenario& sc = service.scenario();
  // Source keys come with their titles and URLs (docs/sources.md), as in `show --json`.
  auto referenced = [&](json list) {
    AddReferences(&list, service.bibliography());
    return list;
  };
  const std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> lists = {
      {"accelerators", Frozen({{"accelerators", referenced(JsonList(sc.accelerators))}})},
      {"countries", Frozen({{"countries", referenced(JsonList(sc.countries))}})},
      {"sites", Frozen({{"sites", referenced(JsonList(sc.sites))}})},
      {"financiers", Frozen({{"financiers", referenced(JsonList(sc.financiers))}})}};
  for (const auto& [name, text] : lists) {
    router->Add("GET", "/api/" + name, Role::kViewer,
                [text = text](Call&) -> Expected<Reply> { return FrozenReply(text); });
  }

  json regimes = json::array();
  for (const auto& r : service.catalog().regimes()) regimes.push_back(rules::SummaryJson(r));
  const auto regime_list = Frozen({{"regimes", regimes}});
  router->Add("GET", "/api/regimes", Role::kViewer,
              [regime_list](Call&) -> Expected<Reply> { return FrozenReply(regime_list); });

  router->Add("GET", "/api/regimes/{id}", Role::kViewer, [s](Call& call) -> Expected<Reply> {
    const std::string& id = call.path["id"];
    const rules::Regime* regime = s->catalog().Find(id);
    if (!regime) {
      std::string what = absl::StrCat("regime '", id, "' is not known");
      if (auto near = ClosestMatch(id, s->catalog().ids()))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      return ApiError{ErrorCode::kNotFound, what, OneOf(s->catalog().ids()), nullptr};
    }
    return Reply{rules::ToJson(*regime)};
  });

  router->Add("GET", "/api/regimes/diff", Role::kViewer,
              [s](Call& call) -> Expected<Reply> {
                const auto a = call.Query("a"), b = call.Query("b");
                if (!a || !b) {
                  return BadRequest("a regime diff needs two regimes",
                                    "query parameters a=ID and b=ID, e.g. "
                                    "/api/regimes/diff?a=ai-diffusion-2025&b=post-rescission-2025");
                }
                for (const std::string* id : {&*a, &*b}) {
                  if (!s->catalog().Find(*id)) {
                    auto choice = RegimeChoice(*s, *id, "regime");
                    if (!choice.ok()) return choice.error();
                    return BadRequest("'by_date' cannot be diffed", OneOf(s->catalog().ids()));
                  }
                }
                std::optional<std::string> country = call.Query("country");
                if (country) {
                  const CountryResolution found =
                      CountryResolver(s->scenario().countries).Resolve(*country, "country");
                  if (!found.ok()) return BadRequest(found.what, found.expected);
                  country = found.country->iso2;
                }
                std::optional<Date> date;
                if (call.Query("date")) {
                  auto d = DateQuery(call);
                  if (!d.ok()) return d.error();
                  date = *d;
                }
                auto diff = rules::DiffRegimes(s->engine(), *a, *b, country, date);
                if (!diff.ok()) return FromStatus(diff.status());
                return Reply{RegimeDiffJson(*diff, country)};
              },
              {.query = {"a", "b", "country", "date"},
               .offload = Offload::kWorker});  // both regimes over every country: milliseconds

  // What a partner country gets, when and how it moves up: the same answer
  // as `stargate tier` (report::PartnerViewJson), with the server's plan
  // (the scenario's own, solved once on first use) unless plan=none.
  auto glossary = std::make_shared<const report::Glossary>(
      report::Glossary::Load(report::DefaultGlossaryPath(service.options().data_dir))
          .value_or(report::Glossary()));
  router->Add(
      "GET", "/api/tier/{country}", Role::kViewer,
      [s, glossary](Call& call) -> Expected<Reply> {
        const CountryResolution found =
            CountryResolver(s->scenario().countries).Resolve(call.path["country"]);
        if (!found.ok()) return ApiError{ErrorCode::kNotFound, found.what, found.expected, nullptr};
        const std::string country = found.country->iso2;
        auto date = DateQuery(call);
        if (!date.ok()) return date.error();
        auto choice = RegimeChoice(*s, call.Query("regime").value_or(kRegimeByDate), "regime");
        if (!choice.ok()) return choice.error();
        const std::string plan_choice = call.Query("plan").value_or("current");
        if (plan_choice != "current" && plan_choice != "none") {
          return BadRequest(
              absl::StrCat("query parameter plan='", Excerpt(plan_choice), "' is not known"),
              "plan=current (the server's plan) or plan=none");
        }
        auto report = rules::DescribeTier(s->engine(), country, *date, *choice, rules::CapUsage{});
        if (!report.ok()) return FromStatus(report.status());
        // What the ledger holds against each cap (the report's "used").
        auto usage = LedgerUsageFor(*s, *report);
        if (!usage.ok()) return FromStatus(usage.status());
        std::shared_ptr<const plan::Plan> plan;
        if (plan_choice == "current") {
          auto fresh = s->FreshPlan();
          if (fresh.ok()) plan = *fresh;  // without a feasible plan the answer says "no plan"
        }
        report::PartnerViewInputs in{.engine = s->engine(), .country = country, .date = *date};
        in.regime_choice = *choice;
        in.usage = *usage;
        in.plan = plan.get();
        in.plan_origin =
            plan ? absl::StrCat("the server's current plan (", s->FreshPlanOrigin(), ")") : "";
        in.glossary = glossary.get();
        in.bibliography = &s->bibliography();
        in.chip = call.Query("chip").value_or("");
        auto view = report::BuildPartnerView(in);
        if (!view.ok()) return FromStatus(view.status());
        return Reply{report::PartnerViewJson(*view)};
      },
      {.query = {"date", "regime", "plan", "chip"}, .offload_when = MaySolve});
}

}  // namespace stargate::server
