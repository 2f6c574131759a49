#include "stargate/screen/normalize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stargate/screen/internal/name_words.h"
#include "stargate/screen/internal/transliterate.h"

namespace stargate::screen {
namespace {

std::string Tokens(std::string_view name, NameKind kind) {
  std::string out;
  for (const auto& t : NormalizeName(name, kind).tokens) {
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

std::vector<TokenRole> Roles(std::string_view name, NameKind kind) {
  std::vector<TokenRole> roles;
  for (const auto& t : NormalizeName(name, kind).tokens) roles.push_back(t.role);
  return roles;
}

constexpr NameKind kPerson = NameKind::kPerson;
constexpr NameKind kOrg = NameKind::kOrganization;

TEST(TransliterateTest, ScriptsAndDiacriticsToAscii) {
  EXPECT_EQ(Transliterate("Владимир Путин"), "Vladimir Putin");
  EXPECT_EQ(Transliterate("Михаил Горбачёв"), "Mikhail Gorbachev");
  EXPECT_EQ(Transliterate("Gerhard Schröder"), "Gerhard Schroeder");
  EXPECT_EQ(Transliterate("Recep Tayyip Erdoğan"), "Recep Tayyip Erdogan");
  EXPECT_EQ(Transliterate("Κυριάκος Μητσοτάκης"), "Kyriakos Metsotakes");
  EXPECT_EQ(Transliterate("习近平"), "xi jin ping");
  EXPECT_EQ(Transliterate("محمد بن سلمان"), "mhmd bn slman");
  EXPECT_EQ(Transliterate("Ухнаагийн Хүрэлсүх"), "Ukhnaagiyn Khurelsukh");
  EXPECT_EQ(Transliterate("plain ASCII stays"), "plain ASCII stays");
}

TEST(TransliterateTest, CleanUtf8) {
  size_t offset = 0;
  EXPECT_TRUE(IsCleanUtf8("Müller"));
  EXPECT_FALSE(IsCleanUtf8("M\xFCller", &offset));
  EXPECT_EQ(offset, 1u);
  EXPECT_FALSE(IsCleanUtf8(std::string("a\0b", 3), &offset));
  EXPECT_EQ(offset, 1u);
  EXPECT_FALSE(IsCleanUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsCleanUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsCleanUtf8("\xE2\x82"));      // truncated
  EXPECT_TRUE(IsCleanUtf8("tab\tis fine"));
}

TEST(NormalizeTest, CasePunctuationAndApostrophes) {
  EXPECT_EQ(Tokens("AL-QA'IDA", kOrg), "al qaida");
  EXPECT_EQ(Tokens("  Kim   Jong-un ", kPerson), "kim jong un");
  // A possessive 's goes (it was "peoples" before plurals counted against a
  // match: "Deutsche Bank's" must not read as the plural "banks").
  EXPECT_EQ(Tokens("People’s Liberation Army", kOrg), "people liberation army");
  EXPECT_EQ(Tokens("Deutsche Bank's AG", kOrg), "deutsche bank");
}

TEST(NormalizeTest, PersonNamesAreReorderedFromListOrder) {
  EXPECT_EQ(Tokens("PUTIN, Vladimir Vladimirovich", kPerson), "vladimir vladimirovich putin");
  EXPECT_EQ(Tokens("Apple, Inc.", kOrg), "apple");
}

TEST(NormalizeTest, LegalFormsLeaveTheNameIntoFamilies) {
  const NormalizedName a = NormalizeName("Siemens Aktiengesellschaft", kOrg);
  const NormalizedName b = NormalizeName("SIEMENS AG", kOrg);
  EXPECT_EQ(Tokens("Siemens Aktiengesellschaft", kOrg), "siemens");
  EXPECT_EQ(a.legal_families, b.legal_families);
  EXPECT_EQ(a.legal_families, 1u << static_cast<int>(LegalFamily::kStockCorporation));
  EXPECT_EQ(Tokens("OOO Oboronnye Initsiativy", kOrg), "oboronnye initsiativy");
  EXPECT_EQ(NormalizeName("OOO Oboronnye Initsiativy", kOrg).legal_families,
            NormalizeName("Oboronnye Initsiativy Limited Liability Company", kOrg).legal_families);
  EXPECT_EQ(Tokens("FABERLIC EUROPE Sp. z o.o.", kOrg), "faberlic europe");
  EXPECT_EQ(Tokens("Volkswagen Gesellschaft mit beschränkter Haftung", kOrg), "volkswagen");
  EXPECT_EQ(Tokens("Volkswagen Bank GmbH", kOrg), "volkswagen bank");
  EXPECT_EQ(Tokens("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ \"БАЙКАЛ\"", kOrg), "baykal");
  // A name that is nothing but a legal form keeps its words.
  EXPECT_EQ(Tokens("Company Limited", kOrg), "company limited");
  // Ambiguous short forms stay in a person's name.
  EXPECT_EQ(Tokens("Nicolas Maduro SA", kPerson), "nicolas maduro sa");
}

TEST(NormalizeTest, InitialismsJoinForOrganisationsOnly) {
  EXPECT_EQ(Tokens("A.B.C. Company", kOrg), "abc");
  EXPECT_EQ(Tokens("J.P. Morgan & Co.", kOrg), "jp morgan and");
  EXPECT_EQ(Tokens("J.P. Morgan", kPerson), "j p morgan");
  EXPECT_EQ(Tokens("U.S. Department of State", kOrg), "united states department of state");
}

TEST(NormalizeTest, CamelCaseSplitsButLegalFormsDoNot) {
  EXPECT_EQ(Tokens("VladimirPutin", kPerson), "vladimir putin");
  EXPECT_EQ(Tokens("JPMorgan Chase", kOrg), "jp morgan chase");
  EXPECT_EQ(Tokens("Volkswagen Bank GmbH", kOrg), "volkswagen bank");
  EXPECT_EQ(Tokens("MCDONALD", kPerson), "mcdonald");
}

TEST(NormalizeTest, NumbersWordsAndRomanNumerals) {
  EXPECT_EQ(Tokens("Brigade Forty-Four", kOrg), "brigade 44");
  EXPECT_EQ(Tokens("Brigade Forty 4", kOrg), "brigade 44");
  EXPECT_EQ(Tokens("1st International Bank", kOrg), "1 international bank");
  EXPECT_EQ(Tokens("First International Bank", kOrg), "1 international bank");
  EXPECT_EQ(Tokens("Citigroup Capital Trust XV", kOrg), "citigroup capital trust 15");
  EXPECT_EQ(Tokens("V. Putin", kPerson), "v putin");  // an initial, not five
}

TEST(NormalizeTest, RolesTitlesParticlesAndLeetspeak) {
  EXPECT_EQ(Tokens("Mr. Recep Tayyip Erdogan", kPerson), "recep tayyip erdogan");
  EXPECT_EQ(Tokens("Bashar el-Assad", kPerson), "bashar al assad");
  EXPECT_EQ(Tokens("Usama ibn Ladin", kPerson), "usama bin ladin");
  EXPECT_EQ(Tokens("Ig0r Sech1n", kPerson), "igor sechin");
  EXPECT_EQ(Roles("Abu Bakr al-Baghdadi", kPerson),
            (std::vector<TokenRole>{TokenRole::kParticle, TokenRole::kWord, TokenRole::kParticle,
                                    TokenRole::kWord}));
  EXPECT_EQ(Roles("Bank of China 2", kOrg),
            (std::vector<TokenRole>{TokenRole::kGeneric, TokenRole::kStop, TokenRole::kWord,
                                    TokenRole::kNumber}));
  EXPECT_EQ(Roles("Bank", kPerson), (std::vector<TokenRole>{TokenRole::kWord}));
  EXPECT_EQ(Roles("J Smith", kPerson),
            (std::vector<TokenRole>{TokenRole::kInitial, TokenRole::kWord}));
}

TEST(NormalizeTest, CjkNamesKeepTheirCharacters) {
  EXPECT_EQ(NormalizeName("高市早苗", kPerson).script_key, U"高市早苗");
  EXPECT_EQ(NormalizeName("김정은", kPerson).script_key, U"김정은");
  EXPECT_TRUE(NormalizeName("Владимир", kPerson).script_key.empty());
  EXPECT_TRUE(NormalizeName("Kim Jong Un", kPerson).script_key.empty());
}

TEST(NormalizeTest, KanaIsReadInHepburnAsListsWriteItAndPinyinWithoutTones) {
  // ICU: "toukyou", "ounoyuuko"; lists write long vowels as one letter.
  EXPECT_EQ(Tokens("とうきょう", kOrg), "tokyo");
  EXPECT_EQ(Tokens("おおの ゆうこ", kPerson), "ono yuko");
  EXPECT_EQ(Tokens("トヨタ", kOrg), "toyota");
  // Latin input is left alone: "Ouagadougou" is not Japanese.
  EXPECT_EQ(Tokens("Ouagadougou", kOrg), "ouagadougou");
  // Pinyin's tone marks go with the other diacritics.
  EXPECT_EQ(Tokens("Zhōngguó Hángkōng", kOrg), "zhongguo hangkong");
}

TEST(NormalizeTest, LongNamesAndTokensAreCut) {
  std::string many;
  for (int i = 0; i < 40; ++i) many += "word" + std::to_string(i) + "x ";
  EXPECT_EQ(NormalizeName(many, kOrg).tokens.size(), kMaxTokens);
  EXPECT_EQ(NormalizeName(std::string(100, 'a'), kOrg).tokens[0].text.size(), kMaxTokenLength);
}

TEST(PhoneticFoldTest, TransliterationVariantsFoldTogether) {
  EXPECT_EQ(PhoneticFold("usama"), PhoneticFold("osama"));
  EXPECT_EQ(PhoneticFold("bachar"), PhoneticFold("bashar"));
  EXPECT_EQ(PhoneticFold("mahmood"), PhoneticFold("mahmoud"));
  EXPECT_EQ(PhoneticFold("ahmadinezhad"), PhoneticFold("ahmadinejad"));
  EXPECT_EQ(PhoneticFold("rohani"), PhoneticFold("rouhani"));
  EXPECT_EQ(PhoneticFold("wladimir"), PhoneticFold("vladimir"));
  EXPECT_EQ(PhoneticFold("abdallah"), PhoneticFold("abdalla"));
  EXPECT_NE(PhoneticFold("daniel"), PhoneticFold("donald"));
  EXPECT_NE(PhoneticFold("tom"), PhoneticFold("tim"));
}

}  // namespace
}  // namespace stargate::screen
