#include "stargate/screen/name_match.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stargate::screen {
namespace {

constexpr NameKind kPerson = NameKind::kPerson;
constexpr NameKind kOrg = NameKind::kOrganization;
constexpr float kThreshold = 0.7f;

float Score(std::string_view a, std::string_view b, NameKind kind) {
  return ScoreNames(a, b, kind);
}

TEST(NameMatchTest, SameNameWrittenDifferentlyScoresOne) {
  EXPECT_FLOAT_EQ(Score("Vladimir Putin", "PUTIN, Vladimir", kPerson), 1.0f);
  EXPECT_FLOAT_EQ(Score("Владимир Путин", "Vladimir Putin", kPerson), 1.0f);
  EXPECT_FLOAT_EQ(Score("Siemens AG", "Siemens Aktiengesellschaft", kOrg), 1.0f);
  EXPECT_FLOAT_EQ(Score("ABC Company", "A.B.C. Company", kOrg), 1.0f);
  EXPECT_FLOAT_EQ(Score("Procter & Gamble Co.", "Procter and Gamble Co.", kOrg), 1.0f);
}

TEST(NameMatchTest, MisspellingsAndTransliterationsStayAboveTheThreshold) {
  for (const auto& [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"Vladimir Pulin", "Vladimir Putin"},
           {"Usama bin Ladin", "Osama bin Laden"},
           {"Moammar Qaddafi", "Muammar Gaddafi"},
           {"Hasan Rohani", "Hassan Rouhani"},
           {"Alexandr Lukashnko", "Alexander Lukashenko"},
           {"Emmanuel Marcon", "Emmanuel Macron"},
           {"Kim Jong Un", "Kim Jong-un"},
           {"Vladimir Vladimirovich Putin", "Vladimir Putin"},
           {"V. Putin", "Vladimir Putin"},
       }) {
    EXPECT_GE(Score(a, b, kPerson), kThreshold) << a << " / " << b;
  }
  EXPECT_GE(Score("TACTICAL MISSILES CORP. JSC", "OJSC Tactical Missiles Corporation", kOrg),
            kThreshold);
  EXPECT_GE(Score("vanderbilt corp", "van der bilt corp", kOrg), kThreshold);
  EXPECT_GE(Score("PLA", "People's Liberation Army", kOrg), kThreshold);
}

TEST(NameMatchTest, DifferentPeopleWithSharedNamesStayBelow) {
  for (const auto& [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"Daniel Tusk", "Donald Tusk"},
           {"Barack Obama", "George Hussein Onyango Obama"},
           {"TARIQ ANWAR EL SAYED MOHAMED", "TARIQ ANWAR EL SAYED AHMED"},
           {"SADDAM HUSSEIN AL-DULAIMI", "SADDAM HUSSEIN AL-TIKRITI"},
           {"Sergey Viktorovich Lavrov", "Sergey Borisovitch Lavrov"},
           {"A. Nazarbayev", "Nursultan Nazarbayev"},
           {"Vladimir Putin", "KONONOV, Vladimir P."},                  // "P." does not make Putin
           {"AHMAD BIN HASAN AL-UBAIDI", "HASAN BIN AHMAD AL-UBAIDI"},  // father and son
       }) {
    EXPECT_LT(Score(a, b, kPerson), kThreshold) << a << " / " << b;
  }
  EXPECT_LT(Score("Vladimir Putin", "VLADIMIR", kPerson), kThreshold);  // a one-word alias
  EXPECT_LT(
      Score("China Construction Trust Corporation", "China Construction Bank Corporation", kOrg),
      kThreshold);
  EXPECT_LT(Score("Renova Group", "Z-R GROUP SAL HOLDING", kOrg), kThreshold);
  EXPECT_LT(Score("习近朋", "习近平", kPerson), kThreshold);  // one character, another name
}

TEST(NameMatchTest, AWordManyEntriesShareWeighsLess) {
  EXPECT_FLOAT_EQ(RarityWeight(0), 1.0f);
  EXPECT_FLOAT_EQ(RarityWeight(kRarityCommonEntries), 1.0f);
  EXPECT_FLOAT_EQ(RarityWeight(kRarityCommonEntries * 2), 1.0f - kRaritySlope);
  EXPECT_FLOAT_EQ(RarityWeight(1000000), kRarityFloor);
  // "petrochemical" is in no business-word table; in a list where 200
  // entries have it, "Kharg Petrochemical" against "Kharg Shipping" is
  // a differing common word, which costs less than a differing rare one.
  const TokenFrequency frequency = [](std::string_view token) -> uint32_t {
    return token == "petrochemical" ? 200 : 1;
  };
  const float plain =
      ScoreNames("Zagros Petrochemical", "Zagros Shipping", NameKind::kOrganization);
  NameScore why;
  const float rare = ScoreNames("Zagros Petrochemical", "Zagros Shipping", NameKind::kOrganization,
                                {}, &why, frequency);
  EXPECT_GT(rare, plain);
  // Particles and numbers keep their weights whatever the list says.
  EXPECT_FALSE(RarityApplies(TokenRole::kParticle));
  EXPECT_FALSE(RarityApplies(TokenRole::kNumber));
  EXPECT_TRUE(RarityApplies(TokenRole::kGeneric));
}

TEST(NameMatchTest, LegalFormsOfDifferentFamiliesCost) {
  const float same = Score("Deutsche Bank AG", "Deutsche Bank Aktiengesellschaft", kOrg);
  const float other = Score("Deutsche Bank AG", "Deutsche Bank GmbH", kOrg);
  const float generic = Score("Deutsche Bank AG", "Deutsche Bank Ltd", kOrg);
  EXPECT_FLOAT_EQ(same, 1.0f);
  EXPECT_FLOAT_EQ(other, MatchParams{}.legal_mismatch);
  EXPECT_FLOAT_EQ(generic, 1.0f);
}

TEST(NameMatchTest, ExplanationNamesEveryPart) {
  NameScore why;
  const float score =
      ScoreNames("Vladimir Pulin Jr", "PUTIN, Vladimir Vladimirovich", kPerson, {}, &why);
  EXPECT_FLOAT_EQ(why.score, score);
  ASSERT_EQ(why.parts.size(), 3u);
  // In query order; the list's tokens are vladimir vladimirovich putin.
  EXPECT_EQ(why.parts[0].kind, PartKind::kMatch);  // vladimir = vladimir
  EXPECT_EQ(why.parts[0].candidate_begin, 0);
  EXPECT_FLOAT_EQ(why.parts[0].similarity, 1.0f);
  EXPECT_EQ(why.parts[1].kind, PartKind::kMatch);  // pulin ~ putin
  EXPECT_EQ(why.parts[1].candidate_begin, 2);
  EXPECT_FLOAT_EQ(why.parts[1].similarity, 0.8f);
  EXPECT_LT(why.parts[1].quality, 1.0f);
  EXPECT_EQ(why.parts[2].kind, PartKind::kConflict);  // jr against vladimirovich
  EXPECT_EQ(why.parts[2].candidate_begin, 1);
  EXPECT_FLOAT_EQ(why.parts[2].quality, MatchParams{}.conflict_quality);
  EXPECT_NEAR(why.coverage * why.quality * why.order_factor * why.legal_factor, score, 1e-6);
}

TEST(NameMatchTest, ExtrasDiluteWhileConflictsSink) {
  NameScore extra, conflict;
  ScoreNames("Boris Johnson", "Alexandre Boris de Pfeffel Johnson", kPerson, {}, &extra);
  ScoreNames("Geoffrey Boris Johnson", "Alexandre Boris de Pfeffel Johnson", kPerson, {},
             &conflict);
  EXPECT_FLOAT_EQ(extra.quality, 1.0f);
  EXPECT_LT(extra.coverage, 1.0f);
  EXPECT_GE(extra.score, kThreshold);
  EXPECT_LT(conflict.quality, 0.5f);
  EXPECT_LT(conflict.score, kThreshold);
}

TEST(NameMatchTest, RepeatedTokensCostNothing) {
  EXPECT_FLOAT_EQ(Score("Sergey Sergey Shoigu", "Sergey Shoigu", kPerson), 1.0f);
}

TEST(NameMatchTest, OrderMattersALittleForPeopleOnly) {
  EXPECT_FLOAT_EQ(Score("Friedrich Hans", "Hans Friedrich", kPerson), MatchParams{}.order_factor);
  EXPECT_FLOAT_EQ(Score("Bank Melli", "Melli Bank", kOrg), 1.0f);
}

TEST(NameMatchTest, EmptyNamesScoreZero) {
  EXPECT_FLOAT_EQ(Score("", "Vladimir Putin", kPerson), 0.0f);
  EXPECT_FLOAT_EQ(Score("Vladimir Putin", "", kPerson), 0.0f);
}

}  // namespace
}  // namespace stargate::screen
