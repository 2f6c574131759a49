// End-to-end: `stargate simulate` on the small scenario. The same seed gives
// the same bytes for 1 and 2 threads and for 1 and 2 MPI ranks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"
#include "mpi_runner.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;

std::string Small() { return SourceDir() + "/data/scenarios/small.yaml"; }

std::vector<std::string> Args(const std::string& runs, const std::string& seed,
                              std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"simulate", Small(), "--runs", runs, "--seed", seed};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(SimulateCliTest, ReportsQuantilesAndCapRisk) {
  auto r = RunStargate(Args("500", "7", {"--json"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["runs"], 500);
  EXPECT_EQ(j["seed"], 7);
  std::map<std::string, nlohmann::json> metrics;
  for (const auto& m : j["metrics"]) metrics[m["id"].get<std::string>()] = m;
  for (const char* id :
       {"gw_online_2026", "gw_online_2027", "delivered_h100e", "capex_overrun_usd",
        "capex_overrun_share", "npv_overall", "npv:test-equity", "npv:test-debt"}) {
    ASSERT_TRUE(metrics.count(id)) << id;
    EXPECT_EQ(metrics[id]["runs"], 500) << id;
    EXPECT_LE(metrics[id]["p10"].get<double>(), metrics[id]["p50"].get<double>()) << id;
    EXPECT_LE(metrics[id]["p50"].get<double>(), metrics[id]["p90"].get<double>()) << id;
  }
  // Delays and shortfalls spread the outcomes.
  EXPECT_LT(metrics["npv_overall"]["p10"].get<double>(),
            metrics["npv_overall"]["p90"].get<double>());
  EXPECT_LT(metrics["delivered_h100e"]["p10"].get<double>(),
            metrics["delivered_h100e"]["p90"].get<double>());
  EXPECT_GT(metrics["capex_overrun_usd"]["mean"].get<double>(), 0);
  // The default tier changes put AE (a Tier 2 cap) at risk.
  ASSERT_TRUE(j["cap_binding_probability"].contains("AE"));
  const double p = j["cap_binding_probability"]["AE"];
  EXPECT_GE(p, 0);
  EXPECT_LE(p, 1);
}

// The base case is the simulation at its central values (the rental price's
// decline is in both), so its NPV lies inside the runs' P10..P90.
TEST(SimulateCliTest, TheBaseCaseLiesInsideP10ToP90) {
  for (const std::string& scenario :
       {Small(), SourceDir() + "/data/scenarios/stargate-global.yaml"}) {
    const std::string dir = MakeTempDir();
    auto plan = RunStargate({"plan", scenario, "--out", dir + "/p"});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    auto finance = RunStargate({"finance", scenario, "--plan", dir + "/p", "--json"});
    ASSERT_EQ(finance.exit_code, 0) << finance.err;
    const double base = nlohmann::json::parse(finance.out)["overall"]["npv_usd"];
    auto r = RunStargate(
        {"simulate", scenario, "--plan", dir + "/p", "--runs", "400", "--seed", "3", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Named: a range-for over a member of a temporary would outlive it.
    const nlohmann::json out = nlohmann::json::parse(r.out);
    for (const auto& m : out["metrics"]) {
      if (m["id"] != "npv_overall") continue;
      EXPECT_LE(m["p10"].get<double>(), base) << scenario;
      EXPECT_GE(m["p90"].get<double>(), base) << scenario;
    }
    std::filesystem::remove_all(dir);
  }
}

TEST(SimulateCliTest, SameBytesForOneAndTwoThreads) {
  const std::string a = MakeTempDir(), b = MakeTempDir();
  auto one = RunStargate(Args("3000", "11", {"--threads", "1", "--out", a}));
  auto two = RunStargate(Args("3000", "11", {"--threads", "2", "--out", b}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_THAT(one.out, HasSubstr("simulate small: 3,000 runs, seed 11"));
  for (const char* file : {"runs.csv", "summary.csv", "summary.json"}) {
    const std::string x = ReadFile(a + "/" + file);
    EXPECT_FALSE(x.empty()) << file;
    EXPECT_EQ(x, ReadFile(b + "/" + file)) << file;
  }
  auto other = RunStargate(Args("3000", "12", {"--threads", "2"}));
  EXPECT_NE(one.out.substr(one.out.find('\n')), other.out.substr(other.out.find('\n')));
}

TEST(SimulateCliTest, SameBytesForOneAndTwoRanks) {
  auto alone = RunStargate(Args("2000", "5", {"--threads", "2"}));
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  auto one = RunUnderMpirun(1, Args("2000", "5", {"--threads", "1"}));
  auto two = RunUnderMpirun(2, Args("2000", "5", {"--threads", "1"}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(alone.out, one.out);
  EXPECT_EQ(alone.out, two.out);
  // Only rank 0 speaks.
  EXPECT_EQ(two.out.find("simulate small"), two.out.rfind("simulate small"));
}

TEST(SimulateCliTest, ReoptimizeResolvesThePlanPerRun) {
  auto one = RunStargate(Args("4", "3", {"--reoptimize", "--threads", "1", "--json"}));
  auto two = RunStargate(Args("4", "3", {"--reoptimize", "--threads", "2", "--json"}));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(one.out, two.out);
  const auto j = nlohmann::json::parse(one.out);
  EXPECT_EQ(j["plan"], "re-solved in each run");
  EXPECT_EQ(j["failed_runs"], 0);
  bool found = false;
  for (const auto& m : j["metrics"]) {
    if (m["id"] == "npv_overall") {
      found = true;
      EXPECT_EQ(m["runs"], 4);
    }
  }
  EXPECT_TRUE(found);
}

TEST(SimulateCliTest, UncertaintyFileErrorsHaveTheirPlace) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/u.yaml",
            "supply_shortfall:\n  probability: 1.5\n  assumption: test\n"
            "regime_change: {probability: 0.5, regime: no-such-regime, assumption: test}\n");
  auto r = RunStargate(Args("10", "1", {"--uncertainty", dir + "/u.yaml"}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr("/u.yaml:2:16: probability 1.5 is out of range; expected a number in 0..1\n"));

  WriteFile(dir + "/v.yaml",
            "regime_change: {probability: 0.5, regime: no-such-regime, assumption: test}\n");
  auto v = RunStargate(Args("10", "1", {"--uncertainty", dir + "/v.yaml"}));
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_THAT(v.err, HasSubstr("/v.yaml:1:35: regime 'no-such-regime' of regime_change: "));
  EXPECT_THAT(v.err, HasSubstr("; expected a regime the rules engine knows\n"));
}

TEST(SimulateCliTest, BadFlagValuesAreUsageErrors) {
  auto r = RunStargate(Args("zero", "1"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "error: --runs 'zero' is not a whole number in 1..1000000000; expected --runs N with N "
          "from 1 to 1000000000"));
  auto t = RunStargate(Args("10", "1", {"--threads", "0"}));
  EXPECT_EQ(t.exit_code, 2);
}

}  // namespace
}  // namespace stargate::testing
