// Read-only views of one plan for the dashboard, where {id} is "default" (the
// server's plan: --plan DIR, else the scenario's own, solved once) or a
// finished plan job:
//   GET /api/plans/{id}               plan.json as `stargate plan` writes it
//   GET /api/plans/{id}/sites         MW online and H100e installed per site by quarter
//   GET /api/plans/{id}/files/{name}  one file of the plan directory (CSV or JSON)
//   GET /api/plans/{id}/report        the HTML report, as `stargate report` writes it
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/enum_spelling.h"
#include "stargate/core/file_reader.h"
#include "stargate/finance/finance.h"
#include "stargate/plan/plan.h"
#include "stargate/report/report.h"
#include "stargate/server/internal/analysis.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

using nlohmann::json;

constexpr char kDefaultPlan[] = "default";

// The files of a plan directory (plan_writer.cc); first_stage.csv only in a
// stochastic plan read with --plan DIR.
const std::set<std::string>& PlanFiles() {
  static const std::set<std::string> files = {
      "plan.json",  "site_quarters.csv", "installs.csv",   "served.csv",     "unmet.csv",
      "demand.csv", "financing.csv",     "shipments.json", "first_stage.csv"};
  return files;
}

Expected<std::shared_ptr<const plan::Plan>> PlanOf(const Service& s, const std::string& id) {
  if (id != kDefaultPlan) return PlanOfJob(s, id);
  auto fresh = s.FreshPlan();
  if (!fresh.ok()) return FromStatus(fresh.status());
  return *fresh;
}

bool FromDirectory(const Service& s, const std::string& id) {
  return id == kDefaultPlan && !s.options().plan_dir.empty();
}

std::string Origin(const Service& s, const std::string& id) {
  if (id == kDefaultPlan) return s.FreshPlanOrigin();
  return absl::StrCat("plan job ", id);
}

Expected<Reply> PlanDocument(const Service& s, Call& call) {
  const std::string id = call.path["id"];
  auto plan = PlanOf(s, id);
  if (!plan.ok()) return plan.error();
  json doc = FromDirectory(s, id) && s.plan_document().is_object() ? s.plan_document()
                                                                   : plan::PlanToJson(**plan);
  doc["origin"] = Origin(s, id);
  // A hedged plan is read beside the deterministic one: the scenario's plan
  // solved here under the same regime, its summary and KPIs.
  if (doc.contains("stochastic")) {
    auto solved = s.SolvedPlan();
    if (solved.ok()) {
      json det = plan::PlanToJson(**solved);
      det.erase("binding");
      det.erase("diagnosis");
      doc["deterministic"] = std::move(det);
    } else {
      doc["deterministic"] = nullptr;
    }
  }
  return Reply{std::move(doc)};
}

Expected<Reply> PlanSites(const Service& s, Call& call) {
  const std::string id = call.path["id"];
  auto found = PlanOf(s, id);
  if (!found.ok()) return found.error();
  const plan::Plan& plan = **found;
  const Scenario& scenario = s.scenario();
  std::vector<std::string> quarters;
  for (Quarter q = scenario.start; q <= scenario.end; q = q + 1) quarters.push_back(q.ToString());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < quarters.size(); ++i) index[quarters[i]] = i;
  std::map<std::string, std::vector<double>> mw, h100e;
  for (const auto& site : scenario.sites) {
    mw[site.id].assign(quarters.size(), 0.0);
    h100e[site.id].assign(quarters.size(), 0.0);
  }
  for (const auto& row : plan.site_quarters) {
    auto q = index.find(row.quarter.ToString());
    auto m = mw.find(row.site);
    if (q != index.end() && m != mw.end()) m->second[q->second] += row.mw_online;
  }
  for (const auto& row : plan.installs) {
    auto q = index.find(row.quarter.ToString());
    auto h = h100e.find(row.site);
    const Accelerator* a = scenario.FindAccelerator(row.accelerator);
    if (q != index.end() && h != h100e.end() && a) h->second[q->second] += row.base * a->h100e();
  }
  json sites = json::array();
  for (const auto& site : scenario.sites) {
    sites.push_back({{"id", site.id},
                     {"name", site.name},
                     {"country", site.country},
                     {"status", EnumName(site.status)},
                     {"lat", site.lat},
                     {"lon", site.lon},
                     {"grid_mw_max", site.grid_mw_max},
                     {"mw_online", mw[site.id]},
                     {"h100e", h100e[site.id]}});
  }
  return Reply{
      json{{"plan", id}, {"origin", Origin(s, id)}, {"quarters", quarters}, {"sites", sites}}};
}

std::string ContentType(const std::string& name) {
  return absl::EndsWith(name, ".json") ? "application/json" : "text/csv; charset=utf-8";
}

Expected<std::string> ReadText(const std::filesystem::path& path) {
  DiagnosticList problems;
  std::optional<std::string> text = ReadFileText(path.string(), &problems);
  if (!text) {
    return ApiError{ErrorCode::kNotFound,
                    absl::StrCat("the plan has no file ", path.filename().string()),
                    "a file the plan directory holds", nullptr};
  }
  return std::move(*text);
}

Expected<Reply> PlanFile(const Service& s, Call& call) {
  const std::string id = call.path["id"];
  const std::string name = call.path["name"];
  if (!PlanFiles().count(name)) {
    return ApiError{ErrorCode::kNotFound, absl::StrCat("'", name, "' is not a file of a plan"),
                    absl::StrCat("one of ", absl::StrJoin(PlanFiles(), ", ")), nullptr};
  }
  auto plan = PlanOf(s, id);
  if (!plan.ok()) return plan.error();
  Expected<std::string> text = std::string();
  if (FromDirectory(s, id)) {
    // As written: the reader keeps no served demand or shipments to write again.
    text = ReadText(s.options().plan_dir / name);
  } else {
    // The same writer as `stargate plan --out`, into a directory of its own.
    std::error_code ec;
    const auto temp = std::filesystem::temp_directory_path(ec);
    if (ec) {
      return ApiError{ErrorCode::kInternal,
                      absl::StrCat("no temporary directory to write the plan in: ", ec.message()),
                      "a writable $TMPDIR", nullptr};
    }
    // Unique per process and request: servers may share a temporary directory.
    static std::atomic<uint64_t> requests{0};
    const auto dir = temp / absl::StrCat("stargate-plan-", getpid(), "-", requests.fetch_add(1));
    if (auto status = plan::WritePlan(**plan, dir); !status.ok()) {
      std::filesystem::remove_all(dir, ec);
      return FromStatus(status);
    }
    text = ReadText(dir / name);
    std::filesystem::remove_all(dir, ec);
  }
  if (!text.ok()) return text.error();
  Reply reply;
  reply.raw = std::move(*text);
  reply.content_type = ContentType(name);
  reply.filename = name;
  return reply;
}

Expected<Reply> PlanReport(const Service& s, Call& call) {
  const std::string id = call.path["id"];
  auto found = PlanOf(s, id);
  if (!found.ok()) return found.error();
  const plan::Plan& plan = **found;
  auto bundle = report::LoadBundle(s.web_dir() / "report-bundle.js");
  if (!bundle.ok()) {
    return ApiError{ErrorCode::kConflict, std::string(bundle.status().message()),
                    "a server whose --web directory holds report-bundle.js (npm run build)",
                    nullptr};
  }
  const std::string origin = Origin(s, id);
  std::string regime = plan.regime.empty() ? s.scenario().regime : plan.regime;
  if (regime.empty()) regime = kRegimeByDate;
  report::ReportInputs inputs{s.scenario(), plan, origin, s.catalog(), regime};
  inputs.bibliography = &s.bibliography();
  auto analysis = finance::AnalyzePlan(s.scenario(), plan, finance::FinanceAssumptions{}, origin);
  if (analysis.ok()) {
    inputs.finance = &*analysis;
  } else {
    inputs.finance_note = std::string(analysis.status().message());
  }
  auto data = report::BuildReportData(inputs);
  if (!data.ok()) return FromStatus(data.status());
  Reply reply;
  reply.raw = report::RenderHtml(*data, *bundle);
  reply.content_type = "text/html; charset=utf-8";
  reply.filename = "report.html";
  return reply;
}

}  // namespace

void AddPlanViewRoutes(const Service& service, Router* router) {
  const Service* s = &service;
  // "default" may solve the scenario's plan on first use: all on a worker.
  const RouteOptions worker{.offload = Offload::kWorker};
  router->Add(
      "GET", "/api/plans/{id}", Role::kViewer, [s](Call& call) { return PlanDocument(*s, call); },
      worker);
  router->Add(
      "GET", "/api/plans/{id}/sites", Role::kViewer,
      [s](Call& call) { return PlanSites(*s, call); }, worker);
  router->Add(
      "GET", "/api/plans/{id}/files/{name}", Role::kViewer,
      [s](Call& call) { return PlanFile(*s, call); }, worker);
  router->Add(
      "GET", "/api/plans/{id}/report", Role::kViewer,
      [s](Call& call) { return PlanReport(*s, call); }, worker);
}

}  // namespace stargate::server
