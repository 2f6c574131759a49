// The invariant that ties the planner to the rules engine: every shipment a
// plan implies passes `stargate check` under the plan's regime (DESIGN.md:
// "a plan's shipments always pass check").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"

namespace stargate::testing {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

// Plans `scenario` under `regime`, checks its shipments under the same regime,
// and returns the plan.json; every decision must permit its shipment.
nlohmann::json PlanAndCheck(const std::string& scenario, const std::string& regime) {
  const std::string dir = MakeTempDir();
  auto plan = RunStargate({"plan", scenario, "--regime", regime, "--out", dir, "--json"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  std::vector<std::string> check_args = {"check", dir + "/shipments.json", "--json", "--scenario",
                                         scenario};
  if (regime != "by_date") {
    check_args.push_back("--regime");
    check_args.push_back(regime);
  }
  auto check = RunStargate(check_args);
  EXPECT_EQ(check.exit_code, 0) << check.err;
  const auto shipments = ReadJson(dir + "/shipments.json");
  const auto decisions = nlohmann::json::parse(check.out)["decisions"];
  EXPECT_EQ(decisions.size(), shipments.size());
  for (const auto& d : decisions) {
    EXPECT_NE(d["outcome"], "prohibited") << regime << " " << d.dump();
    EXPECT_NE(d["review_policy"], "presumption_of_denial") << regime << " " << d.dump();
  }
  std::filesystem::remove_all(dir);
  return nlohmann::json::parse(plan.out);
}

TEST(PlanCheckInvariantTest, DefaultScenarioUnderEveryRegime) {
  const std::string scenario = SourceDir() + "/data/scenarios/stargate-global.yaml";
  for (const char* regime :
       {"by_date", "oct-2023", "ai-diffusion-2025", "post-rescission-2025", "partner-program"}) {
    SCOPED_TRACE(regime);
    auto plan = PlanAndCheck(scenario, regime);
    EXPECT_EQ(plan["status"], "optimal");
    EXPECT_GT(plan["shipments"].get<int>(), 0);
  }
}

TEST(PlanCheckInvariantTest, GeneratedScenariosWithBindingCaps) {
  const std::string dir = MakeTempDir();
  for (int seed : {3, 11}) {
    const std::string file = dir + "/gen-" + std::to_string(seed) + ".yaml";
    auto gen = RunStargate({"gen", "--sites", "30", "--types", "4", "--quarters", "12",
                            "--countries", "40", "--seed", std::to_string(seed), "--out", file});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    auto plan = PlanAndCheck(file, "ai-diffusion-2025");
    // The generator makes Tier 2 demand exceed the country caps: some cap binds.
    bool cap_binds = false;
    for (const auto& b : plan["binding"]) cap_binds |= b["family"] == "cap";
    EXPECT_TRUE(cap_binds) << plan["binding"].dump();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stargate::testing
