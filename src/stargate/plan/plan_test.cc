// The planner on tiny instances whose optimum is computed by hand.
#include "stargate/plan/plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "stargate/plan/plan_json.h"
#include "stargate/scenario/generator.h"
#include "stargate/scenario/scenario.h"

namespace stargate::plan {
namespace {

Quarter Q(int y, int n) { return Quarter::FromYearAndNumber(y, n); }

// One US site (10 MW grid, lead 1 quarter, PUE 1, $1M/MW), one accelerator
// of exactly one H100e (1 kW, $10,000), 1,000 H100e wanted 2026Q2..Q4,
// electricity $100/MWh, no discounting.
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
  us.grid_gco2_per_kwh = 400;
  s.countries.push_back(us);
  Country de = us;
  de.iso2 = "DE";
  de.data_protection_zone = "EU";
  s.countries.push_back(de);
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

constexpr double kEnergyPerUnitQuarter = 1.0 * kHoursPerQuarter / 1000.0 * 100;  // $219.15

TEST(PlanTest, TinyInstanceHasTheHandComputedOptimum) {
  auto plan = MakePlan(Tiny(), {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->status, SolveStatus::kOptimal);
  // 1 MW shell ($1M) + 1,000 chips ($10M) + 3 quarters of energy for 1,000 units.
  const double expected = 1e6 + 1e7 + 3 * 1000 * kEnergyPerUnitQuarter;
  EXPECT_NEAR(plan->objective, expected, 1e-3 * 1000);
  EXPECT_NEAR(plan->kpis.capex_usd, 1.1e7, 1);
  EXPECT_NEAR(plan->kpis.energy_mwh, 3 * 1000 * kHoursPerQuarter / 1000.0, 1e-3);
  EXPECT_NEAR(plan->kpis.co2_tonnes, plan->kpis.energy_mwh * 0.4, 1e-3);
  EXPECT_TRUE(plan->unmet.empty());
  // Built in 2026Q1, online from 2026Q2.
  ASSERT_EQ(plan->site_quarters.size(), 4u);
  EXPECT_NEAR(plan->site_quarters[0].build_mw, 1, 1e-6);
  EXPECT_NEAR(plan->site_quarters[1].mw_online, 1, 1e-6);
  EXPECT_NEAR(plan->kpis.gw_online_by_quarter["2026Q4"], 0.001, 1e-9);
  // US sites ship nothing abroad.
  EXPECT_TRUE(plan->shipments.empty());
}

// Tiny plus a cheaper site in a country Freedom House does not rate Free,
// and demand that may be served anywhere.
Scenario TinyWithUnfreeSite() {
  Scenario s = Tiny();
  s.countries[0].freedom_score = 84;  // US
  Country unfree = s.countries[0];
  unfree.iso2 = "UF";
  unfree.data_protection_zone = "UF";
  unfree.freedom_score = 20;
  s.countries.push_back(unfree);
  Site b = s.sites[0];
  b.id = "b";
  b.name = "Site B";
  b.country = "UF";
  b.shell_capex_usd_per_mw = 0.5e6;
  s.sites.push_back(b);
  s.demand[0].residency = Residency::kAnywhere;
  return s;
}

TEST(PlanTest, ValuesSharesFollowWhereTheComputeIs) {
  auto plan = MakePlan(TinyWithUnfreeSite(), {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->status, SolveStatus::kOptimal);
  // All 1,000 H100e at the cheaper site, outside the Free countries.
  const auto& k = plan->kpis;
  EXPECT_EQ(k.free_min_freedom_score, 70);
  ASSERT_EQ(k.free_compute_share_by_year.count(2026), 1u);
  EXPECT_DOUBLE_EQ(k.free_compute_share_by_year.at(2026), 0.0);
  EXPECT_DOUBLE_EQ(k.compute_share_by_zone_year.at("UF").at(2026), 1.0);
  EXPECT_EQ(k.compute_share_by_zone_year.count("US"), 0u);
  EXPECT_EQ(k.freedom_constraint_cost, 0);
  const auto json = KpisToJson(k);
  EXPECT_EQ(json["free_compute_share_by_year"]["2026"].get<double>(), 0.0);
  EXPECT_EQ(json["compute_share_by_zone_year"]["UF"]["2026"].get<double>(), 1.0);
}

TEST(PlanTest, MinimumFreedomScoreMovesHostingAndCostsTheHandComputedDifference) {
  Scenario s = TinyWithUnfreeSite();
  auto free_to_choose = MakePlan(s, {}, {});
  s.options.min_freedom_score = 70;
  auto strict = MakePlan(s, {}, {});
  ASSERT_TRUE(free_to_choose.ok() && strict.ok());
  ASSERT_EQ(strict->status, SolveStatus::kOptimal);
  // 1 MW at the US site instead of the cheaper one: $0.5M more, all else equal.
  EXPECT_NEAR(strict->objective - free_to_choose->objective, 0.5e6, 1);
  EXPECT_NEAR(strict->kpis.freedom_constraint_cost, 0.5e6, 1);
  EXPECT_EQ(strict->kpis.min_freedom_score, 70);
  EXPECT_DOUBLE_EQ(strict->kpis.free_compute_share_by_year.at(2026), 1.0);
  EXPECT_TRUE(strict->unmet.empty());
  // A demand row's own minimum does the same without the scenario's.
  s.options.min_freedom_score = 0;
  s.demand[0].min_freedom_score = 50;
  auto row = MakePlan(s, {}, {});
  ASSERT_TRUE(row.ok());
  EXPECT_NEAR(row->objective, strict->objective, 1e-6 * strict->objective);
  EXPECT_NEAR(row->kpis.freedom_constraint_cost, 0.5e6, 1);
  // A minimum every host meets adds no row and costs nothing.
  s.demand[0].min_freedom_score = 10;
  auto loose = MakePlan(s, {}, {});
  ASSERT_TRUE(loose.ok());
  EXPECT_EQ(loose->kpis.freedom_constraint_cost, 0);
  EXPECT_NEAR(loose->objective, free_to_choose->objective, 1e-6 * loose->objective);
}

TEST(PlanTest, MinimumFreedomScoreIsPricedByItsDual) {
  // Demand that only an unfree host may serve (residency in its zone): the
  // minimum leaves it unmet, and one more H100e-quarter served there is worth
  // the unmet penalty less the cost of serving it.
  Scenario s = TinyWithUnfreeSite();
  s.sites.erase(s.sites.begin());  // only the unfree site
  s.demand[0].country = "UF";
  s.demand[0].residency = Residency::kInCountry;
  s.options.min_freedom_score = 70;
  auto plan = MakePlan(s, {}, {});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->status, SolveStatus::kOptimal);
  EXPECT_NEAR(plan->kpis.unmet_h100e_quarters, 3000, 1e-6);
  const Binding* freedom = nullptr;
  for (const auto& b : plan->binding) {
    if (b.family == "freedom") freedom = &b;
  }
  ASSERT_NE(freedom, nullptr);
  EXPECT_EQ(freedom->name, "freedom[UF#0]");
  EXPECT_GT(freedom->value_per_unit, 0);
  EXPECT_LE(freedom->value_per_unit, 1e5);
  // Its total cost: 3,000 unmet H100e-quarters at $100,000, less what
  // serving them would have cost (1 MW at $0.5M, 1,000 chips, their energy).
  const double serving = 0.5e6 + 1e7 + 3 * 1000 * kEnergyPerUnitQuarter;
  EXPECT_NEAR(plan->kpis.freedom_constraint_cost, 3000 * 1e5 - serving, 1e-3 * serving);
  // The diagnosis names the minimum as what leaves the demand unmet.
  ASSERT_FALSE(plan->diagnosis.empty());
  EXPECT_THAT(plan->diagnosis[0],
              ::testing::HasSubstr("limited by the minimum freedom score for hosting (70)"));
}

TEST(PlanTest, CbcGivesTheSameObjectiveAsClp) {
  PlanOptions options;
  options.solve.solver = SolverKind::kCbc;
  auto cbc = MakePlan(Tiny(), {}, options);
  auto clp = MakePlan(Tiny(), {}, {});
  ASSERT_TRUE(cbc.ok() && clp.ok());
  EXPECT_EQ(cbc->solver, "cbc");
  EXPECT_NEAR(cbc->objective, clp->objective, 1e-6 * clp->objective);
}

TEST(PlanTest, ExportCapBindsAndItsValueIsHandComputed) {
  Scenario s = Tiny();
  s.sites[0].country = "DE";
  s.demand[0].country = "DE";
  ExportLimits limits;
  limits.caps.push_back(CapLimit{.id = "test/cap/DE",
                                 .country = "DE",
                                 .from = Q(2026, 1),
                                 .to = Q(2026, 4),
                                 .accelerators = {"X"},
                                 .remaining_tpp = 600 * kH100Tpp});
  auto plan = MakePlan(s, limits, {});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->status, SolveStatus::kOptimal);
  // 600 installed; 400 H100e unmet in each of 3 quarters.
  EXPECT_NEAR(plan->kpis.unmet_h100e_quarters_by_country["DE"], 1200, 1e-6);
  ASSERT_EQ(plan->shipments.size(), 1u);
  EXPECT_EQ(plan->shipments[0].quantity, 600);
  EXPECT_EQ(plan->shipments[0].destination, "DE");
  EXPECT_EQ(plan->shipments[0].date, "2026-04-01");
  // One more H100e of cap: 3 quarters of penalty saved, less the chip, its
  // energy and 1 kW of shell.
  const double value = 3 * 1e5 - 10000 - 3 * kEnergyPerUnitQuarter - 1e6 / 1000;
  ASSERT_FALSE(plan->binding.empty());
  EXPECT_EQ(plan->binding[0].family, "cap");
  EXPECT_NEAR(plan->binding[0].value_per_unit, value, 1e-3);
  EXPECT_THAT(plan->binding[0].sentence,
              ::testing::HasSubstr("one more H100e under export cap test/cap/DE"));
  ASSERT_EQ(plan->diagnosis.size(), 1u);
  EXPECT_THAT(
      plan->diagnosis[0],
      ::testing::HasSubstr(
          "DE: 1,200 H100e-quarters unmet (2026Q2..2026Q4), limited by export caps test/cap/DE"));
}

TEST(PlanTest, ForbiddenShipmentsGetNoVariables) {
  Scenario s = Tiny();
  s.sites[0].country = "DE";
  s.demand[0].country = "DE";
  ExportLimits limits;
  limits.allowed = [](const Site&, const std::string&, Quarter) { return false; };
  auto plan = MakePlan(s, limits, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->installs.empty());
  ASSERT_EQ(plan->diagnosis.size(), 1u);
  EXPECT_THAT(plan->diagnosis[0],
              ::testing::HasSubstr("no accelerator may be shipped to its sites"));
}

TEST(PlanTest, MilpOpensTheSiteAtItsMinimumSize) {
  Scenario s = Tiny();
  s.sites[0].fixed_cost_usd = 5e6;
  s.sites[0].min_build_mw = 2;
  PlanOptions options;
  options.build.milp = true;
  options.build.build_block_mw = 1;
  auto plan = MakePlan(s, {}, options);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->solver, "cbc");
  EXPECT_EQ(plan->status, SolveStatus::kOptimal);
  const double expected = 5e6 + 2e6 + 1e7 + 3 * 1000 * kEnergyPerUnitQuarter;
  EXPECT_NEAR(plan->objective, expected, 1);
}

TEST(PlanTest, ResidencyWithNoSiteIsExplained) {
  Scenario s = Tiny();
  s.demand[0].country = "DE";  // in_country, but the only site is in the US
  auto plan = MakePlan(s, {}, {});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->diagnosis.size(), 1u);
  EXPECT_THAT(plan->diagnosis[0],
              ::testing::HasSubstr("no site satisfies its residency (in_country)"));
}

TEST(PlanTest, InfeasibleModelNamesTheConstraintFamily) {
  Scenario s = Tiny();
  s.sites[0].existing_mw = 5;
  s.sites[0].grid_schedule = {{Q(2026, 1), 2}};  // 5 MW already built on a 2 MW grid
  auto plan = MakePlan(s, {}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->status, SolveStatus::kInfeasible);
  ASSERT_FALSE(plan->diagnosis.empty());
  EXPECT_THAT(plan->diagnosis[0], ::testing::HasSubstr("the grid constraints cannot all hold"));
}

TEST(PlanTest, ComputeObjectiveRespectsTheBudget) {
  Scenario s = Tiny();
  s.options.budget_usd = 500 * 11000.0;  // 500 chips with their 1 kW of shell each
  PlanOptions options;
  options.build.objective = Objective::kCompute;
  auto plan = MakePlan(s, {}, options);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->status, SolveStatus::kOptimal);
  // $11,000 per H100e (chip + 1 kW of shell): 500 H100e for 3 quarters.
  EXPECT_NEAR(plan->objective, 1500, 1e-6);
  EXPECT_LE(plan->kpis.capex_usd, s.options.budget_usd + 1);
}

// served + unmet = demand on every demand row and quarter, service never
// above demand, and the KPIs the sums of those rows: on generated scenarios
// under both objectives.
void ExpectDemandInvariants(const Scenario& s, const Plan& plan) {
  ASSERT_FALSE(plan.demand.empty());
  double demand = 0, served = 0, unmet = 0;
  for (const auto& row : plan.demand) {
    const double tolerance = 1e-6 * std::max(1.0, row.demand_h100e);
    EXPECT_NEAR(row.served_h100e + row.unmet_h100e, row.demand_h100e, tolerance)
        << row.country << " " << row.quarter.ToString();
    EXPECT_LE(row.served_h100e, row.demand_h100e + tolerance)
        << row.country << " " << row.quarter.ToString();
    EXPECT_DOUBLE_EQ(row.demand_h100e, s.demand[row.demand].H100eAt(row.quarter));
    demand += row.demand_h100e;
    served += row.served_h100e;
    unmet += row.unmet_h100e;
  }
  double wanted = 0;
  for (const auto& d : s.demand) {
    for (int t = 0; t < s.num_quarters(); ++t) wanted += d.H100eAt(s.start + t);
  }
  const auto& k = plan.kpis;
  EXPECT_NEAR(k.demand_h100e_quarters, wanted, 1e-6 * wanted);
  EXPECT_DOUBLE_EQ(k.demand_h100e_quarters, demand);
  EXPECT_DOUBLE_EQ(k.served_h100e_quarters, served);
  EXPECT_DOUBLE_EQ(k.unmet_h100e_quarters, unmet);
  EXPECT_NEAR(k.served_h100e_quarters + k.unmet_h100e_quarters, k.demand_h100e_quarters,
              1e-6 * k.demand_h100e_quarters);
  EXPECT_DOUBLE_EQ(k.served_share, served / demand);
  double served_table = 0, unmet_table = 0, unmet_by_country = 0;
  for (const auto& r : plan.served) served_table += r.h100e;
  for (const auto& r : plan.unmet) unmet_table += r.h100e;
  for (const auto& [c, v] : k.unmet_h100e_quarters_by_country) unmet_by_country += v;
  EXPECT_NEAR(served_table, served, 1e-6 * std::max(1.0, served));
  EXPECT_NEAR(unmet_table, unmet, 1e-6 * std::max(1.0, unmet));
  EXPECT_NEAR(unmet_by_country, unmet, 1e-6 * std::max(1.0, unmet));
  // plan.json carries the same figures.
  const auto json = KpisToJson(k);
  EXPECT_EQ(json["served_share"].get<double>(), k.served_share);
  EXPECT_EQ(json["unmet_h100e_quarters"].get<double>(), k.unmet_h100e_quarters);
}

class GeneratedScenarioTest : public ::testing::TestWithParam<Objective> {};

TEST_P(GeneratedScenarioTest, ServedPlusUnmetIsDemandOnEveryRow) {
  for (uint64_t seed : {1u, 7u}) {
    auto yaml = GenerateScenarioYaml(
        {.sites = 8, .types = 4, .quarters = 12, .countries = 10, .seed = seed});
    ASSERT_TRUE(yaml.ok());
    auto s = LoadScenarioFromText(*yaml, "generated.yaml");
    ASSERT_TRUE(s.ok()) << s.status().message();
    PlanOptions options;
    options.build.objective = GetParam();
    if (options.build.objective == Objective::kCompute) s->options.budget_usd = 5e9;
    auto plan = MakePlan(*s, {}, options);
    ASSERT_TRUE(plan.ok());
    ASSERT_EQ(plan->status, SolveStatus::kOptimal);
    ExpectDemandInvariants(*s, *plan);
    // The objective's parts add up to the objective under the cost objective.
    if (options.build.objective == Objective::kCost) {
      double sum = 0;
      for (const auto& [term, usd] : plan->kpis.objective_usd_by_term) sum += usd;
      EXPECT_NEAR(sum, plan->objective, 1e-6 * plan->objective);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Objectives, GeneratedScenarioTest,
                         ::testing::Values(Objective::kCost, Objective::kCompute));

TEST(PlanTest, ComputeObjectiveNeverServesMoreThanDemand) {
  Scenario s = Tiny();
  s.options.budget_usd = 5000 * 11000.0;  // enough for 5x the demand
  PlanOptions options;
  options.build.objective = Objective::kCompute;
  auto plan = MakePlan(s, {}, options);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->status, SolveStatus::kOptimal);
  EXPECT_NEAR(plan->objective, 3000, 1e-6);  // 1,000 H100e for 3 quarters, no more
  EXPECT_NEAR(plan->kpis.served_share, 1.0, 1e-9);
  ExpectDemandInvariants(s, *plan);
}

TEST(PlanTest, UnmetDemandIsValuedAtLostRevenueWithoutAPenalty) {
  Scenario s = Tiny();
  s.options.unmet_penalty_usd_per_h100e = 0;
  s.options.gpu_hour_price_usd = 2.0;
  s.options.utilization = 0.5;
  auto plan = MakePlan(s, {}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_NEAR(plan->kpis.unmet_value_usd_per_h100e_quarter, 2.0 * kHoursPerQuarter * 0.5, 1e-9);
}

TEST(PlanTest, MilpPlanKeepsTheDemandInvariants) {
  Scenario s = Tiny();
  s.sites[0].fixed_cost_usd = 1e6;
  s.sites[0].min_build_mw = 2;
  PlanOptions options;
  options.build.milp = true;
  options.solve.solver = SolverKind::kCbc;
  auto plan = MakePlan(s, {}, options);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->no_solution);
  ExpectDemandInvariants(s, *plan);
}

}  // namespace
}  // namespace stargate::plan
