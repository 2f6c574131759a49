#include "stargate/screen/query_facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stargate/core/diagnostic.h"

namespace stargate::screen {
namespace {

using ::testing::HasSubstr;

TEST(QueryFactsTest, TypesInTheWordsUsersWrite) {
  EXPECT_EQ(*ParseQueryType("Person"), EntryType::kIndividual);
  EXPECT_EQ(*ParseQueryType("individual"), EntryType::kIndividual);
  EXPECT_EQ(*ParseQueryType("company"), EntryType::kEntity);
  EXPECT_EQ(*ParseQueryType(" ORGANISATION "), EntryType::kEntity);
  EXPECT_EQ(*ParseQueryType("vessel"), EntryType::kVessel);
  EXPECT_EQ(*ParseQueryType("aircraft"), EntryType::kAircraft);
  const auto ship = ParseQueryType("ship");
  ASSERT_FALSE(ship.ok());
  const auto problems = ProblemsOf(ship.status());
  EXPECT_EQ(problems[0].what, "type 'ship' is not known");
  EXPECT_EQ(problems[0].expected, "person, organization, vessel or aircraft");
}

TEST(QueryFactsTest, ImoNumbersAreSevenDigitsWithOrWithoutThePrefix) {
  EXPECT_EQ(*ParseImoNumber("9123456"), "9123456");
  EXPECT_EQ(*ParseImoNumber("IMO 9123456"), "9123456");
  EXPECT_EQ(*ParseImoNumber("imo9123456"), "9123456");
  EXPECT_FALSE(ParseImoNumber("912345").ok());
  EXPECT_FALSE(ParseImoNumber("91234567").ok());
  EXPECT_FALSE(ParseImoNumber("IMO 91234x6").ok());
  EXPECT_THAT(std::string(ParseImoNumber("").status().message()), HasSubstr("seven digits"));
}

TEST(QueryFactsTest, ACountryIsComparedByItsCodeNameAndAliasesAsListsWriteThem) {
  const QueryCountry burma = MakeQueryCountry("MM", "Myanmar (Burma)", {"Burma", "Myanmar"});
  EXPECT_TRUE(burma.given());
  EXPECT_EQ(burma.code, "MM");
  EXPECT_EQ(burma.name, "Myanmar (Burma)");
  EXPECT_THAT(burma.keys, ::testing::ElementsAre("mm", "myanmar burma", "burma", "myanmar"));
  const QueryCountry korea =
      MakeQueryCountry("KR", "Republic of Korea", {"South Korea", "Korea, Republic of"});
  // OFAC writes "Korea, South", which CountryKey reads as "south korea".
  EXPECT_THAT(korea.keys, ::testing::Contains(CountryKey("Korea, South")));
  EXPECT_FALSE(QueryCountry{}.given());
}

TEST(QueryFactsTest, BirthYearsAreYears) {
  EXPECT_EQ(*ParseBirthYear("1952"), 1952);
  EXPECT_FALSE(ParseBirthYear("52").ok());
  EXPECT_FALSE(ParseBirthYear("2200").ok());
  EXPECT_FALSE(ParseBirthYear("1952-10-07").ok());
}

}  // namespace
}  // namespace stargate::screen
