#include "stargate/report/partner_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace stargate::report {
namespace {

namespace fs = std::filesystem;
using ::testing::DoubleNear;

Quarter Q(int year, int number) { return Quarter::FromYearAndNumber(year, number); }

class PartnerViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path data = fs::path(STARGATE_SOURCE_DIR) / "data";
    auto scenario = LoadScenario(data / "scenarios" / "small.yaml");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    scenario_ = *scenario;
    auto regimes = rules::LoadRegimeCatalog(data / "regimes");
    ASSERT_TRUE(regimes.ok()) << regimes.status();
    regimes_ = *regimes;
    auto glossary = Glossary::Load(fs::path(STARGATE_SOURCE_DIR) / "docs" / "glossary.md");
    ASSERT_TRUE(glossary.ok()) << glossary.status();
    glossary_ = *glossary;
    engine_ = std::make_unique<rules::Engine>(regimes_, scenario_);
    // IN: 200 MW online from 2026Q2, 1,000 GB300 installed in 2026Q3 and 500 more in 2027Q1.
    for (int t = 0; t < 8; ++t) {
      const Quarter q = Q(2026, 1) + t;
      plan_.site_quarters.push_back({"in-site", "IN", q, 0, t == 0 ? 0.0 : 200.0, 500, 0});
      plan_.site_quarters.push_back({"us-site", "US", q, 0, 100, 500, 0});
      if (t >= 2)
        plan_.installs.push_back({"in-site", "IN", "GB300", q, t == 2 ? 1000.0 : 0.0, 1000});
      if (t >= 4)
        plan_.installs.push_back({"in-site", "IN", "H100-SXM", q, t == 4 ? 500.0 : 0.0, 500});
    }
    plan_.kpis.h100e_by_country_year["IN"] = {{2026, 3790}, {2027, 4290}};
    plan_.kpis.accelerators_by_country_year["IN"] = {{2026, 1000}, {2027, 1500}};
  }

  absl::StatusOr<PartnerView> View(const std::string& country,
                                   const std::string& regime = "ai-diffusion-2025") {
    PartnerViewInputs in{
        .engine = *engine_, .country = country, .date = *Date::Parse("2026-06-01")};
    in.regime_choice = regime;
    in.plan = &plan_;
    in.plan_origin = "test plan";
    in.glossary = &glossary_;
    return BuildPartnerView(in);
  }

  Scenario scenario_;
  rules::RegimeCatalog regimes_;
  Glossary glossary_;
  std::unique_ptr<rules::Engine> engine_;
  plan::Plan plan_;
};

TEST_F(PartnerViewTest, CapsAreInTppH100eAndChipsOfTheCurrentGeneration) {
  auto v = View("india");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->tier.country, "IN");
  EXPECT_EQ(v->tier.group, "tier2");
  // GB300 is the most supplied chip in 2026Q2 in small.yaml; TPPs from accelerators.yaml.
  EXPECT_EQ(v->current.id, "GB300");
  EXPECT_DOUBLE_EQ(v->current.tpp, scenario_.FindAccelerator("GB300")->tpp());
  EXPECT_DOUBLE_EQ(v->h100.tpp, scenario_.FindAccelerator("H100-SXM")->tpp());
  ASSERT_EQ(v->caps.size(), 1u);
  EXPECT_DOUBLE_EQ(v->caps[0].limit.tpp, 790e6);
  EXPECT_THAT(v->caps[0].limit.h100e, DoubleNear(790e6 / 15832, 1e-6));
  EXPECT_THAT(v->caps[0].limit.chips, DoubleNear(790e6 / 60000, 1e-6));
  EXPECT_EQ(Rounded(v->caps[0].limit.h100e), "49,900");
  EXPECT_EQ(Rounded(v->caps[0].limit.chips), "13,200");
  ASSERT_TRUE(v->lpp.has_value());
  EXPECT_THAT(v->lpp->h100e, DoubleNear(26.9e6 / 15832, 1e-6));
}

TEST_F(PartnerViewTest, UpgradePathIsAChecklistWithWhatItUnlocksInH100e) {
  auto v = View("IN");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->upgrades.size(), 1u);
  const PlainUpgrade& u = v->upgrades[0];
  ASSERT_EQ(u.checklist.size(), 1u);
  EXPECT_EQ(u.checklist[0].criterion,
            "government-to-government technology security agreement with the US");
  EXPECT_EQ(u.checklist[0].met, scenario_.FindCountry("IN")->compliance.g2g_agreement);
  // Doubling the 790M TPP cap adds 790M TPP.
  EXPECT_THAT(u.unlocks_h100e, DoubleNear(790e6 / 15832, 1e-6));
  EXPECT_FALSE(u.unlocks_unlimited);
  EXPECT_THAT(u.unlocks, ::testing::HasSubstr("(+49,900 H100e)"));
  // The partner program's path to first class lifts every country cap.
  auto p = View("India", "partner-program");
  ASSERT_TRUE(p.ok()) << p.status();
  bool lifts = false;
  for (const auto& x : p->upgrades) lifts = lifts || x.unlocks_unlimited;
  EXPECT_TRUE(lifts);
}

TEST_F(PartnerViewTest, PlanByYearReadsTheYearEndOfThePlan) {
  auto v = View("IN");
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->plan_by_year.size(), 2u);
  EXPECT_EQ(v->plan_by_year[0].year, 2026);
  EXPECT_DOUBLE_EQ(v->plan_by_year[0].h100e, 3790);
  EXPECT_DOUBLE_EQ(v->plan_by_year[0].chips, 1000);
  EXPECT_DOUBLE_EQ(v->plan_by_year[0].mw_online, 200);  // the US site is not India's
  EXPECT_EQ(v->plan_by_year[0].chips_by_type, (std::map<std::string, double>{{"GB300", 1000}}));
  EXPECT_EQ(v->plan_by_year[1].chips_by_type,
            (std::map<std::string, double>{{"GB300", 1000}, {"H100-SXM", 500}}));
}

TEST_F(PartnerViewTest, JsonCarriesTheSameWithoutSourceKeysAndWithTheGlossary) {
  auto v = View("IN");
  ASSERT_TRUE(v.ok()) << v.status();
  const nlohmann::json j = PartnerViewJson(*v);
  EXPECT_THAT(j["caps"][0]["limit_h100e"].get<double>(), DoubleNear(790e6 / 15832, 1e-6));
  EXPECT_EQ(j["plan_by_year"].size(), 2u);
  EXPECT_EQ(j["reference_chips"]["current"]["id"], "GB300");
  const std::string text = j.dump();
  EXPECT_EQ(text.find("(source:"), std::string::npos);
  EXPECT_EQ(text.find("program.md#"), std::string::npos);
  std::set<std::string> keys;
  for (const auto& g : j["glossary"]) keys.insert(g["key"].get<std::string>());
  for (const char* k :
       {"tier2", "LPP", "TPP", "H100e", "country cap", "3A090.a", "license_required"}) {
    EXPECT_TRUE(keys.count(k)) << k;
  }
}

TEST_F(PartnerViewTest, UnknownCountryIsNotFoundWithDidYouMean) {
  auto v = View("Indai");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(v.status().message()), ::testing::HasSubstr("did you mean India (IN)?"));
}

TEST(RoundedTest, ThreeSignificantFiguresWithSeparators) {
  EXPECT_EQ(Rounded(49898.9), "49,900");
  EXPECT_EQ(Rounded(13166.7), "13,200");
  EXPECT_EQ(Rounded(1234567), "1,230,000");
  EXPECT_EQ(Rounded(0.5), "0.5");
  EXPECT_EQ(Rounded(0), "0");
  EXPECT_EQ(Rounded(999.6), "1,000");
}

}  // namespace
}  // namespace stargate::report
