// The stochastic plan on a two-scenario instance computed by hand, and its
// invariants: EVPI >= 0, VSS >= 0, one scenario = the deterministic plan,
// identical scenarios have no value of information, determinism by seed.
#include "stargate/plan/stochastic.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "stargate/plan/internal/stochastic_decomposition.h"
#include "stargate/plan/internal/stochastic_internal.h"

namespace stargate::plan {
namespace {

Quarter Q(int y, int n) { return Quarter::FromYearAndNumber(y, n); }

// One US site (10 MW grid, lead 1 quarter, PUE 1, $1M/MW), one accelerator
// of exactly one H100e (1 kW, $10,000), 1,000 H100e wanted 2026Q2..Q4,
// electricity $100/MWh, no discounting, $100k per unmet H100e-quarter.
Scenario Tiny() {
  Scenario s;
  s.id = "tiny";
  s.start = Q(2026, 1);
  s.end = Q(2026, 4);
  s.options.discount_rate = 0;
  s.options.unmet_penalty_usd_per_h100e = 1e5;
  s.options.accelerator_life_quarters = 20;
  Accelerator a;
  a.id = "X";
  a.dense_tflops = {{Precision::kFp8, 1979}};
  a.power_kw = 1.0;
  a.price_usd = 10000;
  a.available_from = Q(2020, 1);
  s.accelerators.push_back(a);
  Country us;
  us.iso2 = "US";
  us.data_protection_zone = "US";
  us.electricity_usd_per_mwh = 100;
  s.countries.push_back(us);
  Site site;
  site.id = "a";
  site.name = "Site A";
  site.country = "US";
  site.operator_name = "Op";
  site.operator_hq = "US";
  site.status = SiteStatus::kAnnounced;
  site.grid_mw_max = 10;
  site.pue = 1.0;
  site.shell_capex_usd_per_mw = 1e6;
  site.lead_quarters = 1;
  s.sites.push_back(site);
  s.demand.push_back(Demand{.country = "US",
                            .from = Q(2026, 2),
                            .to = Q(2026, 4),
                            .start_h100e = 1000,
                            .annual_growth = 0,
                            .residency = Residency::kInCountry});
  s.supply.push_back(
      Supply{.accelerator = "X", .from = Q(2026, 1), .to = Q(2026, 4), .units_per_quarter = 1e6});
  return s;
}

constexpr double kEnergy = 1.0 * kHoursPerQuarter / 1000.0 * 100;  // $ per unit-quarter: 219.15

// "open": no export limits; "closed": nothing may ship anywhere.
absl::StatusOr<ExportLimits> Limits(const std::string& regime) {
  ExportLimits limits;
  limits.regime_label = regime;
  if (regime == "closed")
    limits.allowed = [](const Site&, const std::string&, Quarter) { return false; };
  return limits;
}

StochasticScenario Future(std::string name, double p, double demand = 1) {
  StochasticScenario f;
  f.name = std::move(name);
  f.probability = p;
  f.demand_multiplier = demand;
  return f;
}

StochasticOptions FirstQuarterDecided() {
  StochasticOptions options;
  options.decide_until = Q(2026, 1);
  return options;
}

// Demand comes (A) or does not (B), each with probability 1/2; only the
// 2026Q1 construction start is decided before knowing.
std::vector<StochasticScenario> ComesOrNot() { return {Future("A", 0.5, 1), Future("B", 0.5, 0)}; }

TEST(StochasticTest, TwoScenariosHaveTheHandComputedHedgeEvpiAndVss) {
  auto r = SolveStochastic(Tiny(), ComesOrNot(), Limits, FirstQuarterDecided());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->status, SolveStatus::kOptimal);
  // Missing a Q2 H100e costs $100k in A against $1k of shell in expectation:
  // build the whole 1 MW in Q1. A: shell, chips, 3 quarters of energy; B: the shell.
  const double a_cost = 1e6 + 1e7 + 3000 * kEnergy;
  EXPECT_NEAR(r->scenarios[0].cost_usd, a_cost, 1);
  EXPECT_NEAR(r->scenarios[1].cost_usd, 1e6, 1);
  EXPECT_NEAR(r->expected_cost_usd, 0.5 * a_cost + 0.5e6, 1);
  EXPECT_NEAR(r->objective_usd, r->expected_cost_usd, 1);
  // Knowing the future, B builds nothing: EVPI is B's wasted half shell.
  EXPECT_NEAR(r->wait_and_see_cost_usd, 0.5 * a_cost, 1);
  EXPECT_NEAR(r->evpi_usd, 0.5e6, 1);
  // The mean future wants 500 H100e: its plan starts 0.5 MW in Q1, and A then
  // misses 500 H100e in Q2 and builds the rest in Q2.
  ASSERT_EQ(r->first_stage.size(), 1u);
  EXPECT_EQ(r->first_stage[0].kind, "build_mw");
  EXPECT_NEAR(r->first_stage[0].value, 1, 1e-6);
  EXPECT_NEAR(r->first_stage[0].mean_value_plan, 0.5, 1e-6);
  const double a_with_mean = 1e6 + 1e7 + 2500 * kEnergy + 500 * 1e5;
  EXPECT_NEAR(r->scenarios[0].mean_value_first_stage_cost_usd, a_with_mean, 1);
  EXPECT_NEAR(r->mean_value_first_stage_expected_cost_usd, 0.5 * a_with_mean + 0.25e6, 1);
  EXPECT_NEAR(r->vss_usd, 0.5 * a_with_mean + 0.25e6 - (0.5 * a_cost + 0.5e6), 1);
  EXPECT_NEAR(r->scenarios[0].unmet_h100e_quarters, 0, 1e-6);
  EXPECT_NEAR(r->scenarios[0].served_h100e_quarters, 3000, 1e-6);
  EXPECT_NEAR(r->scenarios[1].gw_online_end, 0.001, 1e-9);
}

// Complete recourse: the grid reaches the site only in 2026Q3 and demand
// wants 1 MW from then on (2026Q2's is unmet whatever is built); money is
// discounted at 10% a year, so what can wait, waits. In A the shell takes
// its usual quarter; in B a quarter more. B needs the shell started in Q1;
// in A a shell started then stands finished but idle ("stranded") through
// Q2. Without stranding a Q1 start would make A infeasible, so the hedged
// plan would wait and B would miss Q3.
Scenario GridLate() {
  Scenario s = Tiny();
  s.options.discount_rate = 0.1;
  s.sites[0].grid_schedule = {{Q(2026, 3), 10}};
  return s;
}

std::vector<StochasticScenario> OnTimeOrLate() {
  std::vector<StochasticScenario> futures = {Future("A", 0.5), Future("B", 0.5)};
  futures[1].construction_delay_quarters = 1;
  return futures;
}

TEST(StochasticTest, AShellStartedForTheLateFutureStandsIdleInTheOnTimeOne) {
  auto d = [](int t) { return DiscountFactor(0.1, t); };
  // Serving Q3 and Q4 with a shell started in quarter `start` (0-based):
  // the shell, 1,000 chips installed in Q3, two quarters of energy, and
  // Q2's 1,000 unmet H100e.
  auto served = [&](int start) {
    return 1e6 * d(start) + 1e7 * d(2) + 1000 * kEnergy * (d(2) + d(3)) + 1e8 * d(1);
  };
  // B with nothing started in Q1: the shell starts in Q2 and is online in
  // Q4, so Q3's demand is unmet too and the chips wait a quarter.
  const double b_late = 1e6 * d(1) + 1e7 * d(3) + 1000 * kEnergy * d(3) + 1e8 * (d(1) + d(2));
  for (StochasticMethod method :
       {StochasticMethod::kExtensiveForm, StochasticMethod::kDecomposition}) {
    SCOPED_TRACE(StochasticMethodName(method));
    StochasticOptions options = FirstQuarterDecided();
    options.method = method;
    options.relative_gap = 1e-12;  // the decomposition: to the last dollar
    auto r = SolveStochastic(GridLate(), OnTimeOrLate(), Limits, options);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->status, SolveStatus::kOptimal);
    ASSERT_EQ(r->first_stage.size(), 1u);
    EXPECT_NEAR(r->first_stage[0].value, 1, 1e-6);
    EXPECT_NEAR(r->scenarios[0].cost_usd, served(0), 1e-3);
    EXPECT_NEAR(r->scenarios[1].cost_usd, served(0), 1e-3);
    EXPECT_NEAR(r->expected_cost_usd, served(0), 1e-3);
    // Knowing it is A, the shell would wait for Q2 (cheaper, discounted).
    EXPECT_NEAR(r->scenarios[0].wait_and_see_cost_usd, served(1), 1e-3);
    EXPECT_NEAR(r->evpi_usd, 0.5 * (served(0) - served(1)), 1e-3);
    // The mean future has A's delay: its plan waits for Q2, and B is late.
    EXPECT_NEAR(r->first_stage[0].mean_value_plan, 0, 1e-6);
    EXPECT_NEAR(r->scenarios[1].mean_value_first_stage_cost_usd, b_late, 1e-3);
    EXPECT_NEAR(r->vss_usd, 0.5 * (served(1) + b_late) - served(0), 1e-3);
    // In A (the reference plan: the first of equal probabilities) the MW
    // built in Q1 is online only once the grid is there.
    const auto& rows = r->reference_plan.site_quarters;
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_NEAR(rows[0].build_mw, 1, 1e-6);
    EXPECT_NEAR(rows[1].mw_online, 0, 1e-6);
    EXPECT_NEAR(rows[2].mw_online, 1, 1e-6);
    EXPECT_NEAR(r->scenarios[0].stranded_mw_quarters, 1, 1e-6);
    EXPECT_NEAR(r->scenarios[1].stranded_mw_quarters, 0, 1e-6);
    EXPECT_NEAR(StochasticToJson(*r)["scenarios"][0]["kpis"]["stranded_mw_quarters"], 1, 1e-6);
    EXPECT_EQ(r->bounds.feasibility_cuts, 0);
  }
}

TEST(StochasticTest, FirstStageIsOneColumnSharedByEveryScenario) {
  const Scenario base = Tiny();
  std::vector<BuiltModel> built;
  for (double demand : {1.0, 0.0, 2.0}) {
    StochasticScenario f = Future("f", 1.0 / 3, demand);
    f.construction_delay_quarters =
        demand > 1 ? 1 : 0;  // a different lead time changes rows, not first-stage columns
    auto b = BuildPlanModel(ApplyScenario(base, f), {}, {});
    ASSERT_TRUE(b.ok());
    built.push_back(std::move(*b));
  }
  std::vector<const BuiltModel*> models;
  std::vector<std::vector<bool>> first;
  for (const auto& b : built) {
    models.push_back(&b);
    first.push_back(FirstStageColumns(base, b, Q(2026, 2)));
  }
  const ExtensiveForm ef =
      StitchExtensiveForm(models, first, {1.0 / 3, 1.0 / 3, 1.0 / 3}, std::nullopt);
  ASSERT_EQ(ef.shared.size(), 2u);  // build[a,2026Q1], build[a,2026Q2]
  int total = 0;
  for (const auto& b : built) total += b.lp.num_columns();
  EXPECT_EQ(ef.lp.num_columns(), total - 2 * 2);
  for (size_t s = 0; s < built.size(); ++s) {
    const int q1 = built[s].index.build[built[s].index.SiteQuarter(0, 0)];
    const int q3 = built[s].index.build[built[s].index.SiteQuarter(0, 2)];
    EXPECT_EQ(ef.column_of[s][q1], ef.shared[0]);
    if (s > 0) {
      EXPECT_NE(ef.column_of[s][q3],
                ef.column_of[0][built[0].index.build[built[0].index.SiteQuarter(0, 2)]])
          << "a recourse column must not be shared";
    }
  }
  EXPECT_EQ(ef.lp.num_rows(),
            built[0].lp.num_rows() + built[1].lp.num_rows() + built[2].lp.num_rows());
}

TEST(StochasticTest, OneScenarioIsTheDeterministicPlan) {
  auto deterministic = MakePlan(Tiny(), {}, {});
  auto r = SolveStochastic(Tiny(), {Future("only", 1)}, Limits, FirstQuarterDecided());
  ASSERT_TRUE(r.ok() && deterministic.ok());
  EXPECT_NEAR(r->expected_cost_usd, deterministic->objective, 1e-6 * deterministic->objective);
  EXPECT_NEAR(r->evpi_usd, 0, 1);
  EXPECT_NEAR(r->vss_usd, 0, 1);
  EXPECT_NEAR(r->reference_plan.kpis.capex_usd, deterministic->kpis.capex_usd, 1);
}

TEST(StochasticTest, IdenticalScenariosHaveNoValueOfInformation) {
  auto r = SolveStochastic(Tiny(), {Future("a", 0.25, 0.7), Future("b", 0.75, 0.7)}, Limits,
                           FirstQuarterDecided());
  ASSERT_TRUE(r.ok());
  EXPECT_GT(r->expected_cost_usd, 1e6);
  EXPECT_NEAR(r->evpi_usd, 0, 1e-6 * r->expected_cost_usd);
  EXPECT_NEAR(r->vss_usd, 0, 1e-6 * r->expected_cost_usd);
}

TEST(StochasticTest, SampledScenariosKeepEvpiAndVssNonNegative) {
  PlanUncertainty u;
  u.demand = {0.2, 1.0, 2.0};
  u.supply = {0.3, 1.0, 1.1};
  u.chip_price = {0.8, 1.0, 1.5};
  u.construction_delay = {{0, 1, 2}, {0.5, 0.3, 0.2}};
  u.regime_change_probability = 0.3;
  u.regime_change_regimes = {"closed"};
  u.regime_change_from = Q(2026, 2);
  u.regime_change_to = Q(2026, 4);
  for (unsigned long long seed : {1ull, 2ull, 3ull}) {
    auto r = SolveStochastic(Tiny(), SampleScenarios(u, 6, seed), Limits, FirstQuarterDecided());
    ASSERT_TRUE(r.ok()) << r.status();
    const double tolerance = 1e-7 * r->expected_cost_usd;
    EXPECT_GE(r->evpi_usd, -tolerance) << "seed " << seed;
    EXPECT_GE(r->vss_usd, -tolerance) << "seed " << seed;
  }
}

TEST(StochasticTest, SamplingIsDeterministicBySeed) {
  PlanUncertainty u;
  u.demand = {0.5, 1.0, 1.5};
  u.grid_delay = {{0, 2}, {0.5, 0.5}};
  u.regime_change_probability = 0.5;
  u.regime_change_regimes = {"closed", "open"};
  u.regime_change_from = Q(2026, 1);
  u.regime_change_to = Q(2026, 4);
  auto a = SampleScenarios(u, 20, 7), b = SampleScenarios(u, 20, 7), c = SampleScenarios(u, 20, 8);
  ASSERT_EQ(a.size(), 20u);
  bool differs = false, some_change = false, some_none = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].demand_multiplier, b[i].demand_multiplier);
    EXPECT_EQ(a[i].regime_change_to, b[i].regime_change_to);
    EXPECT_EQ(a[i].regime_change_at, b[i].regime_change_at);
    EXPECT_EQ(a[i].grid_delay_quarters, b[i].grid_delay_quarters);
    EXPECT_DOUBLE_EQ(a[i].probability, 0.05);
    EXPECT_GE(a[i].demand_multiplier, 0.5);
    EXPECT_LE(a[i].demand_multiplier, 1.5);
    differs |= a[i].demand_multiplier != c[i].demand_multiplier;
    (a[i].regime_change_to.empty() ? some_none : some_change) = true;
  }
  EXPECT_TRUE(differs);
  EXPECT_TRUE(some_change && some_none);
  // The solve is deterministic too: the same scenarios give the same figures, bit for bit.
  auto r1 = SolveStochastic(Tiny(), SampleScenarios(u, 4, 7), Limits, FirstQuarterDecided());
  auto r2 = SolveStochastic(Tiny(), SampleScenarios(u, 4, 7), Limits, FirstQuarterDecided());
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(r1->expected_cost_usd, r2->expected_cost_usd);
  EXPECT_EQ(r1->vss_usd, r2->vss_usd);
  EXPECT_EQ(StochasticToJson(*r1)["scenarios"].dump(), StochasticToJson(*r2)["scenarios"].dump());
}

TEST(StochasticTest, ThreadCountDoesNotChangeAnyFigure) {
  PlanUncertainty u;
  u.demand = {0.3, 1.0, 1.8};
  u.construction_delay = {{0, 1}, {0.6, 0.4}};
  std::string first;
  for (int threads : {1, 2, 4}) {
    StochasticOptions options = FirstQuarterDecided();
    options.threads = threads;
    auto r = SolveStochastic(Tiny(), SampleScenarios(u, 5, 11), Limits, options);
    ASSERT_TRUE(r.ok()) << r.status();
    nlohmann::json j = StochasticToJson(*r);
    EraseTimings(&j);
    if (first.empty()) first = j.dump();
    EXPECT_EQ(j.dump(), first) << threads << " threads";
  }
}

TEST(StochasticTest, RegimeChangeClosesShipmentsFromItsQuarter) {
  auto futures = ComesOrNot();
  futures[1].demand_multiplier = 1;
  futures[1].regime_change_to = "closed";
  futures[1].regime_change_at = Q(2026, 3);
  auto r = SolveStochastic(Tiny(), futures, Limits, FirstQuarterDecided());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->scenarios[1].regime_label, "by_date then closed from 2026Q3");
  // Chips installed in Q2 stay; nothing arrives from Q3, which nothing needs here.
  EXPECT_NEAR(r->scenarios[1].unmet_h100e_quarters, 0, 1e-6);
  futures[1].regime_change_at = Q(2026, 2);
  r = SolveStochastic(Tiny(), futures, Limits, FirstQuarterDecided());
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->scenarios[1].unmet_h100e_quarters, 3000, 1e-6);
  EXPECT_NEAR(r->scenarios[0].unmet_h100e_quarters, 0, 1e-6);
}

TEST(StochasticTest, CvarOfTheWorstHalfIsTheWorstScenario) {
  StochasticOptions options = FirstQuarterDecided();
  options.risk = RiskMeasure{0.5, 1.0};
  auto r = SolveStochastic(Tiny(), ComesOrNot(), Limits, options);
  ASSERT_TRUE(r.ok()) << r.status();
  const double a_cost = 1e6 + 1e7 + 3000 * kEnergy;
  EXPECT_NEAR(r->cvar_usd, a_cost, 1);
  EXPECT_NEAR(r->objective_usd, a_cost, 1);  // weight 1: the objective is CVaR alone
  EXPECT_TRUE(StochasticToJson(*r).contains("cvar_usd"));
}

TEST(StochasticTest, RiskMeasureFlagIsParsedAndChecked) {
  auto ok = ParseRiskMeasure("cvar:0.9:0.25");
  ASSERT_TRUE(ok.ok());
  EXPECT_DOUBLE_EQ(ok->alpha, 0.9);
  EXPECT_DOUBLE_EQ(ok->weight, 0.25);
  EXPECT_FALSE(ParseRiskMeasure("cvar:1:0.5").ok());
  EXPECT_FALSE(ParseRiskMeasure("cvar:0.9:2").ok());
  EXPECT_FALSE(ParseRiskMeasure("var:0.9:0.5").ok());
  EXPECT_FALSE(ParseRiskMeasure("cvar:0.9").ok());
}

TEST(StochasticTest, BadOptionsAreRefused) {
  StochasticOptions options = FirstQuarterDecided();
  options.decide_until = Q(2027, 1);
  EXPECT_FALSE(SolveStochastic(Tiny(), ComesOrNot(), Limits, options).ok());
  EXPECT_FALSE(SolveStochastic(Tiny(), {}, Limits, FirstQuarterDecided()).ok());
  EXPECT_FALSE(SolveStochastic(Tiny(), {Future("a", 0.5)}, Limits, FirstQuarterDecided()).ok());
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

const std::vector<std::string> kRegimes = {"open", "closed"};

TEST(StochasticTest, ScenarioSetIsRead) {
  const auto path = WriteTemp("set_ok.yaml",
                              "scenarios:\n"
                              "  - name: closes\n"
                              "    probability: 0.3\n"
                              "    regime_change: {to: closed, at: 2026Q3}\n"
                              "    demand_multiplier: 1.2\n"
                              "    assumption: a rule like the January 2025 framework returns\n"
                              "  - name: stays\n"
                              "    probability: 0.7\n"
                              "    construction_delay_quarters: 2\n");
  std::vector<Diagnostic> diagnostics;
  auto set = LoadScenarioSet(path, Tiny(), kRegimes, &diagnostics);
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->size(), 2u);
  EXPECT_EQ((*set)[0].regime_change_to, "closed");
  EXPECT_EQ((*set)[0].regime_change_at, Q(2026, 3));
  EXPECT_DOUBLE_EQ((*set)[0].demand_multiplier, 1.2);
  EXPECT_EQ((*set)[1].construction_delay_quarters, 2);
  EXPECT_TRUE((*set)[1].regime_change_to.empty());
}

TEST(StochasticTest, ScenarioSetProblemsAreLocated) {
  struct Case {
    std::string text, expected_what;
    int line;
  };
  const std::vector<Case> cases = {
      {"scenarios:\n  - {name: a, probability: 0.3}\n  - {name: b, probability: 0.5}\n",
       "add up to 0.8", 2},
      {"scenarios:\n  - name: a\n    probability: 1\n    regime_change: {to: nowhere, at: "
       "2026Q2}\n",
       "regime 'nowhere' is not known", 4},
      {"scenarios:\n  - name: a\n    probability: 1\n    regime_change: {to: closed, at: 2031Q1}\n",
       "outside the horizon", 4},
      {"scenarios: []\n", "no scenarios", 1},
      {"scenarios:\n  - {name: a, probability: 1, demand_multipler: 2}\n", "demand_multipler", 2},
      {"scenarios: [\n", "YAML syntax error", 2},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto path = WriteTemp("set_bad_" + std::to_string(i) + ".yaml", cases[i].text);
    std::vector<Diagnostic> diagnostics;
    auto set = LoadScenarioSet(path, Tiny(), kRegimes, &diagnostics);
    ASSERT_FALSE(set.ok()) << cases[i].text;
    ASSERT_FALSE(diagnostics.empty());
    EXPECT_THAT(diagnostics[0].what, ::testing::HasSubstr(cases[i].expected_what)) << cases[i].text;
    EXPECT_EQ(diagnostics[0].location.line, cases[i].line) << cases[i].text;
    EXPECT_EQ(diagnostics[0].location.file, path);
  }
}

TEST(StochasticTest, DefaultUncertaintyFileLoadsAndEveryBlockIsSourced) {
  std::vector<Diagnostic> diagnostics;
  auto u = LoadPlanUncertainty(
      std::string(STARGATE_SOURCE_DIR) + "/data/plan-uncertainty.yaml",
      {"ai-diffusion-2025", "oct-2023", "post-rescission-2025", "partner-program"}, &diagnostics);
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_DOUBLE_EQ(u->regime_change_probability, 0.2);
  EXPECT_EQ(u->regime_change_regimes, std::vector<std::string>{"ai-diffusion-2025"});
  EXPECT_LT(u->demand.min, u->demand.max);
  EXPECT_EQ(u->construction_delay.quarters.size(), 4u);

  const auto bad = WriteTemp(
      "unc_bad.yaml",
      "demand_multiplier: {min: 1.2, mode: 1.0, max: 1.4}\n"
      "grid_delay_quarters: {quarters: [0, 1], probabilities: [0.5, 0.4], assumption: x}\n");
  diagnostics.clear();
  EXPECT_FALSE(LoadPlanUncertainty(bad, {}, &diagnostics).ok());
  std::string all;
  for (const auto& d : diagnostics) all += d.ToString() + "\n";
  EXPECT_THAT(all, ::testing::HasSubstr("out of order"));
  EXPECT_THAT(all, ::testing::HasSubstr("neither source nor assumption"));
  EXPECT_THAT(all, ::testing::HasSubstr("add up to 0.9"));
}

TEST(StochasticTest, MeanScenarioAveragesAndTakesTheLikeliestRegimePath) {
  auto futures = ComesOrNot();
  futures[0].construction_delay_quarters = 3;
  futures[1].construction_delay_quarters = 2;
  futures[1].regime_change_to = "closed";
  futures[1].regime_change_at = Q(2026, 2);
  futures.push_back(Future("C", 0, 1));
  futures[2].construction_delay_quarters = 2;
  futures[0].probability = 0.4;
  futures[1].probability = 0.6;
  const StochasticScenario mean = MeanScenario(futures);
  EXPECT_NEAR(mean.demand_multiplier, 0.4, 1e-12);
  EXPECT_EQ(mean.construction_delay_quarters, 2);  // the earliest, not the mean
  EXPECT_EQ(mean.regime_change_to, "closed");
}

// R processes in one: each "rank" runs SolveStochastic on its own thread and
// every collective meets at a barrier (reusable: the decomposition gathers
// and broadcasts once per iteration), so the dealing of the solves over
// ranks and the packing of their figures are tested without mpirun (and
// under ASan).
class InProcessGroup {
 public:
  explicit InProcessGroup(int size) : size_(size), parts_(size) {}

  class Member : public SolveGroup {
   public:
    Member(InProcessGroup* group, int rank) : group_(group), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return group_->size_; }
    absl::StatusOr<std::vector<double>> GatherToRoot(const std::vector<double>& mine) override {
      std::vector<double> all = group_->Meet(rank_, mine, /*gather=*/true);
      if (rank_ != 0) return std::vector<double>();
      return all;
    }
    absl::StatusOr<std::vector<double>> BroadcastFromRoot(
        const std::vector<double>& values) override {
      return group_->Meet(rank_, values, /*gather=*/false);
    }

   private:
    InProcessGroup* group_;
    int rank_;
  };

 private:
  // The last member to arrive makes the result (every part concatenated, or
  // rank 0's) and opens the next round.
  std::vector<double> Meet(int rank, const std::vector<double>& mine, bool gather) {
    std::unique_lock<std::mutex> lock(mutex_);
    const long long round = round_;
    parts_[rank] = mine;
    if (++arrived_ == size_) {
      result_.clear();
      for (int r = 0; r < (gather ? size_ : 1); ++r)
        result_.insert(result_.end(), parts_[r].begin(), parts_[r].end());
      arrived_ = 0;
      ++round_;
      all_in_.notify_all();
    } else {
      all_in_.wait(lock, [&] { return round_ != round; });
    }
    return result_;
  }

  int size_;
  std::vector<std::vector<double>> parts_;
  std::vector<double> result_;
  int arrived_ = 0;
  long long round_ = 0;
  std::mutex mutex_;
  std::condition_variable all_in_;
};

// SolveStochastic on `ranks` in-process ranks at once: each rank's result.
std::vector<absl::StatusOr<StochasticResult>> SolveOnRanks(
    int ranks, const std::vector<StochasticScenario>& futures, const StochasticOptions& options) {
  InProcessGroup group(ranks);
  std::vector<std::unique_ptr<InProcessGroup::Member>> members;
  std::vector<absl::StatusOr<StochasticResult>> results(ranks, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    members.push_back(std::make_unique<InProcessGroup::Member>(&group, r));
    threads.emplace_back([&, r] {
      StochasticOptions on_rank = options;
      on_rank.group = members[r].get();
      results[r] = SolveStochastic(Tiny(), futures, Limits, on_rank);
    });
  }
  for (auto& t : threads) t.join();
  return results;
}

// Five futures of uncertain demand and construction delay (seed 11).
std::vector<StochasticScenario> FiveSampledFutures() {
  PlanUncertainty u;
  u.demand = {0.3, 1.0, 1.8};
  u.construction_delay = {{0, 1}, {0.6, 0.4}};
  return SampleScenarios(u, 5, 11);
}

// The block and first_stage.csv's figures without the timings (the
// mean-value plan's column comes from the rank that solved the mean-value
// problem), for comparing runs byte for byte.
std::string FiguresOf(const StochasticResult& r) {
  nlohmann::json j = StochasticToJson(r);
  EraseTimings(&j);
  for (const auto& d : r.first_stage) j["first_stage"].push_back({d.value, d.mean_value_plan});
  return j.dump();
}

TEST(StochasticTest, RanksGiveTheFiguresOfOneProcess) {
  const auto futures = FiveSampledFutures();
  auto alone = SolveStochastic(Tiny(), futures, Limits, FirstQuarterDecided());
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_GT(alone->wait_and_see_cost_usd, 0);
  double mean_plan = 0;
  for (const auto& d : alone->first_stage) mean_plan += d.mean_value_plan;
  EXPECT_GT(mean_plan, 0) << "the mean-value plan starts some construction";
  for (int ranks : {2, 3, 4}) {
    const auto results = SolveOnRanks(ranks, futures, FirstQuarterDecided());
    ASSERT_TRUE(results[0].ok()) << results[0].status();
    EXPECT_TRUE(results[0]->root);
    EXPECT_EQ(FiguresOf(*results[0]), FiguresOf(*alone)) << ranks << " ranks";
    for (int r = 1; r < ranks; ++r) {
      ASSERT_TRUE(results[r].ok()) << results[r].status();
      EXPECT_FALSE(results[r]->root) << "rank " << r << " holds no result";
    }
  }
}

}  // namespace
}  // namespace stargate::plan

namespace stargate::plan {
namespace {

StochasticOptions Decomposed(StochasticOptions options = FirstQuarterDecided()) {
  options.method = StochasticMethod::kDecomposition;
  options.relative_gap = 1e-7;
  return options;
}

// The figures both methods must agree on, to a relative tolerance.
void ExpectSameFigures(const StochasticResult& ef, const StochasticResult& dec, double tol) {
  // Relative to the expected cost: EVPI and VSS are differences of costs.
  auto near = [&](double a, double b, const std::string& what) {
    EXPECT_NEAR(a, b, tol * std::max(1.0, std::fabs(ef.expected_cost_usd))) << what;
  };
  near(ef.expected_cost_usd, dec.expected_cost_usd, "expected");
  near(ef.objective_usd, dec.objective_usd, "objective");
  near(ef.wait_and_see_cost_usd, dec.wait_and_see_cost_usd, "wait-and-see");
  near(ef.evpi_usd, dec.evpi_usd, "evpi");
  near(ef.vss_usd, dec.vss_usd, "vss");
  near(ef.cvar_usd, dec.cvar_usd, "cvar");
  ASSERT_EQ(ef.first_stage.size(), dec.first_stage.size());
  ASSERT_EQ(ef.scenarios.size(), dec.scenarios.size());
}

TEST(StochasticDecompositionTest, TwoScenariosReachTheHandComputedHedge) {
  auto r = SolveStochastic(Tiny(), ComesOrNot(), Limits, Decomposed());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->status, SolveStatus::kOptimal);
  EXPECT_EQ(r->method, StochasticMethod::kDecomposition);
  const double a_cost = 1e6 + 1e7 + 3000 * kEnergy;
  EXPECT_NEAR(r->expected_cost_usd, 0.5 * a_cost + 0.5e6, 1);
  EXPECT_NEAR(r->evpi_usd, 0.5e6, 1);
  ASSERT_EQ(r->first_stage.size(), 1u);
  EXPECT_NEAR(r->first_stage[0].value, 1, 1e-6);
  // The bounds met (to CLP's tolerances, 1e-9 relative): the lower bound is
  // the master's, the upper the plan's.
  EXPECT_LE(r->bounds.lower_bound_usd, r->bounds.upper_bound_usd * (1 + 1e-9));
  EXPECT_LE(r->bounds.gap, 1e-7);
  EXPECT_GE(r->bounds.iteration, 2) << "the mean-value start (0.5 MW) is not optimal";
  EXPECT_EQ(r->bounds.stopped_because, "gap reached");
  EXPECT_GT(r->bounds.master_seconds, 0) << "the master was solved at least once";
  EXPECT_GT(r->bounds.subproblem_seconds, 0);
  const auto j = StochasticToJson(*r);
  EXPECT_EQ(j["method"]["name"], "decomposition");
  EXPECT_EQ(j["method"]["iterations"], r->bounds.iteration);
  EXPECT_EQ(j["method"]["stopped_because"], "gap reached");
}

TEST(StochasticDecompositionTest, SampledScenariosMatchTheExtensiveForm) {
  PlanUncertainty u;
  u.demand = {0.3, 1.0, 1.8};
  u.supply = {0.5, 1.0, 1.2};
  u.construction_delay = {{0, 1, 2}, {0.5, 0.3, 0.2}};
  for (bool risk : {false, true}) {
    StochasticOptions options = FirstQuarterDecided();
    options.decide_until = Q(2026, 2);
    if (risk) options.risk = RiskMeasure{0.8, 0.5};
    const auto futures = SampleScenarios(u, 6, 3);
    auto ef = SolveStochastic(Tiny(), futures, Limits, options);
    auto dec = SolveStochastic(Tiny(), futures, Limits, Decomposed(options));
    ASSERT_TRUE(ef.ok()) << ef.status();
    ASSERT_TRUE(dec.ok()) << dec.status();
    ASSERT_EQ(dec->status, SolveStatus::kOptimal);
    // The objective within the gap; with CVaR the expectation and the tail
    // of two near-optimal plans may trade a little more.
    EXPECT_NEAR(ef->objective_usd, dec->objective_usd, 1e-6 * ef->objective_usd);
    ExpectSameFigures(*ef, *dec, 1e-5);
    for (size_t i = 0; i < ef->first_stage.size(); ++i)
      EXPECT_NEAR(ef->first_stage[i].value, dec->first_stage[i].value, 1e-4) << i;
  }
}

// Recourse is not complete: x (first stage, 0..10, worth 5 a unit) needs
// y >= x of recourse, and y is capped at 3 in one future and 5 in the other.
// The first point, x = 10, is infeasible in both; the master must learn
// x <= 3 from the subproblems' Farkas rays. Optimum: x = y = 3, cost -12.
TEST(StochasticDecompositionTest, InfeasibleSubproblemGivesAFeasibilityCut) {
  auto model = [](double y_max) {
    LpModel m;
    const int f = m.AddFamily("f");
    const int x = m.AddColumn({0, 10, -5, false, f}, "x");
    const int y = m.AddColumn({0, y_max, 1, false, f}, "y");
    const int r = m.AddRow({0, kInfinity, f}, "cover");
    m.AddCoefficient(r, y, 1);
    m.AddCoefficient(r, x, -1);
    return m;
  };
  const LpModel a = model(3), b = model(5);
  DecompositionInput in;
  in.models = {&a, &b};
  in.first_stage = {{true, false}, {true, false}};
  in.probabilities = {0.5, 0.5};
  in.lower_bounds = {-100, -100};
  in.start = {{"x", 10}};
  in.relative_gap = 1e-9;
  int calls = 0;
  in.progress = [&](const DecompositionProgress&) { ++calls; };
  auto r = SolveByDecomposition(in);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->status, SolveStatus::kOptimal);
  EXPECT_GE(r->last.feasibility_cuts, 2) << "both subproblems refuse x = 10";
  EXPECT_EQ(calls, r->last.iteration);
  EXPECT_NEAR(r->last.upper_bound_usd, -12 * kUsdScale, 1);
  EXPECT_NEAR(r->last.lower_bound_usd, -12 * kUsdScale, 1);
  ASSERT_EQ(r->x.size(), 2u);
  EXPECT_NEAR(r->x[0][0], 3, 1e-6);
  EXPECT_NEAR(r->x[1][0], 3, 1e-6);
  EXPECT_NEAR(r->x[1][1], 3, 1e-6);
  EXPECT_EQ(r->last.stopped_because, "gap reached");

  // Stopped after the first point, which no future can carry out: no plan,
  // and the reason is the limit.
  in.max_iterations = 1;
  auto cut_short = SolveByDecomposition(in);
  ASSERT_TRUE(cut_short.ok()) << cut_short.status();
  EXPECT_EQ(cut_short->last.iteration, 1);
  EXPECT_EQ(cut_short->last.stopped_because, "iteration limit");
  EXPECT_NE(cut_short->status, SolveStatus::kOptimal);
}

// No first stage suits every future: the master becomes infeasible and the
// decomposition says so instead of looping.
TEST(StochasticDecompositionTest, NoFeasibleFirstStageIsInfeasible) {
  LpModel m;
  const int f = m.AddFamily("f");
  const int x = m.AddColumn({1, 10, 0, false, f}, "x");
  const int y = m.AddColumn({0, 0.5, 1, false, f}, "y");
  const int r = m.AddRow({0, kInfinity, f}, "cover");
  m.AddCoefficient(r, y, 1);
  m.AddCoefficient(r, x, -1);
  DecompositionInput in;
  in.models = {&m};
  in.first_stage = {{true, false}};
  in.probabilities = {1};
  in.lower_bounds = {-100};
  auto out = SolveByDecomposition(in);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->status, SolveStatus::kInfeasible);
}

TEST(StochasticDecompositionTest, RanksAndThreadsGiveTheFiguresOfOneProcess) {
  const auto futures = FiveSampledFutures();
  auto alone = SolveStochastic(Tiny(), futures, Limits, Decomposed());
  ASSERT_TRUE(alone.ok()) << alone.status();
  for (int threads : {1, 3}) {
    StochasticOptions options = Decomposed();
    options.threads = threads;
    auto r = SolveStochastic(Tiny(), futures, Limits, options);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(FiguresOf(*r), FiguresOf(*alone)) << threads << " threads";
  }
  for (int ranks : {2, 3}) {
    const auto results = SolveOnRanks(ranks, futures, Decomposed());
    ASSERT_TRUE(results[0].ok()) << results[0].status();
    EXPECT_EQ(FiguresOf(*results[0]), FiguresOf(*alone)) << ranks << " ranks";
    for (int r = 1; r < ranks; ++r) ASSERT_TRUE(results[r].ok()) << results[r].status();
  }
}

}  // namespace
}  // namespace stargate::plan
