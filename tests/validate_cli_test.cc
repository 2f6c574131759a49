// End-to-end: `stargate validate` on the shipped scenarios and on broken ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;

TEST(ValidateCliTest, DefaultScenarioIsValid) {
  auto r = RunStargate({"validate", SourceDir() + "/data/scenarios/stargate-global.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("is valid"));
  EXPECT_THAT(r.out, HasSubstr("2025Q1 .. 2030Q4 (24 quarters)"));
  EXPECT_EQ(r.err, "");
}

TEST(ValidateCliTest, DefaultScenarioIsFoundWithoutAnArgument) {
  auto r = RunStargate({"validate", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scenario"]["id"], "stargate-global");
  EXPECT_EQ(j["counts"]["accelerators"], 19);
  EXPECT_GE(j["counts"]["countries"], 40);
}

TEST(ValidateCliTest, SmallScenarioIsValid) {
  auto r = RunStargate({"validate", SourceDir() + "/data/scenarios/small.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ValidateCliTest, ReportsAllTenMistakesWithFileLineAndColumn) {
  const std::string dir = SourceDir() + "/tests/data/broken";
  auto r = RunStargate({"validate", "ten-mistakes.yaml"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  const std::string expected =
      "error: entities.yaml:6:10: stated tpp 36000 disagrees with the tpp computed from "
      "dense_tflops, 15832; expected a value within 0.5% of 15832 (dense TOPS x bit length, "
      "highest over precisions), or no tpp\n"
      "error: entities.yaml:8:5: unknown key 'power_kW' in accelerator 'H100-SXM' (did you mean "
      "'power_kw'?); expected one of id, name, vendor, datacenter, dense_tflops, tpp, "
      "die_area_mm2, power_kw, price_usd, memory_gb, memory_bandwidth_gbps, available_from, "
      "source, assumption, assumptions\n"
      "error: entities.yaml:13:45: freedom_score 184 is out of range; expected a number in 0..100\n"
      "error: entities.yaml:19:19: operator_hq of site 'narvik' 'GB' is not a known country; "
      "expected the id of a country defined in the scenario's files\n"
      "error: entities.yaml:21:5: duplicate site id 'narvik' (first defined at "
      "entities.yaml:18:5); expected a unique site id\n"
      "error: entities.yaml:22:65: pue 0.9 is out of range; expected a number in 1..3\n"
      "error: entities.yaml:25:34: kind 'strategc' is not known (did you mean 'strategic'?); "
      "expected one of strategic, sovereign_fund, private_equity, project_debt, development_bank\n"
      "error: entities.yaml:29:5: demand of 'NO' has neither source nor assumption; expected "
      "'source: URL or research key' or 'assumption: reason'\n"
      "error: entities.yaml:29:58: start_h100e -5 is out of range; expected a number >= 0\n"
      "error: ten-mistakes.yaml:7:33: horizon ends (2025Q4) before it starts (2026Q1); expected "
      "end >= start\n"
      "10 problems in ten-mistakes.yaml\n";
  EXPECT_EQ(r.err, expected);
}

TEST(ValidateCliTest, JsonErrorsAreStructured) {
  const std::string dir = SourceDir() + "/tests/data/broken";
  auto r = RunStargate({"validate", "ten-mistakes.yaml", "--json"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ok"], false);
  ASSERT_EQ(j["errors"].size(), 10u);
  EXPECT_EQ(j["errors"][0]["file"], "entities.yaml");
  EXPECT_EQ(j["errors"][0]["line"], 6);
  EXPECT_EQ(j["errors"][0]["column"], 10);
}

TEST(ValidateCliTest, MissingFileIsBadInput) {
  auto r = RunStargate({"validate", "nope.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr("error: nope.yaml: cannot open 'nope.yaml'; expected an existing, readable file"));
}

TEST(ValidateCliTest, SyntaxErrorIsReportedWithPosition) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/s.yaml", "scenario:\n  id: x\n  name: [unclosed\n");
  auto r = RunStargate({"validate", "s.yaml"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: s.yaml:"));
  EXPECT_THAT(r.err, HasSubstr("YAML syntax error"));
}

TEST(CliUsageTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunStargate({}).exit_code, 2);
  auto r = RunStargate({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: unknown command 'frobnicate'"));
  r = RunStargate({"validate", "--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: unknown option '--bogus' for 'stargate validate'"));
  r = RunStargate({"validate", "a.yaml", "b.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("takes 0 to 1 arguments but got 2"));
  r = RunStargate({"validate", "--json=yes"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliUsageTest, EveryCommandHasHelp) {
  auto top = RunStargate({"--help"});
  ASSERT_EQ(top.exit_code, 0);
  for (const char* command : {"validate", "show", "plan", "gen"}) {
    EXPECT_THAT(top.out, HasSubstr(command));
    auto r = RunStargate({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_THAT(r.out, HasSubstr(std::string("usage: stargate ") + command));
    EXPECT_THAT(r.out, HasSubstr("--json"));
  }
}

}  // namespace
}  // namespace stargate::testing
