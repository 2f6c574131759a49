// `stargate plan --stochastic` end to end on the default scenario: the
// stochastic block's figures against their definitions, every scenario's
// shipments passing `check` under its own regime, one scenario = the
// deterministic plan, determinism by seed, and located errors with exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"
#include "report_html.h"

namespace stargate::testing {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

std::string DefaultScenario() { return SourceDir() + "/data/scenarios/stargate-global.yaml"; }

// Checks `shipments` under `regime`; every one must be permitted.
void ExpectAllPass(const nlohmann::json& shipments, const std::string& regime,
                   const std::string& dir) {
  if (shipments.empty()) return;
  const std::string file = dir + "/check-" + regime + ".json";
  WriteFile(file, shipments.dump());
  std::vector<std::string> args = {"check",         file, "--json", "--scenario", DefaultScenario(),
                                   "--no-screening"};
  if (regime != "by_date") {
    args.push_back("--regime");
    args.push_back(regime);
  }
  auto check = RunStargate(args);
  ASSERT_EQ(check.exit_code, 0) << check.err;
  const auto decisions = nlohmann::json::parse(check.out)["decisions"];
  ASSERT_EQ(decisions.size(), shipments.size());
  for (const auto& d : decisions) {
    EXPECT_NE(d["outcome"], "prohibited") << regime << " " << d.dump();
    EXPECT_NE(d["review_policy"], "presumption_of_denial") << regime << " " << d.dump();
  }
}

TEST(PlanStochasticCliTest, ScenarioSetHedgesAndEveryScenarioPassesCheckUnderItsRegime) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/set.yaml",
            "scenarios:\n"
            "  - name: framework-returns\n"
            "    probability: 0.3\n"
            "    regime_change: {to: ai-diffusion-2025, at: 2027Q1}\n"
            "    assumption: a diffusion-like rule returns in 2027Q1\n"
            "  - name: as-planned\n"
            "    probability: 0.7\n"
            "    construction_delay_quarters: 1\n");
  auto run = RunStargate({"plan", DefaultScenario(), "--stochastic", "--scenario-set",
                          dir + "/set.yaml", "--out", dir + "/out", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto plan = ReadJson(dir + "/out/plan.json");
  const auto& s = plan["stochastic"];
  ASSERT_EQ(s["scenarios"].size(), 2u);
  const double expected = s["expected_cost_usd"];
  const double tolerance = 1e-6 * expected;
  EXPECT_NEAR(s["evpi_usd"].get<double>(), expected - s["wait_and_see_cost_usd"].get<double>(), 1);
  EXPECT_NEAR(s["vss_usd"].get<double>(),
              s["mean_value_first_stage_expected_cost_usd"].get<double>() - expected, 1);
  EXPECT_GE(s["evpi_usd"].get<double>(), -tolerance);
  EXPECT_GE(s["vss_usd"].get<double>(), -tolerance);
  double weighted = 0;
  for (const auto& sc : s["scenarios"])
    weighted += sc["probability"].get<double>() * sc["kpis"]["cost_usd"].get<double>();
  EXPECT_NEAR(weighted, expected, tolerance);
  EXPECT_EQ(s["reference_scenario"], "as-planned");
  EXPECT_TRUE(std::filesystem::exists(dir + "/out/first_stage.csv"));
  EXPECT_EQ(nlohmann::json::parse(run.out)["stochastic"]["expected_cost_usd"],
            s["expected_cost_usd"]);

  // framework-returns: by_date before 2027Q1, ai-diffusion-2025 from then on.
  const auto changed =
      ReadJson(dir + "/out/" + s["scenarios"][0]["shipments_file"].get<std::string>());
  ASSERT_FALSE(changed.empty());
  nlohmann::json before = nlohmann::json::array(), after = nlohmann::json::array();
  for (const auto& shipment : changed)
    (shipment["date"].get<std::string>() < "2027-01-01" ? before : after).push_back(shipment);
  EXPECT_FALSE(after.empty());
  ExpectAllPass(before, "by_date", dir);
  ExpectAllPass(after, "ai-diffusion-2025", dir);
  ExpectAllPass(ReadJson(dir + "/out/" + s["scenarios"][1]["shipments_file"].get<std::string>()),
                "by_date", dir);
  std::filesystem::remove_all(dir);
}

// --method decomposition against the extensive form on the small scenario,
// risk-neutral and with CVaR: the figures agree within the reported gap, the
// block says how it was solved, and every scenario's shipments are written.
TEST(PlanStochasticCliTest, DecompositionAgreesWithTheExtensiveFormWithinItsGap) {
  const std::string dir = MakeTempDir();
  const std::string small = SourceDir() + "/data/scenarios/small.yaml";
  for (const std::string risk : {"", "cvar:0.8:0.5"}) {
    auto run = [&](const std::string& method) {
      std::vector<std::string> args = {
          "plan", small,   "--stochastic",           "--scenarios", "4", "--seed", "5", "--method",
          method, "--out", dir + "/" + method + risk};
      if (!risk.empty()) args.insert(args.end(), {"--risk", risk});
      auto r = RunStargate(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      return ReadJson(dir + "/" + method + risk + "/plan.json")["stochastic"];
    };
    const auto ef = run("ef"), dec = run("decomposition");
    EXPECT_EQ(ef["method"]["name"], "ef");
    EXPECT_EQ(dec["method"]["name"], "decomposition");
    EXPECT_EQ(ef["method"]["stopped_because"], "optimal");
    EXPECT_EQ(dec["method"]["stopped_because"], "gap reached");
    const double gap = dec["method"]["relative_gap"].get<double>();
    EXPECT_LE(gap, 1e-4) << risk;
    EXPECT_GT(dec["method"]["iterations"].get<int>(), 1);
    EXPECT_LE(dec["method"]["lower_bound_usd"].get<double>(),
              dec["method"]["upper_bound_usd"].get<double>());
    const double scale = ef["objective_usd"].get<double>();
    // The decomposition's plan is within the gap of the optimum, never below it.
    EXPECT_GE(dec["objective_usd"].get<double>(), scale * (1 - 1e-6)) << risk;
    EXPECT_LE(dec["objective_usd"].get<double>(), scale * (1 + 1.01 * gap) + 1) << risk;
    EXPECT_NEAR(dec["wait_and_see_cost_usd"].get<double>(),
                ef["wait_and_see_cost_usd"].get<double>(), 1e-6 * scale);
    if (risk.empty()) {
      for (const char* key : {"expected_cost_usd", "evpi_usd", "vss_usd"}) {
        EXPECT_NEAR(dec[key].get<double>(), ef[key].get<double>(), 2 * gap * scale + 1) << key;
      }
    } else {
      // Under (1 - w) E + w CVaR only the blend is pinned down: plans within
      // the gap of it may trade expected cost against the tail (the small
      // scenario has such near-ties), so each method's blend is checked.
      for (const auto* block : {&ef, &dec}) {
        const double blend = 0.5 * (*block)["expected_cost_usd"].get<double>() +
                             0.5 * (*block)["cvar_usd"].get<double>();
        EXPECT_NEAR(blend, (*block)["objective_usd"].get<double>(), 1e-6 * scale)
            << (*block)["method"]["name"];
      }
    }
    ASSERT_EQ(dec["scenarios"].size(), ef["scenarios"].size());
    EXPECT_TRUE(std::filesystem::exists(dir + "/decomposition" + risk + "/first_stage.csv"));
    EXPECT_TRUE(
        std::filesystem::exists(dir + "/decomposition" + risk + "/scenarios/s4-shipments.json"));
  }
  auto bad =
      RunStargate({"plan", small, "--stochastic", "--method", "benders", "--out", dir + "/x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, ::testing::HasSubstr("method 'benders'"));
  auto plain = RunStargate({"plan", small, "--method", "ef", "--out", dir + "/y"});
  EXPECT_EQ(plain.exit_code, 2) << "--method without --stochastic is refused";
  std::filesystem::remove_all(dir);
}

TEST(PlanStochasticCliTest, OneScenarioIsTheDeterministicPlan) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/one.yaml", "scenarios:\n  - {name: base, probability: 1}\n");
  auto stochastic = RunStargate({"plan", DefaultScenario(), "--stochastic", "--scenario-set",
                                 dir + "/one.yaml", "--out", dir + "/s", "--json"});
  auto deterministic = RunStargate({"plan", DefaultScenario(), "--out", dir + "/d", "--json"});
  ASSERT_EQ(stochastic.exit_code, 0) << stochastic.err;
  ASSERT_EQ(deterministic.exit_code, 0) << deterministic.err;
  const double d = nlohmann::json::parse(deterministic.out)["objective"];
  const auto s = nlohmann::json::parse(stochastic.out);
  EXPECT_NEAR(s["stochastic"]["expected_cost_usd"].get<double>(), d, 1e-6 * d);
  EXPECT_NEAR(s["objective"].get<double>(), d, 1e-6 * d);
  std::filesystem::remove_all(dir);
}

TEST(PlanStochasticCliTest, SampledRunIsDeterministicBySeed) {
  const std::string dir = MakeTempDir();
  auto strip = [](nlohmann::json j) {
    j.erase("model");  // timings
    return j;
  };
  nlohmann::json first;
  for (int i = 0; i < 2; ++i) {
    auto run = RunStargate({"plan", DefaultScenario(), "--stochastic", "--scenarios", "3", "--seed",
                            "5", "--out", dir + "/r" + std::to_string(i), "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto s = strip(nlohmann::json::parse(run.out)["stochastic"]);
    EXPECT_EQ(s["scenarios"].size(), 3u);
    if (i == 0) {
      first = s;
    } else {
      EXPECT_EQ(s.dump(), first.dump());
    }
  }
  std::ifstream a(dir + "/r0/first_stage.csv"), b(dir + "/r1/first_stage.csv");
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
  EXPECT_GT(sa.str().size(), 100u);
  std::filesystem::remove_all(dir);
}

TEST(PlanStochasticCliTest, BadInputIsALocatedErrorWithExit2) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/bad.yaml",
            "scenarios:\n"
            "  - {name: a, probability: 0.3}\n"
            "  - {name: b, probability: 0.5, regime_change: {to: no-such-regime, at: 2040Q1}}\n");
  auto bad =
      RunStargate({"plan", DefaultScenario(), "--stochastic", "--scenario-set", dir + "/bad.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, ::testing::HasSubstr(dir + "/bad.yaml:2:3: probabilities add up to 0.8"));
  EXPECT_THAT(bad.err, ::testing::HasSubstr("regime 'no-such-regime' is not known"));
  EXPECT_THAT(bad.err, ::testing::HasSubstr("quarter 2040Q1 is outside the horizon"));
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--scenarios", "0"},
                                             {"--decide-until", "2040Q1"},
                                             {"--decide-until", "soon"},
                                             {"--risk", "cvar:1.5:1"},
                                             {"--milp"},
                                             {"--scenario-set", dir + "/missing.yaml"}}) {
    std::vector<std::string> full = {"plan", DefaultScenario(), "--stochastic", "--out",
                                     dir + "/never"};
    full.insert(full.end(), args.begin(), args.end());
    auto run = RunStargate(full);
    EXPECT_EQ(run.exit_code, 2) << args[0] << ": " << run.err;
    EXPECT_THAT(run.err, ::testing::HasSubstr("error: ")) << args[0];
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/never"));
  // A stochastic flag on a plain plan is refused, not ignored.
  auto plain =
      RunStargate({"plan", DefaultScenario(), "--scenarios", "5", "--out", dir + "/never"});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_THAT(plain.err, ::testing::HasSubstr("--scenarios without --stochastic"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/never"));
  std::filesystem::remove_all(dir);
}

// The report of a hedged plan whose most probable future changes regime: its
// tables are labelled "by_date then ai-diffusion-2025 from 2027Q1", which no
// regime id names, so the report takes the block's base_regime (it exited 2
// before), embeds the block as written and sets the deterministic plan
// beside it.
TEST(PlanStochasticCliTest, ReportOfAPlanWhoseLikeliestFutureChangesRegime) {
  const std::string dir = MakeTempDir();
  const std::string scenario = SourceDir() + "/data/scenarios/small.yaml";
  WriteFile(dir + "/set.yaml",
            "scenarios:\n"
            "  - name: framework-returns\n"
            "    probability: 0.6\n"
            "    regime_change: {to: ai-diffusion-2025, at: 2027Q1}\n"
            "    assumption: a diffusion-like rule returns\n"
            "  - name: as-planned\n"
            "    probability: 0.4\n");
  auto plan = RunStargate(
      {"plan", scenario, "--stochastic", "--scenario-set", dir + "/set.yaml", "--out", dir + "/p"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const auto doc = ReadJson(dir + "/p/plan.json");
  EXPECT_EQ(doc["stochastic"]["base_regime"], "by_date");
  EXPECT_EQ(doc["stochastic"]["reference_scenario"], "framework-returns");
  EXPECT_THAT(doc["regime"].get<std::string>(), ::testing::HasSubstr(" then ai-diffusion-2025"));
  WriteFile(dir + "/bundle.js", kFakeReportBundle);
  auto report = RunStargate({"report", scenario, "--plan", dir + "/p", "--out", dir + "/r.html",
                             "--bundle", dir + "/bundle.js", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto summary = nlohmann::json::parse(report.out);
  EXPECT_EQ(summary["regime"], "by_date");
  EXPECT_EQ(summary["stochastic"], true);
  const auto data = EmbeddedReportData(ReadFile(dir + "/r.html"));
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data["stochastic"], doc["stochastic"]);
  EXPECT_TRUE(data["deterministic"]["kpis"].is_object());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stargate::testing
