#include "stargate/plan/plan_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "stargate/plan/plan.h"
#include "stargate/scenario/scenario.h"

namespace stargate::plan {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Scenario Small() {
  auto scenario = LoadScenario(fs::path(STARGATE_SOURCE_DIR) / "data" / "scenarios" / "small.yaml");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return *scenario;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

PlanTexts GoodTexts() {
  PlanTexts t;
  t.plan_json = R"({
  "scenario": "small",
  "regime": "by_date",
  "objective_kind": "cost",
  "status": "optimal",
  "objective": 123.5,
  "solver": "clp",
  "kpis": {"gw_online_by_quarter": {"2026Q1": 0.05}, "h100e_by_country_year": {"US": {"2026": 20000}},
           "tier1_compute_share": 1, "capex_usd": 10, "shell_capex_usd": 4, "chip_capex_usd": 6,
           "opex_energy_usd": 1, "energy_mwh": 2, "co2_tonnes": 3, "demand_h100e_quarters": 4,
           "served_h100e_quarters": 5, "utilization": 0.5},
  "binding": [{"family": "grid", "constraint": "grid[test-us,2026Q1]", "value_per_unit": 7,
               "unit": "MW", "sentence": "one more MW"}],
  "diagnosis": ["US: demand unmet"]
}
)";
  t.site_quarters_csv =
      "site,country,quarter,build_mw,mw_online,grid_mw,power_mw\n"
      "test-us,US,2026Q1,100,50,200,40\n"
      "test-us,US,2026Q3,0,150,200,120\n";
  t.installs_csv =
      "site,country,accelerator,quarter,install_units,installed_base_units\n"
      "test-us,US,GB300,2026Q3,1000,1000\n";
  t.financing_csv = "financier,country,quarter,usd\ntest-equity,US,2026Q1,1.25e+09\n";
  t.unmet_csv = "country,quarter,h100e\nAE,2026Q3,40000\n";
  return t;
}

TEST(ReadPlanTextsTest, ReadsEveryTableAndTheSummary) {
  const Scenario scenario = Small();
  std::vector<Diagnostic> diagnostics;
  auto plan = ReadPlanTexts(GoodTexts(), "out", scenario, &diagnostics);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->status, plan::SolveStatus::kOptimal);
  EXPECT_EQ(plan->objective, 123.5);
  ASSERT_EQ(plan->site_quarters.size(), 2u);
  EXPECT_EQ(plan->site_quarters[1].mw_online, 150);
  EXPECT_EQ(plan->site_quarters[1].power_mw, 120);
  EXPECT_EQ(plan->site_quarters[1].country, "US");
  ASSERT_EQ(plan->installs.size(), 1u);
  EXPECT_EQ(plan->installs[0].base, 1000);
  ASSERT_EQ(plan->funding.size(), 1u);
  EXPECT_EQ(plan->funding[0].usd, 1.25e9);
  ASSERT_EQ(plan->unmet.size(), 1u);
  EXPECT_EQ(plan->unmet[0].h100e, 40000);
  EXPECT_EQ(plan->kpis.gw_online_by_quarter.at("2026Q1"), 0.05);
  EXPECT_EQ(plan->kpis.h100e_by_country_year.at("US").at(2026), 20000);
  EXPECT_EQ(plan->kpis.co2_tonnes, 3);
  ASSERT_EQ(plan->binding.size(), 1u);
  EXPECT_EQ(plan->binding[0].name, "grid[test-us,2026Q1]");
  EXPECT_EQ(plan->binding[0].value_per_unit, 7);
  EXPECT_THAT(plan->diagnosis, ElementsAre("US: demand unmet"));
}

TEST(ReadPlanTextsTest, ReportsEachProblemAtItsFileLineAndColumn) {
  const Scenario scenario = Small();
  PlanTexts t = GoodTexts();
  t.site_quarters_csv += "nowhere,US,2026Q2,0,0,0,0\n";
  t.installs_csv += "test-us,US,GB300,2031Q1,x,1\n";
  t.unmet_csv = "country,h100e\n";
  std::vector<Diagnostic> diagnostics;
  auto plan = ReadPlanTexts(t, "out", scenario, &diagnostics);
  ASSERT_FALSE(plan.ok());
  std::vector<std::string> lines;
  for (const auto& d : diagnostics) lines.push_back(d.ToString());
  EXPECT_THAT(
      lines,
      ElementsAre(
          HasSubstr("out/installs.csv:3:18: quarter 2031Q1 is outside the scenario's horizon"),
          HasSubstr("out/installs.csv:3:25: install_units 'x' is not a number >= 0"),
          HasSubstr("out/site_quarters.csv:4:1: site 'nowhere' is not in scenario 'small'"),
          HasSubstr("out/unmet.csv:1:1: no column 'quarter' in the header")));
}

TEST(ReadPlanTextsTest, BadJsonAndWrongTypesPointIntoPlanJson) {
  const Scenario scenario = Small();
  PlanTexts t = GoodTexts();
  t.plan_json = "{\n  \"status\": \"optimal\",\n  \"kpis\": [1, 2\n}\n";
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ReadPlanTexts(t, "out", scenario, &diagnostics).ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].location.file, "out/plan.json");
  EXPECT_EQ(diagnostics[0].location.line, 4);

  t.plan_json =
      "{\n  \"status\": \"optimal\",\n  \"objective\": 1,\n  \"kpis\": {\"capex_usd\": "
      "\"lots\"}\n}\n";
  EXPECT_FALSE(ReadPlanTexts(t, "out", scenario, &diagnostics).ok());
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0].location.line, 4);
  EXPECT_EQ(diagnostics[0].location.column, 12);
  EXPECT_THAT(diagnostics[0].what, HasSubstr("'capex_usd' has the wrong type"));
}

TEST(ReadPlanTextsTest, TheObjectiveKindIsOneOfTheObjectives) {
  const Scenario scenario = Small();
  PlanTexts t = GoodTexts();
  t.plan_json =
      Replace(t.plan_json, "\"objective_kind\": \"cost\"", "\"objective_kind\": \"compute\"");
  std::vector<Diagnostic> diagnostics;
  auto plan = ReadPlanTexts(t, "out", scenario, &diagnostics);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->objective_kind, Objective::kCompute);

  t.plan_json = Replace(t.plan_json, "\"compute\"", "\"profit\"");
  EXPECT_FALSE(ReadPlanTexts(t, "out", scenario, &diagnostics).ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(),
            "out/plan.json:4:3: objective_kind 'profit' is not known; expected one of cost, "
            "compute");
}

TEST(ReadPlanTextsTest, APlanOfAnotherScenarioIsRefused) {
  const Scenario scenario = Small();
  PlanTexts t = GoodTexts();
  t.plan_json.replace(t.plan_json.find("\"small\""), 7, "\"other\"");
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ReadPlanTexts(t, "out", scenario, &diagnostics).ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].ToString(),
              HasSubstr("out/plan.json:2:3: the plan was made for scenario 'other'"));
}

TEST(ReadPlanDirectoryTest, ReadsBackWhatWritePlanWrote) {
  const Scenario scenario = Small();
  std::vector<Diagnostic> diagnostics;
  auto plan = ReadPlanTexts(GoodTexts(), "out", scenario, &diagnostics);
  ASSERT_TRUE(plan.ok()) << plan.status();
  const fs::path dir =
      fs::temp_directory_path() / ("report_plan_files_" + std::to_string(::getpid()));
  ASSERT_TRUE(plan::WritePlan(*plan, dir).ok());
  auto back = ReadPlanDirectory(dir, scenario, &diagnostics);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->site_quarters.size(), plan->site_quarters.size());
  EXPECT_EQ(back->installs[0].base, plan->installs[0].base);
  EXPECT_EQ(back->unmet[0].h100e, plan->unmet[0].h100e);
  EXPECT_EQ(back->kpis.chip_capex_usd, plan->kpis.chip_capex_usd);
  EXPECT_EQ(back->binding[0].sentence, "one more MW");

  fs::remove(dir / "unmet.csv");
  EXPECT_FALSE(ReadPlanDirectory(dir, scenario, &diagnostics).ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].what, HasSubstr("unmet.csv"));
  fs::remove_all(dir);
  EXPECT_FALSE(ReadPlanDirectory(dir, scenario, &diagnostics).ok());
  EXPECT_THAT(diagnostics[0].what, HasSubstr("is not a directory"));
}

}  // namespace
}  // namespace stargate::plan
