#include "stargate/rules/eccn.h"

#include <gtest/gtest.h>

namespace stargate::rules {
namespace {

ClassificationRule Oct2023() {
  ClassificationRule r;
  r.a_tpp_min = Versioned<double>::Always(4800);
  r.a_density_tpp_min = Versioned<double>::Always(1600);
  r.a_density_min = Versioned<double>::Always(5.92);
  r.b_tpp_min = Versioned<double>::Always(2400);
  r.b_density_min = Versioned<double>::Always(1.6);
  r.b_wide_tpp_min = Versioned<double>::Always(1600);
  r.b_wide_density_min = Versioned<double>::Always(3.2);
  r.non_datacenter_tpp_min = Versioned<double>::Always(4800);
  return r;
}

const Date kDay = *Date::FromYmd(2025, 6, 1);

Eccn Of(double tpp, double area, bool datacenter = true) {
  return Classify(Oct2023(), kDay, {tpp, area, std::nullopt, datacenter}, false).eccn;
}

TEST(EccnTest, TppThresholdOnBothSides) {
  EXPECT_EQ(Of(4800, 10000), Eccn::k3A090a);  // PD 0.48: only .a.1 can catch it
  EXPECT_EQ(Of(4799, 10000), Eccn::kNotControlled);
}

TEST(EccnTest, DensityThresholdAt1600Tpp) {
  EXPECT_EQ(Of(1600, 1600 / 5.92), Eccn::k3A090a);
  EXPECT_EQ(Of(1600, 1600 / 5.91), Eccn::k3A090b);  // .b.2: PD in [3.2, 5.92)
  EXPECT_EQ(Of(1599, 100), Eccn::kNotControlled);   // PD 15.99 but TPP below 1600
}

TEST(EccnTest, BClassesOnBothSides) {
  EXPECT_EQ(Of(2400, 2400 / 1.6), Eccn::k3A090b);  // .b.1 at its floor
  EXPECT_EQ(Of(2399, 2399 / 1.6), Eccn::kNotControlled);
  EXPECT_EQ(Of(3000, 3000 / 3.2), Eccn::k3A090b);  // .b.2 at its floor
  EXPECT_EQ(Of(2368, 814), Eccn::kNotControlled);  // H20: PD 2.91, TPP < 2400
}

TEST(EccnTest, CatalogueChips) {
  EXPECT_EQ(Of(15832, 814), Eccn::k3A090a);  // H100
  EXPECT_EQ(Of(4992, 826), Eccn::k3A090a);   // A100
  EXPECT_EQ(Of(29360, 0), Eccn::k3A090a);    // Gaudi 3, area unknown: TPP decides
}

TEST(EccnTest, NonDatacenterChipsOnlyFaceTheTppTest) {
  EXPECT_EQ(Of(4000, 100, false), Eccn::kNotControlled);
  EXPECT_EQ(Of(4800, 100, false), Eccn::k3A090a);
}

TEST(EccnTest, ExplainListsEveryTestAndTheDecidingOne) {
  const auto c = Classify(Oct2023(), kDay, {1600, 1600 / 5.92, std::nullopt, true}, true);
  ASSERT_EQ(c.tests.size(), 4u);
  EXPECT_EQ(c.decided_by, "3A090.a.2");
  EXPECT_FALSE(c.tests[0].met);
  EXPECT_TRUE(c.tests[1].met);
  EXPECT_EQ(c.tests[1].condition, "TPP >= 1600 and performance density >= 5.92");
}

TEST(EccnTest, NoThresholdsOnTheDateMeansNothingIsControlled) {
  ClassificationRule r = Oct2023();
  r.a_tpp_min.entries = {{*Date::FromYmd(2026, 1, 1), 4800.0}};
  EXPECT_EQ(Classify(r, kDay, {15832, 814, std::nullopt, true}, false).eccn, Eccn::kNotControlled);
  EXPECT_FALSE(r.DefinedOn(kDay));
}

TEST(EccnTest, NamesRoundTrip) {
  for (const auto& name : EccnNames()) EXPECT_EQ(EccnName(*ParseEccn(name)), name);
  EXPECT_FALSE(ParseEccn("3A090.c"));
}

}  // namespace
}  // namespace stargate::rules
