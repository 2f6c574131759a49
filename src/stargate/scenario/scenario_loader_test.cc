#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "stargate/scenario/scenario.h"

namespace stargate {
namespace {

using ::testing::HasSubstr;

constexpr const char* kValid = R"(scenario:
  id: tiny
  name: Tiny
  horizon: {start: 2026Q1, end: 2026Q4}
  regime: by_date
  assumption: unit test
accelerators:
  - {id: H100-SXM, name: H100, vendor: NVIDIA, dense_tflops: {fp8: 1979, bf16: 989.5}, tpp: 15832,
     die_area_mm2: 814, power_kw: 1.4, available_from: 2023Q1, source: rules.md#SWK}
countries:
  - {iso2: US, name: United States, region: north_america, memberships: [NATO, A:1],
     electricity_usd_per_mwh: 81, grid_gco2_per_kwh: 384, freedom_score: 84,
     data_protection_zone: US, partner_status: operating, source: program.md#S90}
sites:
  - {id: abilene, name: Abilene, country: US, lat: 32.4, lon: -99.7, operator: Oracle,
     operator_hq: US, status: operating, grid_mw_max: 1200, pue: 1.2,
     shell_capex_usd_per_mw: 12.5e6, lead_quarters: 4, source: program.md#S31,
     grid_schedule: [{from: 2026Q1, mw: 200}, {from: 2026Q3, mw: 1200}]}
financiers:
  - {id: softbank, name: SoftBank, kind: strategic, hq: US, eligible_countries: all,
     commitments: [{from: 2026Q1, to: 2026Q4, usd: 19e9}], cost_of_capital: 0.1,
     screening_status: clear, source: program.md#S100}
demand:
  - {country: US, from: 2026Q1, to: 2026Q4, start_h100e: 1000, annual_growth: 0.5, assumption: test}
supply:
  - {accelerator: H100-SXM, from: 2026Q1, to: 2026Q4, units_per_quarter: 5000, assumption: test}
)";

std::vector<Diagnostic> Problems(const std::string& text) {
  std::vector<Diagnostic> diagnostics;
  auto result = LoadScenarioFromText(text, "t.yaml", {}, &diagnostics);
  EXPECT_FALSE(result.ok());
  return diagnostics;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ScenarioLoaderTest, LoadsAValidScenario) {
  auto s = LoadScenarioFromText(kValid, "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->id, "tiny");
  EXPECT_EQ(s->num_quarters(), 4);
  ASSERT_EQ(s->accelerators.size(), 1u);
  EXPECT_DOUBLE_EQ(s->accelerators[0].tpp(), 15832);
  ASSERT_EQ(s->sites.size(), 1u);
  EXPECT_DOUBLE_EQ(s->sites[0].shell_capex_usd_per_mw, 12.5e6);
  EXPECT_EQ(s->sites[0].grid_schedule.size(), 2u);
  EXPECT_TRUE(s->financiers[0].eligible_everywhere);
  EXPECT_EQ(s->countries[0].memberships, (std::vector<std::string>{"NATO", "A:1"}));
}

// The scenario's system cost factor reaches every accelerator, whether the
// scenario block comes before the accelerators or after them.
TEST(ScenarioLoaderTest, InstalledCostIsPriceTimesTheScenariosSystemCostFactor) {
  const std::string priced = Replace(kValid, "power_kw: 1.4,", "power_kw: 1.4, price_usd: 30000,");
  auto absent = LoadScenarioFromText(priced, "t.yaml");
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_DOUBLE_EQ(absent->options.system_cost_factor, kDefaultSystemCostFactor);
  EXPECT_DOUBLE_EQ(absent->accelerators[0].InstalledCostUsd(), 30000 * kDefaultSystemCostFactor);
  const std::string stated =
      Replace(priced, "regime: by_date", "regime: by_date\n  options: {system_cost_factor: 1.25}");
  auto set = LoadScenarioFromText(stated, "t.yaml");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_DOUBLE_EQ(set->accelerators[0].price_usd, 30000);
  EXPECT_DOUBLE_EQ(set->accelerators[0].InstalledCostUsd(), 37500);
  // The same with the accelerators first.
  const size_t split = stated.find("accelerators:");
  auto reordered = LoadScenarioFromText(stated.substr(split) + stated.substr(0, split), "t.yaml");
  ASSERT_TRUE(reordered.ok()) << reordered.status();
  EXPECT_DOUBLE_EQ(reordered->accelerators[0].InstalledCostUsd(), 37500);
  auto d = Problems(
      Replace(priced, "regime: by_date", "regime: by_date\n  options: {system_cost_factor: 0.5}"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].what, "system_cost_factor 0.5 is out of range");
  EXPECT_EQ(d[0].expected, "a number in 1..5");
  EXPECT_EQ(d[0].location.line, 6);
}

TEST(ScenarioLoaderTest, UnknownKeyGetsDidYouMeanAndPosition) {
  auto d = Problems(Replace(kValid, "pue: 1.2", "pue2: 1.2"));
  // One problem: the misspelling explains the missing pue, which is not reported again.
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.file, "t.yaml");
  EXPECT_EQ(d[0].location.line, 16);
  EXPECT_THAT(d[0].what, HasSubstr("unknown key 'pue2' in site 'abilene' (did you mean 'pue'?)"));
}

TEST(ScenarioLoaderTest, WrongTypeAndRange) {
  auto d = Problems(Replace(kValid, "lat: 32.4", "lat: north"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].ToString(), "t.yaml:15:52: lat is 'north'; expected a number in -90..90");
  d = Problems(Replace(kValid, "pue: 1.2", "pue: 0.5"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].what, "pue 0.5 is out of range");
  EXPECT_EQ(d[0].expected, "a number in 1..3");
}

// Found by scenario_fuzz: a compliance block that is text, not a map, made
// yaml-cpp throw from operator[] and the loader crash.
TEST(ScenarioLoaderTest, ABlockThatIsNotAMapIsAProblemNotACrash) {
  auto d = Problems(
      Replace(kValid, "partner_status: operating,", "partner_status: operating, compliance: yes,"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].what, HasSubstr("compliance of country 'US' is"));
  EXPECT_EQ(d[0].expected, "a map of fields");
  EXPECT_EQ(d[0].location.line, 13);
}

TEST(ScenarioLoaderTest, DanglingReferencesAreReported) {
  auto d = Problems(Replace(kValid, "country: US, lat", "country: UZ, lat"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(
      d[0].what,
      HasSubstr("country of site 'abilene' 'UZ' is not a known country (did you mean 'US'?)"));
  d = Problems(Replace(kValid, "{accelerator: H100-SXM", "{accelerator: H200-SXM"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].what, HasSubstr("'H200-SXM' is not a known accelerator"));
}

TEST(ScenarioLoaderTest, DuplicateIds) {
  auto d = Problems(Replace(
      kValid, "financiers:\n",
      "  - {id: abilene, name: Again, country: US, lat: 1, lon: 1, operator: X, operator_hq: US,\n"
      "     status: candidate, grid_mw_max: 10, pue: 1.2, shell_capex_usd_per_mw: 1e7,\n"
      "     lead_quarters: 2, assumption: dup}\nfinanciers:\n"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].ToString(),
            "t.yaml:19:5: duplicate site id 'abilene' (first defined at t.yaml:15:5); expected a "
            "unique site id");
}

TEST(ScenarioLoaderTest, StatedTppMustAgreeWithTflops) {
  auto d = Problems(Replace(kValid, "tpp: 15832", "tpp: 20000"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(
      d[0].what,
      HasSubstr("stated tpp 20000 disagrees with the tpp computed from dense_tflops, 15832"));
}

TEST(ScenarioLoaderTest, MissingProvenanceIsAnError) {
  auto d = Problems(Replace(kValid, ", assumption: test}\nsupply", "}\nsupply"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].what, HasSubstr("has neither source nor assumption"));
}

TEST(ScenarioLoaderTest, SyntaxErrorHasAPosition) {
  auto d = Problems("scenario: {id: x\nsites: [");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].what, HasSubstr("YAML syntax error"));
  EXPECT_GT(d[0].location.line, 0);
}

TEST(ScenarioLoaderTest, ReportsEveryProblemNotJustTheFirst) {
  std::string text = kValid;
  text = Replace(text, "pue: 1.2", "pue: 9");
  text = Replace(text, "freedom_score: 84", "freedom_score: 184");
  text = Replace(text, "kind: strategic", "kind: strategc");
  text = Replace(text, "start: 2026Q1, end", "start: 2026Q5, end");
  auto d = Problems(text);
  EXPECT_EQ(d.size(), 4u);
  // Sorted by line.
  for (size_t i = 1; i < d.size(); ++i) EXPECT_LE(d[i - 1].location.line, d[i].location.line);
}

TEST(ScenarioLoaderTest, IncludesResolveRelativelyAndCyclesAreErrors) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "stargate_include_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "root.yaml")
      << "include: [sub/a.yaml]\n"
      << std::string(kValid).substr(0, std::string(kValid).find("accelerators:"));
  std::ofstream(dir / "sub" / "a.yaml") << "include: [../root.yaml]\n";
  std::vector<Diagnostic> d;
  auto s = LoadScenario(dir / "root.yaml", {}, &d);
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].what, HasSubstr("include cycle"));
  EXPECT_THAT(d[0].location.file, HasSubstr("a.yaml"));

  std::ofstream(dir / "sub" / "a.yaml") << "countries: []\n";
  s = LoadScenario(dir / "root.yaml", {}, &d);
  EXPECT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->files.size(), 2u);
  fs::remove_all(dir);
}

TEST(ScenarioLoaderTest, RegimeIsCheckedWhenRegimesAreKnown) {
  LoadOptions options;
  options.known_regimes = {"oct-2023", "ai-diffusion-2025"};
  EXPECT_TRUE(LoadScenarioFromText(kValid, "t.yaml", options).ok());
  std::vector<Diagnostic> d;
  auto s = LoadScenarioFromText(Replace(kValid, "regime: by_date", "regime: oct-2032"), "t.yaml",
                                options, &d);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(d[0].what, HasSubstr("regime 'oct-2032' is not known (did you mean 'oct-2023'?)"));
}

TEST(ScenarioLoaderTest, ObjectiveIsReadOnceAsAnEnum) {
  const std::string with = Replace(kValid, "  regime: by_date\n",
                                   "  regime: by_date\n  options: {objective: compute}\n");
  auto s = LoadScenarioFromText(with, "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->options.objective, Objective::kCompute);
  EXPECT_EQ(LoadScenarioFromText(kValid, "t.yaml")->options.objective, Objective::kCost);

  const auto d = Problems(Replace(with, "objective: compute", "objective: comptue"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].what, HasSubstr("objective 'comptue' is not known (did you mean 'compute'?)"));
  EXPECT_EQ(d[0].expected, "one of cost, compute");
  EXPECT_EQ(d[0].location.line, 6);
}

}  // namespace
}  // namespace stargate
