// One plan diff, three views: `stargate plan diff A B --json`, GET
// /api/plans/diff and the Comparison section of `stargate report --compare`
// give the same figures for the same two plans. The plans are the default
// scenario's under its own regime (the law by date) and under the stricter
// AI Diffusion framework: the issue's "why does Saudi Arabia get more under
// the stricter regime?". The CLI and the report read the plans from their
// written directories, the API keeps them in memory (plan jobs), so this is
// also the diff's round trip through the plan files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli_runner.h"
#include "report_html.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kStricter[] = "ai-diffusion-2025";

// Figures agree when they differ by no more than the plan files' rounding
// leaves after sums (the files keep the plan's own decimals).
bool Near(double x, double y) {
  return std::fabs(x - y) <= 1e-9 * std::max({1.0, std::fabs(x), std::fabs(y)});
}

std::vector<std::string> Constraints(const json& list) {
  std::vector<std::string> out;
  for (const auto& b : list) out.push_back(b["constraint"].get<std::string>());
  return out;
}

// Every figure of `got` equals `want`'s; labels (directory or job id) aside.
void ExpectSameDiff(const json& want, const json& got, const std::string& what) {
  SCOPED_TRACE(what);
  for (const char* key : {"objective_a", "objective_b", "served_share_a", "served_share_b"}) {
    EXPECT_TRUE(Near(want[key].get<double>(), got[key].get<double>()))
        << key << ": " << want[key] << " vs " << got[key];
  }
  for (const char* key : {"regime_a", "regime_b", "objective_kind_a", "objective_kind_b"}) {
    EXPECT_EQ(want[key], got[key]) << key;
  }
  const json& rows_w = want["by_country_year"];
  const json& rows_g = got["by_country_year"];
  ASSERT_EQ(rows_w.size(), rows_g.size());
  for (size_t i = 0; i < rows_w.size(); ++i) {
    ASSERT_EQ(rows_w[i]["country"], rows_g[i]["country"]) << "row " << i;
    ASSERT_EQ(rows_w[i]["year"], rows_g[i]["year"]) << "row " << i;
    for (const auto& [key, value] : rows_w[i].items()) {
      if (!value.is_number_float()) continue;
      EXPECT_TRUE(Near(value.get<double>(), rows_g[i][key].get<double>()))
          << rows_w[i]["country"] << " " << rows_w[i]["year"] << " " << key << ": " << value
          << " vs " << rows_g[i][key];
    }
  }
  EXPECT_EQ(Constraints(want["binding_only_in_a"]), Constraints(got["binding_only_in_a"]));
  EXPECT_EQ(Constraints(want["binding_only_in_b"]), Constraints(got["binding_only_in_b"]));
  for (size_t i = 0;
       i < std::min(want["binding_only_in_b"].size(), got["binding_only_in_b"].size()); ++i) {
    EXPECT_TRUE(Near(want["binding_only_in_b"][i]["value_per_unit"].get<double>(),
                     got["binding_only_in_b"][i]["value_per_unit"].get<double>()));
  }
}

json PlanJobResult(ServerProcess& server, const std::string& regime, std::string* id) {
  auto client = server.Client();
  auto submitted = client.Post("/api/plans", Bearer(kPlanner), json{{"regime", regime}}.dump(),
                               "application/json");
  if (!submitted || submitted->status != 202) return nullptr;
  *id = Body(submitted)["job"].get<std::string>();
  for (int i = 0; i < 1200; ++i) {
    auto job = client.Get("/api/jobs/" + *id, Bearer(kViewer));
    if (!job) return nullptr;
    const json body = Body(job);
    if (body["state"] != "queued" && body["state"] != "running") return body;
    std::this_thread::sleep_for(100ms);
  }
  return nullptr;
}

TEST(PlanDiffViewsTest, CliApiAndReportShowTheSameDiffOfTwoRegimes) {
  const std::string dir = MakeTempDir();
  ASSERT_EQ(RunStargate({"plan", "--out", dir + "/by-date"}).exit_code, 0);
  ASSERT_EQ(RunStargate({"plan", "--regime", kStricter, "--out", dir + "/stricter"}).exit_code, 0);

  // The CLI.
  auto cli = RunStargate({"plan", "diff", dir + "/by-date", dir + "/stricter", "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const json from_cli = json::parse(cli.out);
  EXPECT_EQ(from_cli["regime_a"], "by_date");
  EXPECT_EQ(from_cli["regime_b"], kStricter);
  ASSERT_FALSE(from_cli["by_country_year"].empty());
  // The question has an answer: Saudi Arabia ends with more compute
  // under the stricter regime, and constraints bind in one plan only.
  bool saudi_gains = false;
  for (const auto& row : from_cli["by_country_year"]) {
    if (row["country"] == "SA" && row["year"] == 2030)
      saudi_gains = row["h100e_change"].get<double>() > 0;
  }
  EXPECT_TRUE(saudi_gains) << cli.out.substr(0, 2000);
  EXPECT_FALSE(from_cli["binding_only_in_a"].empty() && from_cli["binding_only_in_b"].empty());

  // The report: its comparison is the diff's document.
  WriteFile(dir + "/bundle.js", kFakeReportBundle);
  auto report = RunStargate({"report", "--plan", dir + "/by-date", "--compare", dir + "/stricter",
                             "--out", dir + "/r.html", "--bundle", dir + "/bundle.js", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(json::parse(report.out)["comparison"]["b"], dir + "/stricter");
  const json data = EmbeddedReportData(ReadFile(dir + "/r.html"));
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["comparison"]["a"], dir + "/by-date");
  ExpectSameDiff(from_cli, data["comparison"], "report");

  // The API: the scenario's own plan ("default") against a plan job under
  // the stricter regime, both solved by the server and never written.
  const std::string tokens_dir = MakeTempDir();
  ServerProcess server({"--tokens", TokensFile(tokens_dir)});
  ASSERT_GT(server.port(), 0);
  std::string job;
  const json done = PlanJobResult(server, kStricter, &job);
  ASSERT_EQ(done["state"], "done") << done.dump().substr(0, 500);
  auto r = server.Client().Get("/api/plans/diff?a=default&b=" + job, Bearer(kViewer));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json from_api = Body(r);
  EXPECT_EQ(from_api["a"], "default");
  EXPECT_EQ(from_api["b"], job);
  ExpectSameDiff(from_cli, from_api, "api");

  // Refusals: a side missing, an unknown job, a job that is no plan.
  ExpectError(server.Client().Get("/api/plans/diff?a=default", Bearer(kViewer)), 400, "bad_request",
              "two plans");
  ExpectError(server.Client().Get("/api/plans/diff?a=default&b=plan-999-000000", Bearer(kViewer)),
              404, "not_found");
  ExpectError(server.Client().Get("/api/plans/diff?a=default&b=" + job), 401, "unauthorized");
  fs::remove_all(tokens_dir);
  fs::remove_all(dir);
}

TEST(PlanDiffViewsTest, ReportSaysWhenTheComparedPlansDoNotDiffer) {
  const std::string dir = MakeTempDir();
  const std::string small = SourceDir() + "/data/scenarios/small.yaml";
  ASSERT_EQ(RunStargate({"plan", small, "--out", dir + "/a"}).exit_code, 0);
  WriteFile(dir + "/bundle.js", kFakeReportBundle);
  // Against itself: an empty comparison, not a missing one.
  auto same = RunStargate({"report", small, "--plan", dir + "/a", "--compare", dir + "/a", "--out",
                           dir + "/r.html", "--bundle", dir + "/bundle.js"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_THAT(same.out, HasSubstr("compared with " + dir + "/a (0 countries and years differ)"));
  const json data = EmbeddedReportData(ReadFile(dir + "/r.html"));
  ASSERT_TRUE(data["comparison"].is_object());
  EXPECT_TRUE(data["comparison"]["by_country_year"].empty());
  EXPECT_TRUE(data["comparison"]["binding_only_in_a"].empty());
  // Without --compare there is no comparison.
  ASSERT_EQ(RunStargate({"report", small, "--plan", dir + "/a", "--out", dir + "/plain.html",
                         "--bundle", dir + "/bundle.js"})
                .exit_code,
            0);
  EXPECT_TRUE(EmbeddedReportData(ReadFile(dir + "/plain.html"))["comparison"].is_null());
  // A directory that holds no plan: a located error, exit 2, no file.
  auto bad = RunStargate({"report", small, "--plan", dir + "/a", "--compare", dir + "/nowhere",
                          "--out", dir + "/bad.html", "--bundle", dir + "/bundle.js"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr(dir + "/nowhere"));
  EXPECT_FALSE(fs::exists(dir + "/bad.html"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace stargate::testing
