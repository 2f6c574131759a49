#include "stargate/plan/plan_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "stargate/finance/test_fixture.h"

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

TEST(PlanRoundTripTest, MissingDirectory) {
  std::vector<Diagnostic> diagnostics;
  auto read = plan::ReadPlanDirectory("/nonexistent/plan", testing::SmallScenario(), &diagnostics);
  ASSERT_FALSE(read.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].ToString(), HasSubstr("'/nonexistent/plan' is not a directory"));
}

}  // namespace
}  // namespace stargate::finance
