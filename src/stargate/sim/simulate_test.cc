#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "stargate/finance/finance.h"
#include "stargate/finance/test_fixture.h"
#include "stargate/sim/sim.h"

namespace stargate::sim {
namespace {

using finance::testing::SimpleAssumptions;
using finance::testing::SmallPlan;
using finance::testing::SmallScenario;

// No uncertainty at all: every run is the plan itself.
UncertaintySpec Certain() {
  UncertaintySpec spec;
  spec.delay_default = {};
  spec.delay_by_region.clear();
  spec.delay_by_country.clear();
  spec.overrun = {0, 0, 0};
  spec.overrun_per_delay_quarter = 0;
  spec.shortfall_probability = 0;
  spec.gpu_hour_price = {0, 0};
  spec.electricity_price = {0, 0};
  spec.regime_change.probability = 0;
  spec.tier_changes.clear();
  return spec;
}

size_t IndexOf(const SimResult& r, const std::string& id) {
  for (size_t m = 0; m < r.metrics.size(); ++m) {
    if (r.metrics[m].id == id) return m;
  }
  ADD_FAILURE() << "no metric " << id;
  return 0;
}

TEST(SimulateTest, WithoutUncertaintyEveryRunIsThePlan) {
  const Scenario s = SmallScenario();
  auto report = finance::AnalyzePlan(s, SmallPlan(), SimpleAssumptions());
  ASSERT_TRUE(report.ok());
  SimOptions options;
  options.runs = 50;
  auto r = Simulate(s, SmallPlan(), SimpleAssumptions(), Certain(), options, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const MetricSummary& npv = r->summaries[IndexOf(*r, "npv_overall")];
  EXPECT_EQ(npv.count, 50);
  EXPECT_NEAR(npv.p10, report->overall.npv_usd, 1e-3);
  EXPECT_EQ(npv.p10, npv.p90);
  for (const auto& f : report->funders) {
    EXPECT_NEAR(r->summaries[IndexOf(*r, "npv:" + f.funder.id)].p50, f.returns.npv_usd, 1e-3)
        << f.funder.id;
  }
  EXPECT_EQ(r->summaries[IndexOf(*r, "delivered_h100e")].p50, 1000);
  EXPECT_EQ(r->summaries[IndexOf(*r, "capex_overrun_usd")].p90, 0);
  // 10 MW online from 2026Q2.
  EXPECT_DOUBLE_EQ(r->summaries[IndexOf(*r, "gw_online_2026")].mean, 0.01);
}

TEST(SimulateTest, IdenticalForOneAndTwoThreads) {
  const Scenario s = SmallScenario();
  UncertaintySpec spec;  // the defaults, with the fixture's countries
  spec.tier_changes = {{"DE", "tier3", 0.3, s.start, s.end, 0, {}}};
  SimOptions options;
  options.runs = 3000;
  options.seed = 77;
  options.threads = 1;
  auto one = Simulate(s, SmallPlan(), SimpleAssumptions(), spec, options, nullptr);
  options.threads = 2;
  auto two = Simulate(s, SmallPlan(), SimpleAssumptions(), spec, options, nullptr);
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->values.size(), two->values.size());
  EXPECT_TRUE(one->values == two->values);  // bit for bit
  for (size_t m = 0; m < one->summaries.size(); ++m) {
    EXPECT_EQ(one->summaries[m].mean, two->summaries[m].mean) << one->metrics[m].id;
    EXPECT_EQ(one->summaries[m].p90, two->summaries[m].p90) << one->metrics[m].id;
  }
  // The draws matter: outcomes spread, and the ban binds about 30% of the time.
  const MetricSummary& npv = one->summaries[IndexOf(*one, "npv_overall")];
  EXPECT_LT(npv.p10, npv.p90);
  EXPECT_NEAR(one->summaries[IndexOf(*one, "cap_binds:DE")].mean, 0.3, 0.03);
  options.seed = 78;
  auto other = Simulate(s, SmallPlan(), SimpleAssumptions(), spec, options, nullptr);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(one->values == other->values);
}

TEST(SimulateTest, UnknownTierChangeCountryIsAnInputError) {
  UncertaintySpec spec = Certain();
  spec.tier_changes = {{"ZZ",
                        "tier1",
                        0.5,
                        finance::testing::Q(2026, 1),
                        finance::testing::Q(2026, 2),
                        0,
                        {"u.yaml", 3, 14}}};
  SimOptions options;
  auto r = Simulate(SmallScenario(), SmallPlan(), SimpleAssumptions(), spec, options, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "u.yaml:3:14: tier change of 'ZZ': not a country of scenario 'fixture'; expected a "
            "country the "
            "scenario defines");
}

TEST(SimulateTest, UnknownRegimeIsAnInputError) {
  UncertaintySpec spec = Certain();
  spec.regime_change.probability = 0.5;
  spec.regime_change.regime = "nope";
  spec.regime_change.location = {"u.yaml", 9, 11};
  SimOptions options;
  options.limits_for = [](const Scenario&,
                          const std::string& regime) -> absl::StatusOr<plan::ExportLimits> {
    if (regime == "nope") return absl::NotFoundError("no such regime");
    return plan::ExportLimits{};
  };
  auto r = Simulate(SmallScenario(), SmallPlan(), SimpleAssumptions(), spec, options, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "u.yaml:9:11: regime 'nope' of regime_change: no such regime; expected a regime the "
            "rules engine knows");
}

TEST(QuantileTest, LinearBetweenOrderStatistics) {
  const std::vector<double> v = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(Quantile(v, 0.5), 3);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.1), 1.4);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.9), 4.6);
  EXPECT_DOUBLE_EQ(Quantile({7}, 0.9), 7);
  const std::vector<double> rows = {1, 10, std::nan(""), 20, 3, 30};  // 3 runs x 2 metrics
  const MetricSummary s = Summarize(rows, 0, 2);
  EXPECT_EQ(s.count, 2);
  EXPECT_DOUBLE_EQ(s.mean, 2);
  EXPECT_DOUBLE_EQ(Summarize(rows, 1, 2).p50, 20);
}

TEST(QuantileTest, SelectionGivesTheSortedColumnsQuantilesExactly) {
  // Columns of several lengths (below and above the sorting cut-off), with
  // ties, NaNs, a constant column and one with an outlier.
  for (size_t runs : {1u, 2u, 5u, 63u, 64u, 65u, 101u, 255u, 256u, 1000u, 4097u, 60000u}) {
    const size_t metrics = 11;
    std::vector<double> values(runs * metrics);
    uint64_t state = runs;
    for (size_t i = 0; i < values.size(); ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const double u = static_cast<double>(state >> 11) * 0x1.0p-53;
      const size_t metric = i % metrics;
      values[i] = metric == 0              ? 7.0
                  : metric == 1            ? std::floor(4 * u)
                  : metric == 2 && u < 0.2 ? std::nan("")
                  : metric == 3 && i == 3  ? 1e300
                  : metric == 4            ? (u < 0.9 ? 0.0 : 1.0)
                                           : (u - 0.5) * metric;
    }
    const std::vector<MetricSummary> all = SummarizeAll(values, metrics);
    ASSERT_EQ(all.size(), metrics);
    for (size_t m = 0; m < metrics; ++m) {
      std::vector<double> sorted;
      for (size_t r = 0; r < runs; ++r) {
        if (!std::isnan(values[r * metrics + m])) sorted.push_back(values[r * metrics + m]);
      }
      std::sort(sorted.begin(), sorted.end());
      const MetricSummary one = Summarize(values, m, metrics);
      EXPECT_EQ(all[m].count, static_cast<int64_t>(sorted.size()));
      if (sorted.empty()) continue;
      EXPECT_EQ(all[m].p10, Quantile(sorted, 0.10)) << runs << " runs, metric " << m;
      EXPECT_EQ(all[m].p50, Quantile(sorted, 0.50)) << runs << " runs, metric " << m;
      EXPECT_EQ(all[m].p90, Quantile(sorted, 0.90)) << runs << " runs, metric " << m;
      EXPECT_EQ(all[m].mean, one.mean);
      EXPECT_EQ(all[m].p50, one.p50);
    }
  }
}

}  // namespace
}  // namespace stargate::sim
