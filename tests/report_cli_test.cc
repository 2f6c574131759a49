// End-to-end: `stargate report` with the real binary. The chart bundle is a
// stand-in with the bundle's banner (the browser test in tests/web/ opens
// reports made with the real one), so these tests need no npm build.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_runner.h"
#include "report_html.h"

namespace stargate::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kFakeBundle =
    "/*! stargate-report-bundle test */\nwindow.reportBundleRan = true;\n";

class ReportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    bundle_ = dir_ + "/bundle.js";
    WriteFile(bundle_, kFakeBundle);
    small_ = SourceDir() + "/data/scenarios/small.yaml";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_, bundle_, small_;
};

TEST_F(ReportCliTest, ReportsAPlanDirectoryInOneSelfContainedFile) {
  auto plan = RunStargate({"plan", small_, "--out", dir_ + "/plan", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const auto plan_json = nlohmann::json::parse(plan.out);

  auto r = RunStargate({"report", small_, "--plan", dir_ + "/plan", "--out", dir_ + "/r.html",
                        "--bundle", bundle_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary["ok"], true);
  EXPECT_EQ(summary["schema"], "stargate-report/1");
  EXPECT_EQ(summary["plan"]["origin"], "read from " + dir_ + "/plan");
  EXPECT_EQ(summary["regime"], "by_date");  // from plan.json
  EXPECT_EQ(summary["finance"], true);

  const std::string html = ReadFile(dir_ + "/r.html");
  EXPECT_EQ(summary["bytes"].get<size_t>(), html.size());
  EXPECT_THAT(html, HasSubstr("window.reportBundleRan = true;"));
  EXPECT_THAT(html, Not(HasSubstr("<script src")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  const auto data = EmbeddedReportData(html);
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["scenario"]["id"], "small");
  EXPECT_EQ(data["plan"]["status"], "optimal");
  // The key figures are the plan's own.
  EXPECT_DOUBLE_EQ(data["kpis"]["capex_usd"].get<double>(),
                   plan_json["kpis"]["capex_usd"].get<double>());
  EXPECT_DOUBLE_EQ(data["kpis"]["co2_tonnes"].get<double>(),
                   plan_json["kpis"]["co2_tonnes"].get<double>());
  // One truth: served, unmet, demand, the share served, the funding gap and
  // the objective's parts are the planner's, not recomputed.
  for (const char* key : {"demand_h100e_quarters", "served_h100e_quarters", "unmet_h100e_quarters",
                          "served_share", "unfunded_usd", "utilization", "tier1_compute_share"}) {
    EXPECT_DOUBLE_EQ(data["kpis"][key].get<double>(), plan_json["kpis"][key].get<double>()) << key;
  }
  EXPECT_EQ(data["kpis"]["objective_usd_by_term"], plan_json["kpis"]["objective_usd_by_term"]);
  // The report's served series is demand minus unmet, summing to the KPI.
  double served_series = 0;
  for (const auto& v : data["series"]["served_h100e"]) served_series += v.get<double>();
  EXPECT_NEAR(served_series, plan_json["kpis"]["served_h100e_quarters"].get<double>(),
              1e-6 * served_series + 1e-6);
  // The series add up to the key figures computed by the planner.
  double capex = 0;
  for (const auto& v : data["series"]["capex_by_year"]["facility_usd"]) capex += v.get<double>();
  for (const auto& v : data["series"]["capex_by_year"]["chips_usd"]) capex += v.get<double>();
  EXPECT_NEAR(capex, plan_json["kpis"]["capex_usd"].get<double>(), 1e-6 * capex);
  double co2 = 0;
  for (const auto& v : data["series"]["energy_by_year"]["co2_tonnes"]) co2 += v.get<double>();
  EXPECT_NEAR(co2, plan_json["kpis"]["co2_tonnes"].get<double>(), 1e-6 * co2 + 1e-6);
  std::set<std::string> countries;
  for (const auto& row : data["compliance"]["countries"]) countries.insert(row["country"]);
  for (const char* c : {"US", "NO", "AE"}) EXPECT_TRUE(countries.count(c)) << c;
  ASSERT_TRUE(data["finance"].is_object());
  // The finance section is `stargate finance --json`'s document for the same plan.
  auto finance = RunStargate({"finance", small_, "--plan", dir_ + "/plan", "--json"});
  ASSERT_EQ(finance.exit_code, 0) << finance.err;
  const auto finance_json = nlohmann::json::parse(finance.out);
  EXPECT_EQ(data["finance"]["financiers"], finance_json["financiers"]);
  std::set<std::string> funders;
  for (const auto& f : data["finance"]["financiers"]) funders.insert(f["id"]);
  for (const char* f : {"test-debt", "test-equity"}) EXPECT_TRUE(funders.count(f)) << f;
}

TEST_F(ReportCliTest, SolvesThePlanWhenNoDirectoryIsGiven) {
  auto r = RunStargate({"report", small_, "--out", dir_ + "/r.html", "--bundle", bundle_,
                        "--regime", "ai-diffusion-2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("wrote " + dir_ + "/r.html"));
  EXPECT_THAT(r.out, HasSubstr("solved here (optimal)"));
  const auto data = EmbeddedReportData(ReadFile(dir_ + "/r.html"));
  EXPECT_EQ(data["plan"]["regime"], "ai-diffusion-2025");
  for (const auto& row : data["compliance"]["countries"]) {
    if (row["country"] == "AE") {
      EXPECT_EQ(row["tier_end"]["id"], "tier2");
    }
  }
}

TEST_F(ReportCliTest, UsageAndInputErrors) {
  auto r = RunStargate({"report", small_, "--bundle", bundle_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: no output file given; expected --out FILE.html"));

  r = RunStargate(
      {"report", small_, "--out", dir_ + "/r.html", "--bundle", bundle_, "--regime", "no-such"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no-such"));

  WriteFile(dir_ + "/other.js", "console.log('not the bundle');\n");
  r = RunStargate({"report", small_, "--out", dir_ + "/r.html", "--bundle", dir_ + "/other.js"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("is not the report's chart bundle"));
  EXPECT_FALSE(fs::exists(dir_ + "/r.html"));
}

TEST_F(ReportCliTest, BrokenPlanFilesAreReportedAtTheirPlace) {
  ASSERT_EQ(RunStargate({"plan", small_, "--out", dir_ + "/plan"}).exit_code, 0);
  WriteFile(dir_ + "/plan/unmet.csv", "country,quarter,h100e\nAE,2031Q1,5\nXX,2026Q1,5\n");
  auto r = RunStargate(
      {"report", small_, "--plan", dir_ + "/plan", "--out", dir_ + "/r.html", "--bundle", bundle_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("error: " + dir_ +
                        "/plan/unmet.csv:2:4: quarter 2031Q1 is outside the scenario's horizon"));
  EXPECT_THAT(r.err, HasSubstr("error: " + dir_ +
                               "/plan/unmet.csv:3:1: country 'XX' is not in the scenario"));

  r = RunStargate({"report", small_, "--plan", dir_ + "/plan", "--out", dir_ + "/r.html",
                   "--bundle", bundle_, "--json"});
  EXPECT_EQ(r.exit_code, 2);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["errors"].size(), 2u);
  EXPECT_EQ(j["errors"][0]["line"], 2);
}

// Without --bundle the bundle is looked for beside the data directory; with
// ./data present that is ./web/dist/report-bundle.js.
TEST_F(ReportCliTest, DefaultBundleIsBesideTheDataDirectory) {
  fs::create_directory_symlink(SourceDir() + "/data", dir_ + "/data");
  auto r = RunStargate({"report", "data/scenarios/small.yaml", "--out", "r.html"}, "", dir_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("web/dist/report-bundle.js' is missing"));
  EXPECT_THAT(r.err, HasSubstr("run: npm --prefix web ci && npm --prefix web run build"));

  WriteFile(dir_ + "/web/dist/report-bundle.js", kFakeBundle);
  r = RunStargate({"report", "data/scenarios/small.yaml", "--out", "r.html"}, "", dir_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(ReadFile(dir_ + "/r.html"), HasSubstr("window.reportBundleRan = true;"));
}

}  // namespace
}  // namespace stargate::testing
