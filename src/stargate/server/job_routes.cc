// Background jobs: POST /api/plans (planner role) queues a plan; GET
// /api/jobs and /api/jobs/{id} follow it; DELETE /api/jobs/{id} cancels it;
// GET /api/plans/diff compares two finished plans as `plan diff` does.
// Simulations and finance live in analysis_routes.cc.
#include <algorithm>
#include <any>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/plan/plan.h"
#include "stargate/server/internal/analysis.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

using nlohmann::json;

constexpr double kMaxTimeLimitSeconds = 3600;

struct PlanRequest {
  std::string regime;
  Objective objective = Objective::kCost;
  bool milp = false;
  double time_limit_seconds = 300;
  // As `stargate plan --min-freedom N`: host compute only where the Freedom
  // House score is at least N (unset: the scenario's own options).
  std::optional<double> min_freedom_score;
};

Expected<PlanRequest> ReadPlanRequest(const Service& s, const Call& call) {
  PlanRequest r;
  r.regime = s.scenario().regime;
  r.objective = s.scenario().options.objective;
  json body = json::object();
  if (!call.body().empty()) {
    auto parsed = call.JsonBody();
    if (!parsed.ok()) return parsed.error();
    body = std::move(*parsed);
  }
  if (auto bad = OnlyMembers(
          body, {"regime", "objective", "milp", "time_limit_seconds", "min_freedom_score"},
          "the body"))
    return *bad;
  if (body.contains("regime")) {
    if (!body["regime"].is_string())
      return BadRequest("'regime' is not a string", "a regime id or \"by_date\"");
    auto choice = RegimeChoice(s, body["regime"].get<std::string>(), "regime");
    if (!choice.ok()) return choice.error();
    r.regime = *choice;
  }
  if (body.contains("objective")) {
    const json& o = body["objective"];
    const auto objective =
        o.is_string() ? ParseEnum<Objective>(o.get<std::string>()) : std::nullopt;
    if (!objective) {
      return BadRequest(absl::StrCat("'objective' ", o.dump(), " is not known"),
                        "\"cost\" or \"compute\"");
    }
    r.objective = *objective;
  }
  if (body.contains("milp")) {
    if (!body["milp"].is_boolean()) return BadRequest("'milp' is not a boolean", "true or false");
    r.milp = body["milp"].get<bool>();
  }
  if (body.contains("time_limit_seconds")) {
    const json& t = body["time_limit_seconds"];
    if (!t.is_number() || !(t.get<double>() > 0) || t.get<double>() > kMaxTimeLimitSeconds) {
      return BadRequest(
          absl::StrCat("'time_limit_seconds' ", t.dump(), " is not valid"),
          absl::StrCat("a number of seconds above 0, at most ", kMaxTimeLimitSeconds));
    }
    r.time_limit_seconds = t.get<double>();
  }
  if (body.contains("min_freedom_score")) {
    const json& m = body["min_freedom_score"];
    if (!m.is_number() || !(m.get<double>() >= 0) || m.get<double>() > 100) {
      return BadRequest(
          absl::StrCat("'min_freedom_score' ", m.dump(), " is not a Freedom House score"),
          "a number from 0 to 100, e.g. 70 (Free)");
    }
    r.min_freedom_score = m.get<double>();
  }
  return r;
}

JobWork PlanWork(const Service* s, const PlanRequest& r) {
  return [s, r](JobControl& control) -> absl::StatusOr<JobOutput> {
    control.Progress(0.05, absl::StrCat("export limits under ", r.regime));
    auto limits = plan::ExportLimitsFromRules(s->scenario(), s->catalog(), r.regime);
    if (!limits.ok()) return limits.status();
    if (control.cancelled()) return absl::CancelledError("cancelled");
    plan::PlanOptions options;
    options.build.objective = r.objective;
    options.build.milp = r.milp;
    options.solve.time_limit_seconds = r.time_limit_seconds;
    if (r.milp) options.solve.solver = plan::SolverKind::kCbc;
    // CBC reports where its search stands every few seconds; CLP is one call.
    options.solve.progress = [&control,
                              limit = r.time_limit_seconds](const plan::SolveProgress& p) {
      control.Progress(0.1 + 0.85 * std::min(1.0, p.seconds / limit),
                       p.has_incumbent
                           ? absl::StrFormat("%.0f s: incumbent %.6g, bound %.6g, gap %.2f%%",
                                             p.seconds, p.incumbent, p.bound, 100 * p.relative_gap)
                           : absl::StrFormat("%.0f s: no feasible solution yet, bound %.6g",
                                             p.seconds, p.bound));
    };
    control.Progress(0.1, r.milp ? "building the model and solving with CBC"
                                 : "building the model and solving with CLP");
    // The minimum freedom score is a scenario option: a copy carries it, as
    // the CLI sets it on the scenario it loaded.
    std::optional<Scenario> with_minimum;
    if (r.min_freedom_score) {
      with_minimum = s->scenario();
      with_minimum->options.min_freedom_score = *r.min_freedom_score;
    }
    auto solved = plan::MakePlan(with_minimum ? *with_minimum : s->scenario(), *limits, options);
    if (!solved.ok()) return solved.status();
    if (solved->no_solution) {
      return absl::FailedPreconditionError(
          absl::StrFormat("no feasible solution within %g s", r.time_limit_seconds));
    }
    if (control.cancelled()) return absl::CancelledError("cancelled");
    control.Progress(0.95, absl::StrCat("solved: ", plan::SolveStatusName(solved->status)));
    JobOutput out;
    out.result = plan::PlanToJson(*solved);
    out.artifact = std::make_shared<const plan::Plan>(std::move(*solved));
    return out;
  };
}

Expected<Reply> SubmitPlan(const Service& s, Call& call) {
  auto request = ReadPlanRequest(s, call);
  if (!request.ok()) return request.error();
  auto id = s.jobs().Submit("plan", call.caller.name, PlanWork(&s, *request));
  if (!id.ok()) return FromStatus(id.status());
  return Reply{json{{"job", *id}, {"href", absl::StrCat("/api/jobs/", *id)}}, 202};
}

Expected<JobView> FindJob(const Service& s, const std::string& id) {
  auto job = s.jobs().Get(id);
  if (!job) {
    return ApiError{ErrorCode::kNotFound,
                    absl::StrCat("job '", id,
                                 "' is not known (finished jobs are kept for a while, "
                                 "and none survive a restart)"),
                    "an id from GET /api/jobs", nullptr};
  }
  return *job;
}

}  // namespace

Expected<std::shared_ptr<const plan::Plan>> PlanOfJob(const Service& s, const std::string& id) {
  auto job = FindJob(s, id);
  if (!job.ok()) return job.error();
  if (job->kind != "plan") {
    return BadRequest(absl::StrCat("job '", id, "' is a ", job->kind, ", not a plan"),
                      "the id of a plan job");
  }
  if (job->state != JobState::kDone) {
    return ApiError{ErrorCode::kConflict,
                    absl::StrCat("plan job '", id, "' is ", JobStateName(job->state)),
                    "a plan job that is done (poll GET /api/jobs/{id})", nullptr};
  }
  const auto* plan = std::any_cast<std::shared_ptr<const plan::Plan>>(&job->output->artifact);
  if (!plan || !*plan)
    return ApiError{ErrorCode::kInternal, "the plan job kept no plan", "", nullptr};
  return *plan;
}

namespace {

// What a diff side names: "default" (the scenario's plan under its own
// regime, solved once per server) or a finished plan job.
constexpr char kDefaultPlan[] = "default";

Expected<std::shared_ptr<const plan::Plan>> PlanToCompare(const Service& s, const std::string& id) {
  if (id != kDefaultPlan) return PlanOfJob(s, id);
  auto fresh = s.FreshPlan();
  if (!fresh.ok()) return FromStatus(fresh.status());
  return *fresh;
}

Expected<Reply> DiffPlans(const Service& s, Call& call) {
  const auto a = call.Query("a"), b = call.Query("b");
  if (!a || !b) {
    return BadRequest(
        "a plan diff needs two plans",
        "query parameters a=ID and b=ID, each \"default\" or a finished plan job, e.g. "
        "/api/plans/diff?a=default&b=plan-1-0a1b2c");
  }
  auto plan_a = PlanToCompare(s, *a);
  if (!plan_a.ok()) return plan_a.error();
  auto plan_b = PlanToCompare(s, *b);
  if (!plan_b.ok()) return plan_b.error();
  // The same computation and document as `stargate plan diff --json`.
  return Reply{plan::PlanDiffToJson(plan::DiffPlans(s.scenario(), **plan_a, **plan_b, *a, *b))};
}

}  // namespace

void AddJobRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  router->Add("POST", "/api/plans", Role::kPlanner,
              [s](Call& call) { return SubmitPlan(*s, call); });
  // "default" solves the scenario's plan on first use; a diff itself takes milliseconds.
  router->Add("GET", "/api/plans/diff", Role::kViewer,
              [s](Call& call) { return DiffPlans(*s, call); },
              {.query = {"a", "b"}, .offload = Offload::kWorker});
  router->Add("GET", "/api/jobs", Role::kViewer, [s](Call&) -> Expected<Reply> {
    json list = json::array();
    for (const auto& job : s->jobs().List()) list.push_back(job.ToJson(false));
    return Reply{json{{"jobs", list}}};
  });
  router->Add("GET", "/api/jobs/{id}", Role::kViewer,
              [s](Call& call) -> Expected<Reply> {
                auto job = FindJob(*s, call.path["id"]);
                if (!job.ok()) return job.error();
                return Reply{job->ToJson(true)};
              },
              {.offload = Offload::kWorker});  // a finished plan's result grows with the scenario
  router->Add("DELETE", "/api/jobs/{id}", Role::kPlanner, [s](Call& call) -> Expected<Reply> {
    auto job = s->jobs().Cancel(call.path["id"]);
    if (!job.ok()) return FromStatus(job.status());
    return Reply{job->ToJson(false)};
  });
  AddAnalysisRoutes(service, router);
}

}  // namespace stargate::server
