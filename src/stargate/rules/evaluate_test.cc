#include "stargate/rules/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stargate/rules/engine.h"
#include "stargate/rules/export_constraints.h"
#include "stargate/rules/regime_diff.h"
#include "stargate/rules/regime_loader.h"
#include "stargate/rules/tier_report.h"
#include "stargate/scenario/scenario.h"

namespace stargate::rules {
namespace {

using ::testing::HasSubstr;

const Scenario& Global() {
  static const Scenario s =
      *LoadScenario(std::string(STARGATE_SOURCE_DIR) + "/data/scenarios/stargate-global.yaml");
  return s;
}

const RegimeCatalog& Catalog() {
  static const RegimeCatalog c =
      *LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes");
  return c;
}

Shipment Ship(const std::string& id, const std::string& date, const std::string& chip, long long n,
              const std::string& to, const std::string& consignee) {
  Shipment s;
  s.id = id;
  s.date = *Date::Parse(date);
  s.accelerator = chip;
  s.quantity = n;
  s.destination = to;
  s.consignee = consignee;
  return s;
}

TEST(EvaluateTest, CheckShipmentsNamesTheFieldAndSuggests) {
  std::vector<Shipment> batch = {Ship("a", "2025-03-01", "H100-SMX", 1, "IN", "X"),
                                 Ship("b", "2020-03-01", "H100-SXM", 0, "XX", "X")};
  batch[1].consignee_hq = "QQ";
  const auto problems = CheckShipments(Catalog(), Global(), batch, "by_date");
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].index, 0u);
  EXPECT_EQ(problems[0].field, "accelerator");
  EXPECT_EQ(problems[0].what,
            "accelerator 'H100-SMX' is not in the catalogue (did you mean 'H100-SXM'?)");
  EXPECT_EQ(problems[1].field, "date");
  EXPECT_EQ(problems[1].what, "no regime is in force on 2020-03-01");
  EXPECT_EQ(problems[1].expected, "a date on or after 2023-11-17, or --regime ID for a what-if");
  EXPECT_EQ(problems[2].field, "quantity");
  EXPECT_EQ(problems[3].field, "destination");
  EXPECT_EQ(problems[4].field, "consignee_hq");
  // A named regime applies at any date.
  EXPECT_TRUE(CheckShipments(Catalog(), Global(),
                             {Ship("c", "2020-03-01", "H100-SXM", 1, "IN", "X")}, "oct-2023")
                  .empty());
  const auto unknown = CheckShipments(Catalog(), Global(), {}, "oct-2024");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].what, "regime 'oct-2024' is not known (did you mean 'oct-2023'?)");
}

TEST(EvaluateTest, UnreadableShipmentsAreRefusedWithTheReason) {
  const auto d = Evaluate(Catalog(), Global(), {Ship("a", "2025-03-01", "NOPE", 1, "IN", "X")},
                          "by_date", {}, true);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].outcome, Outcome::kProhibited);
  EXPECT_FALSE(Permits(d[0]));
  EXPECT_EQ(d[0].input_error, "accelerator: accelerator 'NOPE' is not in the catalogue");
  ASSERT_EQ(d[0].trace.size(), 1u);
  EXPECT_EQ(d[0].trace[0].rule, "input");
}

TEST(EvaluateTest, UsageAfterHoldsCapsAllowancesAndFleets) {
  const Engine engine(Catalog(), Global());
  Shipment uveu = Ship("u", "2025-03-01", "H100-SXM", 10, "IN", "Hyper Scaler");
  uveu.veu = VeuKind::kUniversal;
  uveu.consignee_hq = "US";
  CapUsage before;
  before.AddCap("ai-diffusion-2025/tier2-country-cap/IN", 100);
  CapUsage after;
  const auto d = Evaluate(engine,
                          {Ship("a", "2025-03-01", "H100-SXM", 10, "IN", "Acme"),
                           Ship("b", "2025-03-02", "H100-SXM", 2000, "IN", "Acme"), uveu},
                          "ai-diffusion-2025", before, false, &after);
  EXPECT_EQ(d[0].exception, "LPP");
  EXPECT_EQ(d[1].outcome, Outcome::kLicenseRequired);
  EXPECT_TRUE(d[0].trace.empty());
  EXPECT_DOUBLE_EQ(after.CapUsed("ai-diffusion-2025/tier2-country-cap/IN"), 100 + 2000 * 15832.0);
  EXPECT_DOUBLE_EQ(after.LppUsed("ACME", 2025), 10 * 15832.0);
  EXPECT_DOUBLE_EQ((after.fleet_tpp[{"hyper scaler", "IN"}]), 10 * 15832.0);
  // The input usage is left alone: the engine is pure.
  EXPECT_DOUBLE_EQ(before.CapUsed("ai-diffusion-2025/tier2-country-cap/IN"), 100);
  EXPECT_TRUE(before.lpp_used_tpp.empty());
}

TEST(EvaluateTest, ARestrictedPartyIsProhibitedAndUsesNoCap) {
  const Engine engine(Catalog(), Global());
  Shipment listed = Ship("listed", "2025-03-01", "H100-SXM", 2000, "IN", "Bad Actor LLC");
  listed.restricted_party = RestrictedPartyMatch{
      "OFAC SDN", "12345", "BAD ACTOR", "BAD ACTOR LLC", {"RUSSIA-EO14024"}, 0.97, 0.7};
  CapUsage after;
  const auto d =
      Evaluate(engine, {listed, Ship("clean", "2025-03-02", "H100-SXM", 2000, "IN", "Acme")},
               "ai-diffusion-2025", CapUsage{}, true, &after);
  EXPECT_EQ(d[0].outcome, Outcome::kProhibited);
  EXPECT_FALSE(Permits(d[0]));
  const TraceStep& step = d[0].trace.back();
  EXPECT_EQ(step.rule, "restricted-party");
  EXPECT_THAT(step.result, HasSubstr("matches OFAC SDN entry 12345 (BAD ACTOR) with score 0.970"));
  EXPECT_THAT(step.cite, HasSubstr("Specially Designated Nationals"));
  // Only the clean shipment counts against India's cap.
  EXPECT_EQ(d[1].outcome, Outcome::kLicenseRequired);
  EXPECT_DOUBLE_EQ(after.CapUsed("ai-diffusion-2025/tier2-country-cap/IN"), 2000 * 15832.0);
}

TEST(EvaluateTest, PermitsRefusesDenialAndProhibition) {
  Decision d;
  EXPECT_TRUE(Permits(d));
  d.outcome = Outcome::kLicenseRequired;
  d.review_policy = ReviewPolicy::kCaseByCase;
  EXPECT_TRUE(Permits(d));
  d.review_policy = ReviewPolicy::kPresumptionOfDenial;
  EXPECT_FALSE(Permits(d));
  d.outcome = Outcome::kProhibited;
  d.review_policy.reset();
  EXPECT_FALSE(Permits(d));
}

TEST(TierReportTest, TierCapsAndUpgradePath) {
  const Engine engine(Catalog(), Global());
  // The UAE's government-to-government flag holds from 2025-05-15 (the
  // partnership), so in March 2025 the framework's doubled cap is not open.
  auto ae = DescribeTier(engine, "AE", *Date::Parse("2025-03-01"), "ai-diffusion-2025", {});
  ASSERT_TRUE(ae.ok()) << ae.status();
  EXPECT_EQ(ae->regime, "ai-diffusion-2025");
  EXPECT_EQ(ae->group, "tier2");
  ASSERT_EQ(ae->caps.size(), 1u);
  EXPECT_DOUBLE_EQ(ae->caps[0].limit_tpp, 790e6);
  EXPECT_EQ(ae->caps[0].multiplied_by, "");
  ASSERT_EQ(ae->upgrades.size(), 1u);
  EXPECT_FALSE(ae->upgrades[0].met);
  EXPECT_THAT(
      ae->upgrades[0].criteria[0].evidence,
      HasSubstr("AE compliance.g2g_agreement = true from 2025-05-15 (not yet on 2025-03-01)"));
  EXPECT_DOUBLE_EQ(*ae->lpp_tpp_per_consignee_per_year, 26.9e6);
  auto ae_later = DescribeTier(engine, "AE", *Date::Parse("2025-05-15"), "ai-diffusion-2025", {});
  ASSERT_TRUE(ae_later.ok()) << ae_later.status();
  ASSERT_EQ(ae_later->caps.size(), 1u);
  EXPECT_DOUBLE_EQ(ae_later->caps[0].limit_tpp, 1580e6);
  EXPECT_EQ(ae_later->caps[0].multiplied_by, "g2g-doubled-cap (x2)");
  EXPECT_TRUE(ae_later->upgrades[0].met);
  // By date, March 2025 was under the October 2023 rules: the UAE is D:4.
  auto ae_by_date = DescribeTier(engine, "AE", *Date::Parse("2025-03-01"), "by_date", {});
  ASSERT_TRUE(ae_by_date.ok());
  EXPECT_EQ(ae_by_date->regime, "oct-2023");
  EXPECT_EQ(ae_by_date->group, "d1_d4");
  EXPECT_TRUE(ae_by_date->caps.empty());

  auto partner = DescribeTier(engine, "AE", *Date::Parse("2026-06-01"), "partner-program", {});
  ASSERT_TRUE(partner.ok());
  ASSERT_EQ(partner->upgrades.size(), 2u);
  EXPECT_EQ(partner->upgrades[0].id, "first-class-partner");
  EXPECT_FALSE(partner->upgrades[0].met);
  // Four on the compliance profile, then the program's values: the UAE's
  // Freedom House score (18) and data-protection zone (its own) fall short.
  ASSERT_EQ(partner->upgrades[0].criteria.size(), 6u);
  EXPECT_EQ(partner->upgrades[0].criteria[4].criterion, Criterion::kMinFreedomScore);
  EXPECT_FALSE(partner->upgrades[0].criteria[4].met);
  EXPECT_THAT(partner->upgrades[0].criteria[4].evidence,
              HasSubstr("AE freedom_score = 18 (minimum 70)"));
  EXPECT_EQ(partner->upgrades[0].criteria[5].criterion, Criterion::kDataProtectionZone);
  EXPECT_FALSE(partner->upgrades[0].criteria[5].met);
  EXPECT_EQ(partner->upgrades[0].criteria[1].criterion, Criterion::kDatacenterSecurityStandard);
  EXPECT_FALSE(partner->upgrades[0].criteria[1].met);
  EXPECT_THAT(partner->upgrades[0].criteria[1].evidence,
              HasSubstr("AE compliance.datacenter_security_standard = false (source: "));
  EXPECT_EQ(partner->upgrades[0].unlocks,
            "moves AE from tier2 (Second class) to tier1 (First class)");

  auto cn = DescribeTier(engine, "CN", *Date::Parse("2026-02-01"), "by_date", {});
  ASSERT_TRUE(cn.ok());
  ASSERT_EQ(cn->treatments[0].lines.size(), 2u);  // case by case if under the limits, else denial
  EXPECT_EQ(cn->treatments[0].lines[0].condition, "TPP < 21000 and memory bandwidth < 6500 GB/s");
  EXPECT_EQ(cn->treatments[0].lines[1].review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_TRUE(cn->headquarters_rule);

  auto us = DescribeTier(engine, "US", *Date::Parse("2026-02-01"), "by_date", {});
  ASSERT_TRUE(us.ok());
  EXPECT_TRUE(us->home);

  auto bad = DescribeTier(engine, "AF", *Date::Parse("2026-02-01"), "by_date", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("country 'AF' is not in the scenario; expected"));
}

TEST(RegimeDiffTest, FrameworkToRescissionForFrance) {
  const Engine engine(Catalog(), Global());
  auto diff = DiffRegimes(engine, "ai-diffusion-2025", "post-rescission-2025", "FR", std::nullopt);
  ASSERT_TRUE(diff.ok()) << diff.status();
  auto find = [&](const std::string& subject) -> const DiffEntry* {
    for (const auto& e : diff->entries) {
      if (e.subject == subject) return &e;
    }
    return nullptr;
  };
  ASSERT_NE(find("FR: tier"), nullptr);
  EXPECT_EQ(find("FR: tier")->a, "tier1 (Tier 1)");
  ASSERT_NE(find("FR: 3A090.a"), nullptr);
  EXPECT_EQ(find("FR: 3A090.a")->a, "license_exception (AIA)");
  EXPECT_EQ(find("FR: 3A090.a")->b, "no_license_required");
  ASSERT_NE(find("LPP"), nullptr);
  EXPECT_EQ(find("LPP")->b, "-");
  EXPECT_EQ(find("a_tpp_min"), nullptr);  // same thresholds
  EXPECT_EQ(find("IN: tier"), nullptr);   // only France asked for

  auto same = DiffRegimes(engine, "oct-2023", "oct-2023", std::nullopt, std::nullopt);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->entries.empty());
  auto bad = DiffRegimes(engine, "oct-2023", "post-rescision-2025", std::nullopt, std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(
      bad.status().message(),
      HasSubstr(
          "regime 'post-rescision-2025' is not known (did you mean 'post-rescission-2025'?)"));
}

}  // namespace
}  // namespace stargate::rules

namespace stargate::rules {
namespace {

// Two by-date regimes, each with a cap on India over 2025; the second names the
// first in counts_as, so the window split by the regime change counts once.
std::string SplitRegime(const std::string& id, const std::string& from, const std::string& to,
                        const std::string& counts_as) {
  return "regime:\n  id: " + id + "\n  name: " + id + "\n  cite: test\n  effective_from: " + from +
         (to.empty() ? "" : "\n  effective_to: " + to) +
         "\n  assumption: test\nclassification:\n  a_tpp_min: 4800\n  a_density_tpp_min: 1600\n"
         "  a_density_min: 5.92\n  b_tpp_min: 2400\n  b_density_min: 1.6\n  b_wide_tpp_min: 1600\n"
         "  b_wide_density_min: 3.2\n  non_datacenter_tpp_min: 4800\n  cite: test\n"
         "groups:\n  - {id: all, name: All, default: true, cite: test}\n"
         "caps:\n  - {id: c, description: test cap, countries: [IN], from: 2025-01-01, to: "
         "2025-12-31, "
         "limit_tpp: 100000" +
         (counts_as.empty() ? "" : ", counts_as: " + counts_as) +
         ", cite: test}\n"
         "license_requirements:\n  - {id: r, classifications: [3A090.a], outcome: "
         "license_required, "
         "review_policy: presumption_of_approval, cite: test}\n";
}

RegimeCatalog SplitCatalog(bool continued) {
  auto a = LoadRegimeFromText(SplitRegime("a", "2024-01-01", "2025-06-30", ""), "a.yaml");
  auto b = LoadRegimeFromText(SplitRegime("b", "2025-07-01", "", continued ? "a/c" : ""), "b.yaml");
  EXPECT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(b.ok()) << b.status();
  auto catalog = MakeRegimeCatalog({*a, *b});
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return *catalog;
}

TEST(SplitWindowTest, ACapSplitByARegimeChangeCountsOnce) {
  const std::vector<Shipment> batch = {Ship("h1", "2025-03-01", "H100-SXM", 4, "IN", "Acme"),
                                       Ship("h2", "2025-09-01", "H100-SXM", 4, "IN", "Acme")};
  // 4 x 15,832 = 63,328 TPP each: the second would take the one 100,000 limit over.
  const auto once = Evaluate(SplitCatalog(true), Global(), batch, "by_date", {}, false);
  EXPECT_EQ(once[0].outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(once[1].regime, "b");
  EXPECT_EQ(once[1].outcome, Outcome::kProhibited);
  ASSERT_EQ(once[1].caps.size(), 1u);
  EXPECT_EQ(once[1].caps[0].id, "a/c/IN");
  EXPECT_DOUBLE_EQ(once[1].caps[0].used_tpp_before, 4 * 15832.0);
  // Without counts_as each regime's cap is its own (the old behaviour).
  const auto twice = Evaluate(SplitCatalog(false), Global(), batch, "by_date", {}, false);
  EXPECT_EQ(twice[1].outcome, Outcome::kLicenseRequired);
  // The planner sees one constraint over both spans, not one per piece.
  auto e = BuildExportConstraints(Global(), SplitCatalog(true), "by_date", {});
  ASSERT_TRUE(e.ok()) << e.status();
  int pieces = 0;
  for (const auto& c : e->caps()) {
    if (c.country != "IN") continue;
    ++pieces;
    EXPECT_EQ(c.id, "a/c/IN");
    EXPECT_DOUBLE_EQ(c.limit_tpp, 100000);
  }
  EXPECT_EQ(pieces, 1);
}

TEST(ApplicableCapsTest, NoFixedLimitOnHowManyCapsApply) {
  // Ten caps on one country: every one is counted (a fixed array of 8 dropped the rest).
  std::string text = SplitRegime("many", "2024-01-01", "", "");
  std::string caps = "caps:\n";
  for (int i = 0; i < 10; ++i) {
    caps += "  - {id: c" + std::to_string(i) +
            ", description: cap, countries: [IN], from: 2025-01-01, to: 2025-12-31, limit_tpp: " +
            std::to_string(1000000 + i) + ", cite: test}\n";
  }
  const size_t at = text.find("caps:\n");
  const size_t end = text.find("license_requirements:");
  text.replace(at, end - at, caps);
  auto regime = LoadRegimeFromText(text, "many.yaml");
  ASSERT_TRUE(regime.ok()) << regime.status();
  auto catalog = MakeRegimeCatalog({*regime});
  ASSERT_TRUE(catalog.ok());
  const auto d = Evaluate(*catalog, Global(), {Ship("s", "2025-03-01", "H100-SXM", 1, "IN", "A")},
                          "by_date", {}, false);
  EXPECT_EQ(d[0].caps.size(), 10u);
  const Engine engine(*catalog, Global());
  CapQuery q;
  q.regime = 0;
  q.country = engine.CountryIndex("IN");
  q.date = *Date::Parse("2025-03-01");
  std::vector<int> applicable;
  engine.ApplicableCaps(q, &applicable);
  EXPECT_EQ(applicable.size(), 10u);
}

}  // namespace
}  // namespace stargate::rules
