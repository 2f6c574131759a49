#include "stargate/model/country_resolver.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

Country Make(const char* iso2, const char* name, std::vector<std::string> aliases = {}) {
  Country c;
  c.iso2 = iso2;
  c.name = name;
  c.aliases = std::move(aliases);
  return c;
}

class CountryResolverTest : public ::testing::Test {
 protected:
  std::vector<Country> countries_ = {
      Make("DE", "Germany"),
      Make("IN", "India"),
      Make("AE", "United Arab Emirates", {"UAE", "Emirates"}),
      Make("TR", "Turkey", {"Türkiye"}),
      Make("KR", "Republic of Korea", {"South Korea"}),
      Make("KP", "North Korea", {"DPRK"}),
      Make("HK", "Hong Kong", {"Hong Kong SAR"}),
      Make("GB", "United Kingdom", {"UK"}),
      Make("US", "United States", {"USA"}),
      Make("MM", "Myanmar (Burma)"),
  };
  CountryResolver resolver_{countries_};

  std::string Code(std::string_view text) {
    const CountryResolution r = resolver_.Resolve(text);
    return r.ok() ? r.country->iso2 : "-";
  }
};

TEST_F(CountryResolverTest, CodesInAnyCase) {
  EXPECT_EQ(Code("DE"), "DE");
  EXPECT_EQ(Code("de"), "DE");
  EXPECT_EQ(Code("dE"), "DE");
  // "in" is a code first, never the English word.
  EXPECT_EQ(Code("in"), "IN");
  EXPECT_EQ(Code("IN"), "IN");
  EXPECT_EQ(Code(" in "), "IN");
}

TEST_F(CountryResolverTest, NamesAndAliasesInAnyCaseWithAccentsAndPunctuation) {
  EXPECT_EQ(Code("Germany"), "DE");
  EXPECT_EQ(Code("GERMANY"), "DE");
  EXPECT_EQ(Code("india"), "IN");
  EXPECT_EQ(Code("UAE"), "AE");
  EXPECT_EQ(Code("u.a.e."), "AE");
  EXPECT_EQ(Code("the United Arab Emirates"), "AE");
  EXPECT_EQ(Code("Türkiye"), "TR");
  EXPECT_EQ(Code("TÜRKIYE"), "TR");
  EXPECT_EQ(Code("turkiye"), "TR");
  EXPECT_EQ(Code("turkey"), "TR");
  EXPECT_EQ(Code("South Korea"), "KR");
  EXPECT_EQ(Code("south-korea"), "KR");
  EXPECT_EQ(Code("hong kong"), "HK");
  EXPECT_EQ(Code("Hong Kong SAR"), "HK");
  EXPECT_EQ(Code("uk"), "GB");     // an alias, though "UK" is not a code in the data
  EXPECT_EQ(Code("Burma"), "MM");  // a whole word of one name
  EXPECT_EQ(Code("myanmar"), "MM");
}

TEST_F(CountryResolverTest, MisspellingGetsDidYouMeanWithNameAndCode) {
  const CountryResolution r = resolver_.Resolve("Germny");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.what, "country 'Germny' is not a known country (did you mean Germany (DE)?)");
  EXPECT_NE(r.expected.find("Germany or DE"), std::string::npos);
  EXPECT_EQ(resolver_.Resolve("Indai").what,
            "country 'Indai' is not a known country (did you mean India (IN)?)");
  const CountryResolution t = resolver_.Resolve("Turky", "destination");
  EXPECT_EQ(t.what, "destination 'Turky' is not a known country (did you mean Turkey (TR)?)");
}

TEST_F(CountryResolverTest, UnknownCodeSuggestsNothing) {
  const CountryResolution r = resolver_.Resolve("ZZ");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.what, "country 'ZZ' is not a known country");
}

TEST_F(CountryResolverTest, AWordSeveralNamesShareIsAmbiguous) {
  const CountryResolution r = resolver_.Resolve("Korea");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.what,
            "country 'Korea' is ambiguous: it could be Republic of Korea (KR) or North Korea (KP)");
  EXPECT_EQ(r.expected, "one of Republic of Korea (KR), North Korea (KP) by its full name or code");
  const CountryResolution u = resolver_.Resolve("united");
  EXPECT_FALSE(u.ok());
  EXPECT_NE(u.what.find("United Arab Emirates (AE)"), std::string::npos);
  EXPECT_NE(u.what.find("United Kingdom (GB)"), std::string::npos);
  EXPECT_NE(u.what.find("United States (US)"), std::string::npos);
}

TEST_F(CountryResolverTest, EmptyAndHostileInputAreProblemsNotCrashes) {
  EXPECT_EQ(resolver_.Resolve("").what, "country is empty");
  EXPECT_EQ(resolver_.Resolve(" ,.; ").what, "country is empty");
  const std::string huge(1 << 20, 'x');
  EXPECT_FALSE(resolver_.Resolve(huge).ok());
  EXPECT_FALSE(resolver_.Resolve(std::string("\xC3", 1)).ok());
  EXPECT_FALSE(resolver_.Resolve(std::string("\xff\xfe\x00", 3)).ok());
}

TEST_F(CountryResolverTest, NormalizeDropsAccentsPunctuationAndLeadingThe) {
  EXPECT_EQ(CountryResolver::Normalize("  The Côte-d'Ivoire "), "cote divoire");
  EXPECT_EQ(CountryResolver::Normalize("TÜRKİYE"), "turkiye");  // dotted capital I (U+0130)
  EXPECT_EQ(CountryResolver::Normalize("People’s Republic"), "peoples republic");
}

}  // namespace
}  // namespace stargate
