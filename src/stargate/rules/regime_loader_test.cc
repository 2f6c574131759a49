#include "stargate/rules/regime_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace stargate::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kMinimal = R"(regime:
  id: mini
  name: Minimal
  cite: "test"
  effective_from: 2025-01-01
  assumption: unit test
classification:
  a_tpp_min: 4800
  a_density_tpp_min: 1600
  a_density_min: 5.92
  b_tpp_min: 2400
  b_density_min: 1.6
  b_wide_tpp_min: 1600
  b_wide_density_min: 3.2
  non_datacenter_tpp_min: {2025-01-01: 4800, 2030-01-01: null}
  cite: "3A090"
groups:
  - {id: bad, name: Bad, member_of: [D:5], cite: "D:5"}
  - {id: rest, name: Rest, default: true, cite: "rest"}
license_requirements:
  - {id: deny, classifications: [3A090.a], tiers: [bad], outcome: license_required,
     review_policy: presumption_of_denial, cite: "deny"}
)";

std::vector<std::string> Problems(const std::string& text) {
  std::vector<Diagnostic> diagnostics;
  auto r = LoadRegimeFromText(text, "r.yaml", &diagnostics);
  EXPECT_FALSE(r.ok());
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.ToString());
  return out;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(RegimeLoaderTest, LoadsTheShippedRegimes) {
  std::vector<Diagnostic> diagnostics;
  auto catalog =
      LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes", &diagnostics);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  // By-date regimes first, by effective date; then the what-ifs chosen by name.
  EXPECT_THAT(catalog->ids(), ElementsAre("oct-2023", "post-rescission-2025", "ai-diffusion-2025",
                                          "partner-program"));
  const Regime* aidf = catalog->Find("ai-diffusion-2025");
  ASSERT_NE(aidf, nullptr);
  EXPECT_EQ(aidf->lpp->tpp_per_consignee_per_year.At(*Date::FromYmd(2025, 3, 1))[0], 26900000);
  ASSERT_NE(aidf->FindCap("tier2-country-cap"), nullptr);
  EXPECT_EQ(aidf->FindCap("tier2-country-cap")->limit_tpp, 790000000);
  // The framework took effect but was never enforced: by date oct-2023 governs
  // until the rescission; the framework keeps its dates and compliance date.
  EXPECT_EQ(catalog->InForceOn(*Date::FromYmd(2025, 3, 1))->id, "oct-2023");
  EXPECT_EQ(catalog->InForceOn(*Date::FromYmd(2025, 5, 12))->id, "oct-2023");
  EXPECT_FALSE(aidf->by_date);
  EXPECT_EQ(aidf->compliance_date, Date::FromYmd(2025, 5, 15).value());
  EXPECT_EQ(aidf->effective_from, Date::FromYmd(2025, 1, 13).value());
  EXPECT_EQ(catalog->InForceOn(*Date::FromYmd(2025, 5, 13))->id, "post-rescission-2025");
  EXPECT_EQ(catalog->InForceOn(*Date::FromYmd(2023, 11, 16)), nullptr);
  EXPECT_EQ(catalog->Find("partner-program")->by_date, false);
  // Bilateral agreements compile into caps: a country quota and an entity share.
  const Regime* post = catalog->Find("post-rescission-2025");
  ASSERT_NE(post->FindCap("us-uae-2025-quota"), nullptr);
  // G42 has no share of the UAE quota (no source supports one); its own
  // authorization of 2025-11-19 is a named-entity allowance like Humain's.
  EXPECT_EQ(post->FindCap("us-uae-2025-g42"), nullptr);
  const CapRule* g42 = post->FindCap("us-uae-g42-2025-g42");
  ASSERT_NE(g42, nullptr);
  EXPECT_TRUE(g42->share_of.empty());
  EXPECT_EQ(g42->limit_tpp, 2.1e9);
  EXPECT_EQ(g42->from, Date::FromYmd(2025, 11, 19).value());
  EXPECT_THAT(g42->consignee_keys, ElementsAre("g42", "group 42", "g42 group"));
  // Dated changes through today, and the affiliates rule's windows.
  EXPECT_GE(post->timeline.size(), 8u);
  ASSERT_TRUE(post->affiliates_rule.has_value());
  EXPECT_EQ(post->affiliates_rule->in_force.size(), 2u);
  ASSERT_EQ(post->duties.size(), 1u);
  EXPECT_DOUBLE_EQ(post->duties[0].rate, 0.25);
}

TEST(RegimeLoaderTest, EveryRuleOfEveryShippedRegimeIsCited) {
  auto catalog = LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  for (const auto& r : catalog->regimes()) {
    EXPECT_FALSE(r.cite.empty()) << r.id;
    EXPECT_FALSE(r.classification.cite.empty()) << r.id;
    for (const auto& g : r.groups) EXPECT_FALSE(g.cite.empty()) << r.id << " " << g.id;
    for (const auto& row : r.license_rows) EXPECT_FALSE(row.cite.empty()) << r.id << " " << row.id;
    for (const auto& cap : r.caps) EXPECT_FALSE(cap.cite.empty()) << r.id << " " << cap.id;
    for (const auto& up : r.upgrades) EXPECT_FALSE(up.cite.empty()) << r.id << " " << up.id;
    if (r.lpp) {
      EXPECT_FALSE(r.lpp->cite.empty());
    }
    if (r.uveu) {
      EXPECT_FALSE(r.uveu->cite.empty());
    }
    if (r.nveu) {
      EXPECT_FALSE(r.nveu->cite.empty());
    }
  }
}

TEST(RegimeLoaderTest, LoadsAMinimalRegimeWithVersionedValues) {
  auto r = LoadRegimeFromText(kMinimal, "r.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->groups.size(), 2u);
  EXPECT_NE(r->classification.non_datacenter_tpp_min.At(*Date::FromYmd(2029, 12, 31)), nullptr);
  // A null value ends a parameter.
  EXPECT_EQ(r->classification.non_datacenter_tpp_min.At(*Date::FromYmd(2030, 1, 1)), nullptr);
}

TEST(RegimeLoaderTest, UnknownKeysAndMisspelledGroupsAreReportedWithPositions) {
  const std::string text = Replace(Replace(kMinimal, "tiers: [bad]", "tiers: [bas]"),
                                   "  cite: \"3A090\"", "  cite: \"3A090\"\n  a_tpp_mim: 1");
  EXPECT_THAT(
      Problems(text),
      ElementsAre(
          "r.yaml:17:3: unknown key 'a_tpp_mim' in classification (did you mean 'a_tpp_min'?); "
          "expected one of a_tpp_min, a_density_tpp_min, a_density_min, b_tpp_min, "
          "b_density_min, b_wide_tpp_min, b_wide_density_min, non_datacenter_tpp_min, cite, "
          "unconfirmed",
          "r.yaml:22:52: group 'bas' in tiers is not a group of regime 'mini' (did you mean "
          "'bad'?); expected one of bad, rest"));
}

TEST(RegimeLoaderTest, EveryRuleNeedsACitation) {
  const std::string text = Replace(kMinimal, ", cite: \"deny\"", "");
  EXPECT_THAT(Problems(text), ElementsAre(HasSubstr("license requirement 'deny' has no 'cite'")));
}

TEST(RegimeLoaderTest, OutcomesAndPoliciesMustFit) {
  EXPECT_THAT(Problems(Replace(kMinimal, "review_policy: presumption_of_denial",
                               "review_policy: presumption_of_denail")),
              ElementsAre(HasSubstr("review_policy 'presumption_of_denail' is not known (did you "
                                    "mean 'presumption_of_denial'?)")));
  EXPECT_THAT(Problems(Replace(kMinimal, "review_policy: presumption_of_denial, ", "")),
              ElementsAre(HasSubstr("requires a license but gives no review_policy")));
}

// A tier upgrade on the program's values, appended to kMinimal.
std::string WithUpgrade(const std::string& criteria) {
  return absl::StrCat(kMinimal,
                      "tier_upgrades:\n  - id: up\n    name: Up\n    from_tiers: [rest]\n",
                      "    criteria: ", criteria, "\n    unlocks_tier: bad\n    cite: \"up\"\n");
}

TEST(RegimeLoaderTest, ValuesCriteriaCarryTheirValues) {
  auto r = LoadRegimeFromText(
      WithUpgrade(
          "[no_diversion_incidents, {min_freedom_score: 70}, {data_protection_zone: [EU, UK]}]"),
      "r.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->upgrades.size(), 1u);
  const TierUpgrade& up = r->upgrades[0];
  EXPECT_THAT(up.criteria,
              ElementsAre(Criterion::kNoDiversionIncidents, Criterion::kMinFreedomScore,
                          Criterion::kDataProtectionZone));
  EXPECT_EQ(up.parameters.min_freedom_score, 70);
  EXPECT_THAT(up.parameters.data_protection_zones, ElementsAre("EU", "UK"));
  // Met by a Free EU country, not by a Free country outside the zones nor
  // by an EU country below the score.
  Country de;
  de.iso2 = "DE";
  de.freedom_score = 95;
  de.data_protection_zone = "EU";
  const Date day = *Date::FromYmd(2026, 1, 1);
  EXPECT_TRUE(up.MetBy(de, day));
  Country br = de;
  br.data_protection_zone = "BR";
  EXPECT_FALSE(up.MetBy(br, day));
  Country hu = de;
  hu.freedom_score = 65;
  EXPECT_FALSE(up.MetBy(hu, day));
  const CriterionResult result =
      EvaluateCriterion(Criterion::kMinFreedomScore, hu, day, up.parameters);
  EXPECT_FALSE(result.met);
  EXPECT_EQ(result.description, "Freedom House score at least 70 of 100 (rated Free)");
  EXPECT_THAT(result.evidence, HasSubstr("DE freedom_score = 65 (minimum 70)"));
}

TEST(RegimeLoaderTest, ValuesCriteriaWithoutAValidValueAreReportedAtIt) {
  // After a valid criterion, so that each case has its one problem; at the value.
  EXPECT_THAT(Problems(WithUpgrade("[no_diversion_incidents, min_freedom_score]")),
              ElementsAre("r.yaml:27:40: criterion 'min_freedom_score' needs a value; expected "
                          "{min_freedom_score: 70}"));
  EXPECT_THAT(Problems(WithUpgrade("[no_diversion_incidents, {min_freedom_score: 170}]")),
              ElementsAre(HasSubstr("min_freedom_score '170' is not a score in 0..100")));
  EXPECT_THAT(Problems(WithUpgrade("[no_diversion_incidents, {data_protection_zone: []}]")),
              ElementsAre(HasSubstr("data_protection_zone names no zone")));
  EXPECT_THAT(Problems(WithUpgrade("[no_diversion_incidents, {g2g_agreement: true}]")),
              ElementsAre(HasSubstr("criterion 'g2g_agreement' takes no value")));
  EXPECT_THAT(Problems(WithUpgrade("[no_diversion_incidents, {freedom: 70}]")),
              ElementsAre(HasSubstr("criterion 'freedom' is not known")));
}

TEST(RegimeLoaderTest, ExactlyOneDefaultGroup) {
  EXPECT_THAT(
      Problems(Replace(kMinimal, "default: true, ", "")),
      ElementsAre(HasSubstr("no group is the default"), HasSubstr("group 'rest' has no members")));
}

TEST(RegimeLoaderTest, DatesMustBeDatesAndInOrder) {
  EXPECT_THAT(
      Problems(Replace(kMinimal, "effective_from: 2025-01-01", "effective_from: 2025-13-01")),
      ElementsAre("r.yaml:5:19: effective_from is '2025-13-01'; expected a date such as "
                  "2025-01-13"));
  EXPECT_THAT(
      Problems(Replace(kMinimal, "  effective_from: 2025-01-01\n", "")),
      ElementsAre(HasSubstr("regime 'mini' is chosen by date but has no effective_from"),
                  HasSubstr("regime 'mini' has neither effective_from nor reference_date")));
  EXPECT_THAT(Problems(Replace(kMinimal, "2030-01-01: null", "2024-01-01: null")),
              ElementsAre(HasSubstr(
                  "date 2024-01-01 of non_datacenter_tpp_min is not after the one before")));
}

TEST(RegimeLoaderTest, OverlappingByDateRegimesAreRefused) {
  auto a = LoadRegimeFromText(kMinimal, "a.yaml");
  auto b = LoadRegimeFromText(Replace(kMinimal, "id: mini", "id: other"), "b.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<Diagnostic> diagnostics;
  auto catalog = MakeRegimeCatalog({*a, *b}, &diagnostics);
  ASSERT_FALSE(catalog.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_THAT(diagnostics[0].what,
              HasSubstr("regime 'other' (2025-01-01 .. (open)) overlaps regime 'mini'"));
}

TEST(RegimeLoaderTest, AnEmptyDirectoryIsAnError) {
  auto catalog = LoadRegimeCatalog("/nonexistent-regimes");
  ASSERT_FALSE(catalog.ok());
  EXPECT_THAT(catalog.status().message(), HasSubstr("no regime files in '/nonexistent-regimes'"));
}

}  // namespace
}  // namespace stargate::rules

#include "stargate/rules/affiliates_rule.h"
#include "stargate/rules/internal/duty.h"

namespace stargate::rules {
namespace {

TEST(AffiliatesRuleTest, InForceOnlyInsideItsWindows) {
  auto catalog = LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  std::string cite;
  EXPECT_FALSE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2025, 9, 28), &cite));
  EXPECT_TRUE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2025, 9, 29), &cite));
  EXPECT_THAT(cite, ::testing::HasSubstr("90 FR 47201"));
  EXPECT_THAT(cite, ::testing::HasSubstr("in force 2025-09-29 .. 2025-11-09"));
  EXPECT_TRUE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2025, 11, 9), nullptr));
  EXPECT_FALSE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2025, 11, 10), &cite));
  EXPECT_THAT(cite, ::testing::HasSubstr("not in force on 2025-11-10"));
  EXPECT_FALSE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2026, 11, 9), nullptr));
  EXPECT_TRUE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2026, 11, 10), &cite));
  EXPECT_THAT(cite, ::testing::HasSubstr("in force 2026-11-10 .. "));
  // Before the rescission the October 2023 rules (no affiliates rule) governed.
  EXPECT_FALSE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2024, 6, 1), &cite));
  EXPECT_EQ(cite, "oct-2023 has no affiliates rule");
  EXPECT_FALSE(AffiliatesRuleInForce(*catalog, *Date::FromYmd(2020, 1, 1), &cite));
}

TEST(DutyTest, Section232OnTheListedChipsFromItsDate) {
  auto catalog = LoadRegimeCatalog(std::string(STARGATE_SOURCE_DIR) + "/data/regimes");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ(DutyOn(*catalog, "H200-SXM", *Date::FromYmd(2026, 1, 14)), nullptr);
  const Duty* duty = DutyOn(*catalog, "H200-SXM", *Date::FromYmd(2026, 1, 15));
  ASSERT_NE(duty, nullptr);
  EXPECT_DOUBLE_EQ(duty->rate, 0.25);
  EXPECT_THAT(duty->cite, ::testing::HasSubstr("Proclamation 11002"));
  EXPECT_FALSE(duty->exemptions.empty());
  EXPECT_NE(DutyOn(*catalog, "MI325X", *Date::FromYmd(2026, 6, 1)), nullptr);
  EXPECT_EQ(DutyOn(*catalog, "B200", *Date::FromYmd(2026, 6, 1)), nullptr);
}

}  // namespace
}  // namespace stargate::rules
