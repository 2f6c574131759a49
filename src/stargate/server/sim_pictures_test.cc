// The simulation page's pictures: histogram bins hold every run once, and
// the tornado varies one driver at a time from a base without chance.
#include "stargate/server/internal/sim_pictures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace stargate::server {
namespace {

sim::SimResult Result(const std::vector<double>& npv, const std::vector<double>& gw) {
  sim::SimResult r;
  r.metrics = {{"npv_overall", "NPV", "USD"},
               {"gw_online_2029", "GW 2029", "GW"},
               {"gw_online_2030", "GW 2030", "GW"}};
  r.runs = static_cast<int64_t>(npv.size());
  for (size_t i = 0; i < npv.size(); ++i) {
    r.values.push_back(npv[i]);
    r.values.push_back(gw[i] / 2);
    r.values.push_back(gw[i]);
  }
  r.summaries = sim::SummarizeAll(r.values, r.metrics.size());
  return r;
}

TEST(SimPictures, PicturesNpvAndTheLastYearsGw) {
  const auto r = Result({1, 2}, {3, 4});
  EXPECT_EQ(PicturedMetrics(r), (std::vector<std::string>{"npv_overall", "gw_online_2030"}));
}

TEST(SimPictures, HistogramBinsHoldEveryRunWithAValueOnce) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto r = Result({-10, -5, 0, 0, 5, 10, nan}, {1, 1, 1, 1, 1, 1, 1});
  const auto h = Histogram(r, "npv_overall", 4);
  ASSERT_EQ(h["bins"].size(), 4u);
  int64_t total = 0;
  for (const auto& b : h["bins"]) total += b["count"].get<int64_t>();
  EXPECT_EQ(total, 6);  // the NaN run is left out
  EXPECT_EQ(h["runs"], 6);
  EXPECT_DOUBLE_EQ(h["bins"][0]["from"].get<double>(), -10);
  EXPECT_DOUBLE_EQ(h["bins"][3]["to"].get<double>(), 10);
  EXPECT_EQ(h["bins"][3]["count"], 2);  // 5 and the maximum, 10, in the last bin
  EXPECT_EQ(h["unit"], "USD");
  // Equal values: one bin with them all; an unknown metric: null.
  const auto flat = Histogram(r, "gw_online_2030", 4);
  ASSERT_EQ(flat["bins"].size(), 1u);
  EXPECT_EQ(flat["bins"][0]["count"], 7);
  EXPECT_TRUE(Histogram(r, "nope", 4).is_null());
}

TEST(SimPictures, TornadoVariesOneDriverFromABaseWithoutChance) {
  sim::UncertaintySpec full;
  full.overrun = {0.0, 0.05, 0.3};
  full.shortfall_probability = 0.2;
  full.regime_change.probability = 0.4;
  full.gpu_hour_price.annual_volatility = 0.1;
  std::vector<sim::UncertaintySpec> seen;
  const SimRun run = [&](const sim::UncertaintySpec& spec) -> absl::StatusOr<sim::SimResult> {
    seen.push_back(spec);
    // NPV spread only when the overrun is uncertain.
    const double spread = spec.overrun.max - spec.overrun.min;
    return Result({100 - 100 * spread, 100, 100 + 10 * spread}, {1, 1, 1});
  };
  auto t = Tornado(full, {"npv_overall"}, run);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(seen.size(), 8u);  // the base and seven drivers
  const auto& base = seen[0];
  EXPECT_EQ(base.shortfall_probability, 0);
  EXPECT_EQ(base.regime_change.probability, 0);
  EXPECT_EQ(base.gpu_hour_price.annual_volatility, 0);
  EXPECT_EQ(base.overrun.min, 0.05);
  EXPECT_EQ(base.overrun.max, 0.05);
  EXPECT_DOUBLE_EQ((*t)["base"]["npv_overall"].get<double>(), 100);
  const auto& drivers = (*t)["drivers"];
  ASSERT_EQ(drivers.size(), 7u);
  for (size_t i = 0; i < drivers.size(); ++i) {
    const auto& spec = seen[i + 1];
    const bool overrun = drivers[i]["driver"] == "capex overrun";
    EXPECT_EQ(spec.overrun.max, overrun ? 0.3 : 0.05) << drivers[i]["driver"];
    EXPECT_EQ(spec.shortfall_probability,
              drivers[i]["driver"] == "chip supply shortfall" ? 0.2 : 0);
    EXPECT_EQ(spec.regime_change.probability, drivers[i]["driver"] == "regime change" ? 0.4 : 0);
    const double p10 = drivers[i]["metrics"]["npv_overall"]["p10"].get<double>();
    if (overrun) {
      EXPECT_LT(p10, 100);
    } else {
      EXPECT_DOUBLE_EQ(p10, 100);
    }
  }
}

}  // namespace
}  // namespace stargate::server
