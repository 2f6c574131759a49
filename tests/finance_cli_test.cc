// End-to-end: `stargate finance` on the small scenario, solved and read back
// from a plan directory, and its input errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;

std::string Small() { return SourceDir() + "/data/scenarios/small.yaml"; }

TEST(FinanceCliTest, SolvesThePlanAndReportsEveryFinancier) {
  const std::string out = MakeTempDir();
  auto r = RunStargate({"finance", Small(), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("finance for small (plan 2026Q1..2027Q4"));
  EXPECT_THAT(r.out, HasSubstr("test-equity"));
  EXPECT_THAT(r.out, HasSubstr("test-debt"));
  EXPECT_THAT(r.out, HasSubstr("overall     NPV"));
  EXPECT_EQ(r.err, "");
  for (const char* file :
       {"finance_sites.csv", "finance_financiers.csv", "finance_summary.csv", "finance.json"}) {
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  }
  EXPECT_THAT(
      ReadFile(out + "/finance_summary.csv"),
      HasSubstr(
          "financier,kind,role,paid_in_usd,received_usd,discount_rate,npv_usd,irr,payback_quarter,"
          "peak_funding_usd\n"));
  EXPECT_THAT(ReadFile(out + "/finance_sites.csv"), HasSubstr("\ntest-us,US,2026Q1,"));
}

TEST(FinanceCliTest, JsonBalancesAndTheLenderEarnsItsRate) {
  auto r = RunStargate({"finance", Small(), "--json", "--out", MakeTempDir()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scenario"], "small");
  const auto& overall = j["overall"];
  const double capex =
      overall["facility_capex_usd"].get<double>() + overall["chip_capex_usd"].get<double>();
  EXPECT_GT(capex, 1e9);
  EXPECT_NEAR(overall["debt_usd"].get<double>() + overall["equity_usd"].get<double>(), capex, 1.0);
  // 60% of the facility on debt (the default), none of the chips.
  EXPECT_NEAR(overall["debt_usd"].get<double>(), 0.6 * overall["facility_capex_usd"].get<double>(),
              1.0);
  bool lender = false;
  double paid_in = 0;
  for (const auto& f : j["financiers"]) {
    paid_in += f["paid_in_usd"].get<double>();
    if (f["id"] == "test-debt") {
      lender = true;
      EXPECT_EQ(f["role"], "debt");
      EXPECT_NEAR(f["irr"].get<double>(), 0.07, 1e-6);  // its cost of capital
      EXPECT_NEAR(f["npv_usd"].get<double>(), 0, 1.0);
    }
  }
  EXPECT_TRUE(lender);
  EXPECT_NEAR(paid_in, capex, 1.0);
  EXPECT_EQ(j["quarters"][0]["quarter"], "2026Q1");
}

TEST(FinanceCliTest, ReadsAPlanDirectory) {
  const std::string dir = MakeTempDir();
  auto plan = RunStargate({"plan", Small(), "--out", dir});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  auto solved = RunStargate({"finance", Small(), "--json", "--out", MakeTempDir()});
  auto read = RunStargate({"finance", Small(), "--plan", dir, "--json"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const auto a = nlohmann::json::parse(solved.out), b = nlohmann::json::parse(read.out);
  EXPECT_THAT(b["plan"].get<std::string>(), HasSubstr("read from"));
  // The CSV files hold six significant digits.
  const double npv_a = a["overall"]["npv_usd"], npv_b = b["overall"]["npv_usd"];
  EXPECT_NEAR(npv_b / npv_a, 1.0, 1e-4);
  // Without --out the files go beside the plan.
  EXPECT_TRUE(std::filesystem::exists(dir + "/finance_summary.csv"));
}

// The plan solved here and the same plan written by `stargate plan` and read
// back give the same finance, on the small and the default scenario.
TEST(FinanceCliTest, SolvedAndWrittenPlansGiveTheSameFinance) {
  for (const std::string& scenario :
       {Small(), SourceDir() + "/data/scenarios/stargate-global.yaml"}) {
    const std::string dir = MakeTempDir();
    ASSERT_EQ(RunStargate({"plan", scenario, "--out", dir + "/p"}).exit_code, 0);
    auto solved = RunStargate({"finance", scenario, "--json", "--out", dir + "/f1"});
    auto read =
        RunStargate({"finance", scenario, "--plan", dir + "/p", "--json", "--out", dir + "/f2"});
    ASSERT_EQ(solved.exit_code, 0) << solved.err;
    ASSERT_EQ(read.exit_code, 0) << read.err;
    const auto a = nlohmann::json::parse(solved.out), b = nlohmann::json::parse(read.out);
    ASSERT_EQ(a["financiers"].size(), b["financiers"].size());
    for (size_t i = 0; i < a["financiers"].size(); ++i) {
      EXPECT_EQ(a["financiers"][i]["id"], b["financiers"][i]["id"]);
      for (const char* key : {"paid_in_usd", "received_usd", "npv_usd"}) {
        const double x = a["financiers"][i][key], y = b["financiers"][i][key];
        EXPECT_NEAR(x, y, std::max(0.01, 1e-9 * std::fabs(x)))
            << a["financiers"][i]["id"] << " " << key;
      }
    }
    for (const char* key : {"npv_usd", "revenue_usd", "funding_gap_usd", "equity_usd"}) {
      const double x = a["overall"][key], y = b["overall"][key];
      EXPECT_NEAR(x, y, std::max(0.01, 1e-9 * std::fabs(x))) << key;
    }
    std::filesystem::remove_all(dir);
  }
}

TEST(FinanceCliTest, BadPlanFileIsBadInputWithItsPlace) {
  const std::string dir = MakeTempDir();
  ASSERT_EQ(RunStargate({"plan", Small(), "--out", dir}).exit_code, 0);
  WriteFile(dir + "/installs.csv",
            "site,country,accelerator,quarter,install_units,installed_base_units\ntest-us,US,"
            "XB9000,2026Q1,5,5\n");
  auto r = RunStargate({"finance", Small(), "--plan", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "/installs.csv:2:12: accelerator 'XB9000' is not in the scenario; expected the id of "
          "an accelerator of the scenario\n"));
  EXPECT_EQ(r.out, "");
}

TEST(FinanceCliTest, AssumptionsFileOverridesAndReportsErrors) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/a.yaml", "debt:\n  share_of_facility_capex: 0.5\n  assumption: test\n");
  auto r =
      RunStargate({"finance", Small(), "--assumptions", dir + "/a.yaml", "--json", "--out", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["assumptions"]["debt"]["share_of_facility_capex"], 0.5);
  EXPECT_NEAR(j["overall"]["debt_usd"].get<double>(),
              0.5 * j["overall"]["facility_capex_usd"].get<double>(), 1.0);

  WriteFile(dir + "/bad.yaml", "debt:\n  tenor_quarters: two\n  assumption: test\n");
  auto bad = RunStargate({"finance", Small(), "--assumptions", dir + "/bad.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(
      bad.err,
      HasSubstr("/bad.yaml:2:19: tenor_quarters is 'two'; expected an integer in 1..200\n"));
}

TEST(FinanceCliTest, MissingPlanDirectory) {
  auto r = RunStargate({"finance", Small(), "--plan", "/nonexistent/plan"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr("error: /nonexistent/plan: '/nonexistent/plan' is not a directory; expected a "
                "directory written by 'stargate plan --out DIR'"));
}

}  // namespace
}  // namespace stargate::testing
