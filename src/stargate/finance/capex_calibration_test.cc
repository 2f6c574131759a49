#include <gtest/gtest.h>

#include <filesystem>

#include "stargate/finance/finance.h"
#include "stargate/plan/plan.h"
#include "stargate/scenario/scenario.h"

namespace stargate::finance {
namespace {

// Chips are money at their installed cost (price_usd x the scenario's
// system_cost_factor) in every output, and that puts a GW of the default
// scenario's GB300 class near the public all-in anchors (docs/finance.md,
// "Calibration": ~$50B per GW, NVIDIA; >$40B, Altman; ~$46B, Abilene).

Scenario DefaultScenario() {
  const auto path =
      std::filesystem::path(STARGATE_SOURCE_DIR) / "data" / "scenarios" / "stargate-global.yaml";
  auto scenario = LoadScenario(path);
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  return scenario.ok() ? *std::move(scenario) : Scenario{};
}

TEST(CapexCalibrationTest, AGigawattOfGb300CostsWhatThePublicAnchorsSay) {
  const Scenario scenario = DefaultScenario();
  const Accelerator* gb300 = scenario.FindAccelerator("GB300");
  const Site* abilene = scenario.FindSite("abilene-tx");
  ASSERT_NE(gb300, nullptr);
  ASSERT_NE(abilene, nullptr);
  // One GW of facility at Abilene, filled with the GB300s it powers at its PUE,
  // costed by finance (the cash flows' capex), not by arithmetic in the test.
  const double mw = 1000;
  const double units = mw * 1000 / (gb300->power_kw * abilene->pue);
  const Quarter start = scenario.start + 4;
  plan::Plan plan;
  plan.scenario_id = scenario.id;
  plan.status = plan::SolveStatus::kOptimal;
  for (int t = 0; t <= abilene->lead_quarters; ++t) {
    const double online = t == abilene->lead_quarters ? mw : 0;
    plan.site_quarters.push_back({abilene->id, abilene->country, start + t, t == 0 ? mw : 0, online,
                                  abilene->grid_mw_max, online});
  }
  const Quarter delivered = start + abilene->lead_quarters;
  plan.installs.push_back({abilene->id, abilene->country, gb300->id, delivered, units, units});
  auto report = AnalyzePlan(scenario, plan, FinanceAssumptions{});
  ASSERT_TRUE(report.ok()) << report.status().message();
  const double per_gw = report->totals.facility_capex_usd + report->totals.chip_capex_usd;
  EXPECT_GE(per_gw, 40e9) << "all-in capex per GW below Altman's 'more than $40B'";
  EXPECT_LE(per_gw, 60e9) << "all-in capex per GW above the top of the public range";
  // The chips are priced installed: the system is in, not only the rack share.
  EXPECT_GT(scenario.options.system_cost_factor, 1.0);
  EXPECT_NEAR(report->totals.chip_capex_usd, units * gb300->InstalledCostUsd(), 1e-6 * per_gw);
  EXPECT_GT(report->totals.chip_capex_usd, 1.5 * units * gb300->price_usd);
}

TEST(CapexCalibrationTest, ChipCapexIsUnitsTimesInstalledCostInThePlanAndFinance) {
  const Scenario scenario = DefaultScenario();
  for (const auto& a : scenario.accelerators) {
    EXPECT_DOUBLE_EQ(a.system_cost_factor, scenario.options.system_cost_factor) << a.id;
  }
  auto plan = plan::MakePlan(scenario, {}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->status, plan::SolveStatus::kOptimal);
  double installed = 0, at_price = 0;
  for (const auto& row : plan->installs) {
    const Accelerator* a = scenario.FindAccelerator(row.accelerator);
    ASSERT_NE(a, nullptr);
    installed += row.install * a->InstalledCostUsd();
    at_price += row.install * a->price_usd;
  }
  ASSERT_GT(installed, 0);
  EXPECT_NEAR(plan->kpis.chip_capex_usd, installed, 1e-9 * installed);
  EXPECT_GT(plan->kpis.chip_capex_usd, 1.5 * at_price);
  EXPECT_NEAR(plan->kpis.capex_usd, plan->kpis.shell_capex_usd + plan->kpis.chip_capex_usd,
              1e-9 * plan->kpis.capex_usd);
  auto report = AnalyzePlan(scenario, *plan, FinanceAssumptions{});
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_NEAR(report->totals.chip_capex_usd, installed, 1e-9 * installed);
  EXPECT_NEAR(report->totals.facility_capex_usd, plan->kpis.shell_capex_usd,
              1e-9 * plan->kpis.shell_capex_usd);
}

}  // namespace
}  // namespace stargate::finance
