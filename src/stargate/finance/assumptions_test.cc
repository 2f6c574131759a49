#include "stargate/finance/assumptions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace stargate::finance {
namespace {

using ::testing::HasSubstr;

std::string SourceDir() {
  const char* dir = std::getenv("STARGATE_SOURCE_DIR");
  return dir ? dir : STARGATE_SOURCE_DIR;
}

TEST(FinanceAssumptionsTest, ShippedFileStatesTheDefaults) {
  std::vector<Diagnostic> diagnostics;
  auto loaded =
      LoadFinanceAssumptions(SourceDir() + "/data/finance-assumptions.yaml", &diagnostics);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const FinanceAssumptions d;
  EXPECT_EQ(loaded->debt_share_facility, d.debt_share_facility);
  EXPECT_EQ(loaded->debt_share_chips, d.debt_share_chips);
  EXPECT_EQ(loaded->debt_base_rate, d.debt_base_rate);
  EXPECT_EQ(loaded->debt_spread, d.debt_spread);
  EXPECT_EQ(loaded->debt_tenor_quarters, d.debt_tenor_quarters);
  EXPECT_EQ(loaded->debt_interest_only_quarters, d.debt_interest_only_quarters);
  EXPECT_EQ(loaded->amortization, d.amortization);
  EXPECT_EQ(loaded->lender_kinds, d.lender_kinds);
  EXPECT_EQ(loaded->price_annual_change, d.price_annual_change);
  EXPECT_EQ(loaded->price_change_per_chip_year, d.price_change_per_chip_year);
  EXPECT_EQ(loaded->operations_usd_per_mw_year, d.operations_usd_per_mw_year);
  EXPECT_EQ(loaded->facility_life_years, d.facility_life_years);
  EXPECT_EQ(loaded->residual_value_share, d.residual_value_share);
  EXPECT_EQ(loaded->tax_rate, d.tax_rate);
  EXPECT_EQ(loaded->tax_rate_by_country, d.tax_rate_by_country);
}

TEST(FinanceAssumptionsTest, OverridesOnlyWhatIsGiven) {
  auto a = FinanceAssumptionsFromText(
      "debt: {share_of_facility_capex: 0.5, amortization: linear, assumption: test}\n"
      "tax: {by_country: {DE: 0.3}, assumption: test}\n",
      "a.yaml", nullptr);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->debt_share_facility, 0.5);
  EXPECT_EQ(a->amortization, Amortization::kLinear);
  EXPECT_EQ(a->debt_tenor_quarters, 24);
  EXPECT_EQ(a->TaxRateFor("DE"), 0.3);
  EXPECT_EQ(a->TaxRateFor("US"), 0.21);  // not listed any more: the default rate
  EXPECT_EQ(a->origin, "a.yaml");
}

TEST(FinanceAssumptionsTest, ReportsEveryProblemWithItsPlace) {
  std::vector<Diagnostic> diagnostics;
  auto a = FinanceAssumptionsFromText(
      "debt:\n"
      "  share_of_facility_capex: 1.5\n"
      "  amortisation: linear\n"
      "  lender_kinds: [project_debt, bank]\n"
      "  assumption: test\n"
      "operation: {}\n"
      "tax: {rate: 0.2}\n",
      "a.yaml", &diagnostics);
  ASSERT_FALSE(a.ok());
  std::vector<std::string> lines;
  for (const auto& d : diagnostics) lines.push_back(d.ToString());
  EXPECT_THAT(
      lines,
      ::testing::ElementsAre(
          "a.yaml:2:28: share_of_facility_capex 1.5 is out of range; expected a number in 0..1",
          HasSubstr(
              "a.yaml:3:3: unknown key 'amortisation' in debt (did you mean 'amortization'?)"),
          HasSubstr("a.yaml:4:32: lender kind 'bank' is not known; expected one of strategic"),
          HasSubstr("a.yaml:6:1: unknown top-level key 'operation' (did you mean 'operations'?)"),
          HasSubstr("a.yaml:7:6: tax has neither source nor assumption")));
}

TEST(FinanceAssumptionsTest, GraceMustBeShorterThanTheTenor) {
  std::vector<Diagnostic> diagnostics;
  auto a = FinanceAssumptionsFromText(
      "debt: {tenor_quarters: 8, interest_only_quarters: 8, assumption: x}\n", "a.yaml",
      &diagnostics);
  ASSERT_FALSE(a.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].ToString(),
              HasSubstr("interest_only_quarters 8 is not below tenor_quarters 8"));
}

TEST(FinanceAssumptionsTest, MissingFile) {
  std::vector<Diagnostic> diagnostics;
  auto a = LoadFinanceAssumptions("/nonexistent/a.yaml", &diagnostics);
  ASSERT_FALSE(a.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].ToString(), HasSubstr("cannot open '/nonexistent/a.yaml'"));
}

}  // namespace
}  // namespace stargate::finance
