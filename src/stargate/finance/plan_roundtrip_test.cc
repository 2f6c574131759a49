#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "stargate/finance/finance.h"
#include "stargate/finance/test_fixture.h"
#include "stargate/plan/plan.h"
#include "stargate/scenario/generator.h"
#include "stargate/scenario/scenario.h"

namespace stargate::finance {
namespace {

// The plan tables cash flows are computed from survive plan::WritePlan and
// plan::ReadPlanDirectory unchanged.

using ::testing::HasSubstr;

TEST(PlanRoundTripTest, ReadsWhatWritePlanWrote) {
  const Scenario scenario = testing::SmallScenario();
  const plan::Plan written = testing::SmallPlan();
  const auto dir = std::filesystem::temp_directory_path() / "stargate-finance-plan-reader";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(plan::WritePlan(written, dir).ok());
  std::vector<Diagnostic> diagnostics;
  auto read = plan::ReadPlanDirectory(dir, scenario, &diagnostics);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->site_quarters.size(), written.site_quarters.size());
  EXPECT_EQ(read->site_quarters[0].site, "s1");
  EXPECT_EQ(read->site_quarters[0].country, "US");
  EXPECT_DOUBLE_EQ(read->site_quarters[0].build_mw, 10);
  ASSERT_EQ(read->installs.size(), 1u);
  EXPECT_EQ(read->installs[0].accelerator, "A");
  EXPECT_EQ(read->installs[0].quarter, testing::Q(2026, 2));
  EXPECT_DOUBLE_EQ(read->installs[0].install, 1000);
  ASSERT_EQ(read->funding.size(), 4u);
  EXPECT_EQ(read->funding[3].financier, "eq2");
  EXPECT_DOUBLE_EQ(read->funding[3].usd, 7e6);
  std::filesystem::remove_all(dir);
}

// Every number of two JSON documents within `relative` of each other, every
// string and key equal.
void ExpectSameDocument(const nlohmann::json& a, const nlohmann::json& b, const std::string& path) {
  ASSERT_EQ(a.type(), b.type()) << path;
  if (a.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    // A cent, or a part in a billion of large amounts.
    EXPECT_NEAR(x, y, std::max({0.01, 1e-9 * std::fabs(x), 1e-9 * std::fabs(y)})) << path;
  } else if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (const auto& [key, value] : a.items()) {
      ASSERT_TRUE(b.contains(key)) << path << "." << key;
      ExpectSameDocument(value, b[key], path + "." + key);
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (size_t i = 0; i < a.size(); ++i)
      ExpectSameDocument(a[i], b[i], path + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(a, b) << path;
  }
}

// Finance on a solved plan and on the same plan written and read back are
// the same report: the tables hold what the files hold.
TEST(PlanRoundTripTest, FinanceOfASolvedPlanEqualsFinanceOfItsFiles) {
  for (uint64_t seed : {2u, 11u}) {
    auto yaml = GenerateScenarioYaml(
        {.sites = 8, .types = 4, .quarters = 12, .countries = 10, .seed = seed});
    ASSERT_TRUE(yaml.ok());
    auto scenario = LoadScenarioFromText(*yaml, "generated.yaml");
    ASSERT_TRUE(scenario.ok()) << scenario.status().message();
    auto solved = plan::MakePlan(*scenario, {}, {});
    ASSERT_TRUE(solved.ok());
    ASSERT_EQ(solved->status, plan::SolveStatus::kOptimal);
    ASSERT_FALSE(solved->funding.empty());
    const auto dir = std::filesystem::temp_directory_path() /
                     ("stargate-finance-roundtrip-" + std::to_string(seed));
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(plan::WritePlan(*solved, dir).ok());
    std::vector<Diagnostic> diagnostics;
    auto read = plan::ReadPlanDirectory(dir, *scenario, &diagnostics);
    ASSERT_TRUE(read.ok()) << read.status().message();
    auto in_memory = AnalyzePlan(*scenario, *solved, {}, "same");
    auto from_files = AnalyzePlan(*scenario, *read, {}, "same");
    ASSERT_TRUE(in_memory.ok() && from_files.ok());
    ExpectSameDocument(FinanceReportToJson(*in_memory), FinanceReportToJson(*from_files),
                       "finance");
    EXPECT_DOUBLE_EQ(read->kpis.unfunded_usd, solved->kpis.unfunded_usd);
    std::filesystem::remove_all(dir);
  }
}

TEST(PlanRoundTripTest, MissingDirectory) {
  std::vector<Diagnostic> diagnostics;
  auto read = plan::ReadPlanDirectory("/nonexistent/plan", testing::SmallScenario(), &diagnostics);
  ASSERT_FALSE(read.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].ToString(), HasSubstr("'/nonexistent/plan' is not a directory"));
}

}  // namespace
}  // namespace stargate::finance
