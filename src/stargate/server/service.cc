#include "stargate/server/service.h"

#include <ostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/compliance/compliance.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/json_nlohmann.h"
#include "stargate/core/text.h"
#include "stargate/plan/plan.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace stargate::server {
namespace {

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Every diagnostic on its own line, under one status.
absl::Status Problems(const std::string& what, const std::vector<Diagnostic>& diagnostics,
                      const absl::Status& status) {
  if (diagnostics.empty())
    return absl::InvalidArgumentError(absl::StrCat(what, ": ", status.message()));
  std::vector<std::string> lines;
  for (const auto& d : diagnostics) lines.push_back(d.ToString());
  return absl::InvalidArgumentError(absl::StrCat(what, ":\n", absl::StrJoin(lines, "\n")));
}

}  // namespace

Expected<std::string> RegimeChoice(const Service& service, const std::string& value,
                                   const std::string& where) {
  if (value == kRegimeByDate || service.catalog().Find(value)) return value;
  std::vector<std::string> choices = service.catalog().ids();
  choices.insert(choices.begin(), kRegimeByDate);
  std::string what = absl::StrCat(where, " '", value, "' is not a known regime");
  if (auto near = ClosestMatch(value, choices))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  return BadRequest(what, OneOf(choices));
}

absl::StatusOr<std::unique_ptr<Service>> Service::Create(const ServerOptions& options,
                                                         std::ostream& log) {
  std::unique_ptr<Service> s(new Service());
  s->options_ = options;

  std::vector<Diagnostic> diagnostics;
  if (!options.tokens_file.empty()) {
    auto tokens = TokenTable::Load(options.tokens_file, &diagnostics);
    if (!tokens.ok()) return Problems("the tokens file has problems", diagnostics, tokens.status());
    s->tokens_ = std::move(*tokens);
  } else if (!IsLoopback(options.host)) {
    return Problem(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("without --tokens the server is open to anyone who can reach it, so it binds "
                     "loopback only, not '",
                     options.host, "'"),
        "--tokens FILE to serve on another address");
  }

  s->scenario_path_ = options.scenario.empty()
                          ? options.data_dir / "scenarios" / "stargate-global.yaml"
                          : options.scenario;
  diagnostics.clear();
  auto catalog = rules::LoadRegimeCatalog(options.data_dir / "regimes", &diagnostics);
  if (!catalog.ok()) return Problems("the regimes have problems", diagnostics, catalog.status());
  s->catalog_ = std::move(*catalog);
  if (auto b = Bibliography::Load(options.data_dir / ".." / "docs" / "sources.md"); b.ok()) {
    s->bibliography_ = std::move(*b);
  }
  diagnostics.clear();
  LoadOptions load;
  load.known_regimes = s->catalog_.ids();
  auto scenario = LoadScenario(s->scenario_path_, load, &diagnostics);
  if (!scenario.ok()) return Problems("the scenario has problems", diagnostics, scenario.status());
  s->scenario_ = std::move(*scenario);
  s->engine_ = std::make_unique<const rules::Engine>(s->catalog_, s->scenario_);
  log << "scenario " << s->scenario_.id << " (" << s->scenario_path_.string() << "), "
      << s->catalog_.regimes().size() << " regimes\n";

  if (!options.plan_dir.empty()) {
    diagnostics.clear();
    auto read = plan::ReadPlanDirectory(options.plan_dir, s->scenario_, &diagnostics);
    if (!read.ok()) return Problems("the plan directory has problems", diagnostics, read.status());
    s->loaded_plan_ = std::make_shared<const plan::Plan>(std::move(*read));
    // The reader checked plan.json; kept as written for its other blocks (stochastic).
    DiagnosticList read_problems;
    s->plan_document_ = ReadJsonFile((options.plan_dir / "plan.json").string(), &read_problems);
    log << "plan " << options.plan_dir.string()
        << (s->plan_document_.contains("stochastic") ? " (stochastic)" : "") << "\n";
  }

  if (!options.ledger_uri.empty()) {
    bool created = false;
    auto pool = LedgerPool::Open(options.ledger_uri, options.create_ledger, &created);
    if (!pool.ok()) return pool.status();
    s->ledgers_ = std::move(*pool);
    log << (created ? "created ledger " : "ledger ") << s->ledgers_->shown() << "\n";
  }

  if (!options.screening_off) {
    std::vector<std::filesystem::path> lists = options.screen_lists;
    std::vector<compliance::ListDate> list_dates;  // known for the manifest's lists only
    if (lists.empty()) {
      auto manifest = compliance::ReadListsManifest(compliance::DefaultListsDir(options.data_dir));
      if (!manifest.ok()) return manifest.status();
      lists = compliance::ListFolders(*manifest);
      list_dates = compliance::ListDates(*manifest);
    }
    screen::LoadOptions screen_load;
    screen_load.cache_dir = options.screen_cache_dir;
    auto list = screen::LoadScreeningList(lists, screen_load);
    if (!list.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the screening list cannot be loaded: ", list.status().message()));
    }
    s->check_screening_.list = std::make_shared<const screen::ScreeningList>(std::move(*list));
    s->check_screening_.cache = std::make_shared<compliance::ScreeningCache>();
    s->check_screening_.list_dates = std::move(list_dates);
    log << "screening lists: " << s->check_screening_.list->info().entries << " entries\n";
  } else {
    log << "screening: off (--no-screening)\n";
  }

  s->web_dir_ =
      options.web_dir.empty() ? options.data_dir / ".." / "web" / "dist" : options.web_dir;
  s->jobs_ =
      std::make_unique<JobManager>(JobLimits{options.job_workers, options.max_queued_jobs, 200});

  AddCatalogRoutes(*s, &s->router_);
  AddCheckRoutes(*s, &s->router_);
  AddLedgerRoutes(*s, &s->router_);
  AddScreenRoutes(*s, &s->router_);
  AddJobRoutes(*s, &s->router_);
  AddPlanViewRoutes(*s, &s->router_);
  AddDecisionsCsvRoute(*s, &s->router_);
  return s;
}

absl::StatusOr<std::shared_ptr<const plan::Plan>> Service::FreshPlan() const {
  if (loaded_plan_) return loaded_plan_;
  return SolvedPlan();
}

std::string Service::FreshPlanOrigin() const {
  if (loaded_plan_) return absl::StrCat("read from ", options_.plan_dir.string());
  return "the scenario's plan, solved on the server";
}

absl::StatusOr<std::shared_ptr<const plan::Plan>> Service::SolvedPlan() const {
  // One solve at a time: a second caller waits for the first's plan rather
  // than solving the same model again.
  std::lock_guard<std::mutex> lock(fresh_plan_mutex_);
  if (fresh_plan_) return fresh_plan_;
  auto limits = plan::ExportLimitsFromRules(scenario_, catalog_, scenario_.regime);
  if (!limits.ok()) return limits.status();
  plan::PlanOptions options;
  options.build.objective = scenario_.options.objective;
  auto solved = plan::MakePlan(scenario_, *limits, options);
  if (!solved.ok()) return solved.status();
  if (solved->status != plan::SolveStatus::kOptimal &&
      solved->status != plan::SolveStatus::kFeasible &&
      solved->status != plan::SolveStatus::kTimeLimit) {
    return Problem(absl::StatusCode::kFailedPrecondition,
                   absl::StrCat("the scenario's plan is ", plan::SolveStatusName(solved->status)),
                   "a feasible plan (see POST /api/plans)");
  }
  fresh_plan_ = std::make_shared<const plan::Plan>(std::move(*solved));
  return fresh_plan_;
}

}  // namespace stargate::server
