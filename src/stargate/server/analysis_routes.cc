// GET /api/finance and POST /api/simulations: the finance and sim modules
// over the server's plan or a finished plan job.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "stargate/finance/finance.h"
#include "stargate/plan/plan.h"
#include "stargate/server/internal/analysis.h"
#include "stargate/server/internal/sim_pictures.h"
#include "stargate/server/service.h"
#include "stargate/sim/sim.h"

namespace stargate::server {
namespace {

using nlohmann::json;

Expected<Reply> Finance(const Service& s, Call& call) {
  std::shared_ptr<const plan::Plan> plan;
  std::string origin;
  if (auto id = call.Query("job")) {
    auto found = PlanOfJob(s, *id);
    if (!found.ok()) return found.error();
    plan = *found;
    origin = absl::StrCat("plan job ", *id);
  } else {
    auto fresh = s.FreshPlan();
    if (!fresh.ok()) return FromStatus(fresh.status());
    plan = *fresh;
    origin = "solved";
  }
  auto report = finance::AnalyzePlan(s.scenario(), *plan, finance::FinanceAssumptions{}, origin);
  if (!report.ok()) return FromStatus(report.status());
  return Reply{finance::FinanceReportToJson(*report)};
}

constexpr int64_t kMaxRuns = 1000000;
// The tornado's one-driver simulations: enough runs for a P10..P90, few
// enough that eight of them cost about one default simulation.
constexpr int64_t kTornadoRuns = 500;
constexpr int kHistogramBins = 24;
constexpr int64_t kMaxReoptimizedRuns = 10000;

struct SimRequest {
  int64_t runs = 1000;
  uint64_t seed = 1;
  bool reoptimize = false;
  std::string plan_job;
  std::shared_ptr<const plan::Plan> plan;  // of plan_job
};

Expected<SimRequest> ReadSimRequest(const Service& s, const Call& call) {
  SimRequest r;
  json body = json::object();
  if (!call.body().empty()) {
    auto parsed = call.JsonBody();
    if (!parsed.ok()) return parsed.error();
    body = std::move(*parsed);
  }
  if (auto bad = OnlyMembers(body, {"runs", "seed", "plan_job", "reoptimize"}, "the body"))
    return *bad;
  if (body.contains("reoptimize")) {
    if (!body["reoptimize"].is_boolean())
      return BadRequest("'reoptimize' is not a boolean", "true or false");
    r.reoptimize = body["reoptimize"].get<bool>();
  }
  const int64_t max_runs = r.reoptimize ? kMaxReoptimizedRuns : kMaxRuns;
  if (body.contains("runs")) {
    const json& n = body["runs"];
    if (!n.is_number_integer() || n.get<int64_t>() < 1 || n.get<int64_t>() > max_runs) {
      return BadRequest(
          absl::StrCat("'runs' ", n.dump(), " is not valid"),
          absl::StrCat("an integer from 1 to ", max_runs, r.reoptimize ? " with reoptimize" : ""));
    }
    r.runs = n.get<int64_t>();
  }
  if (body.contains("seed")) {
    const json& n = body["seed"];
    if (!n.is_number_unsigned() && !(n.is_number_integer() && n.get<int64_t>() >= 0)) {
      return BadRequest(absl::StrCat("'seed' ", n.dump(), " is not valid"), "an integer >= 0");
    }
    r.seed = n.get<uint64_t>();
  }
  if (body.contains("plan_job")) {
    if (!body["plan_job"].is_string())
      return BadRequest("'plan_job' is not a string", "the id of a finished plan job");
    r.plan_job = body["plan_job"].get<std::string>();
    auto plan = PlanOfJob(s, r.plan_job);
    if (!plan.ok()) return plan.error();
    r.plan = *plan;
  }
  return r;
}

JobWork SimWork(const Service* s, const SimRequest& r) {
  return [s, r](JobControl& control) -> absl::StatusOr<JobOutput> {
    std::shared_ptr<const plan::Plan> plan = r.plan;
    if (!plan) {
      control.Progress(0.02, "solving the scenario's plan (once per server)");
      auto fresh = s->FreshPlan();
      if (!fresh.ok()) return fresh.status();
      plan = *fresh;
    }
    if (control.cancelled()) return absl::CancelledError("cancelled");
    sim::SimOptions options;
    options.runs = r.runs;
    options.seed = r.seed;
    options.reoptimize = r.reoptimize;
    options.plan_options.build.objective = s->scenario().options.objective;
    options.limits_for = [s](const Scenario& scenario, const std::string& regime) {
      return plan::ExportLimitsFromRules(scenario, s->catalog(), regime);
    };
    // The runs are one library call spread over every core: progress stays
    // here until it returns.
    control.Progress(0.1, absl::StrCat("running ", r.runs, " runs"));
    const sim::UncertaintySpec uncertainty;
    auto result = sim::Simulate(s->scenario(), *plan, finance::FinanceAssumptions{}, uncertainty,
                                options, nullptr);
    if (!result.ok()) return result.status();
    if (control.cancelled()) return absl::CancelledError("cancelled");
    if (!r.plan_job.empty()) result->plan_origin = absl::StrCat("plan job ", r.plan_job);
    JobOutput out;
    out.result = sim::SimResultToJson(*result);
    // The pictures of the dashboard's simulation page (sim_pictures.h).
    const std::vector<std::string> pictured = PicturedMetrics(*result);
    nlohmann::json histograms = nlohmann::json::array();
    for (const auto& id : pictured) histograms.push_back(Histogram(*result, id, kHistogramBins));
    out.result["histograms"] = std::move(histograms);
    if (r.reoptimize) {
      // Eight more sets of re-solved runs would multiply a slow job by eight.
      out.result["tornado"] = nullptr;
      return out;
    }
    control.Progress(0.6, "the tornado: each driver alone");
    sim::SimOptions one = options;
    one.runs = std::min<int64_t>(r.runs, kTornadoRuns);
    auto tornado = Tornado(uncertainty, pictured, [&](const sim::UncertaintySpec& spec) {
      return sim::Simulate(s->scenario(), *plan, finance::FinanceAssumptions{}, spec, one, nullptr);
    });
    if (!tornado.ok()) return tornado.status();
    if (control.cancelled()) return absl::CancelledError("cancelled");
    (*tornado)["runs"] = one.runs;
    out.result["tornado"] = std::move(*tornado);
    return out;
  };
}

Expected<Reply> SubmitSimulation(const Service& s, Call& call) {
  auto request = ReadSimRequest(s, call);
  if (!request.ok()) return request.error();
  auto id = s.jobs().Submit("simulation", call.caller.name, SimWork(&s, *request));
  if (!id.ok()) return FromStatus(id.status());
  return Reply{json{{"job", *id}, {"href", absl::StrCat("/api/jobs/", *id)}}, 202};
}

}  // namespace

void AddAnalysisRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  // The first call without a job solves the scenario's plan.
  router->Add("GET", "/api/finance", Role::kViewer, [s](Call& call) { return Finance(*s, call); },
              {.query = {"job"}, .offload = Offload::kWorker});
  router->Add("POST", "/api/simulations", Role::kPlanner,
              [s](Call& call) { return SubmitSimulation(*s, call); });
}

}  // namespace stargate::server
