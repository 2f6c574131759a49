#include "stargate/screen/screen.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stargate::screen {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

fs::path TestData(const std::string& path) {
  return fs::path(STARGATE_SOURCE_DIR) / "src/stargate/screen/testdata" / path;
}

class ScreenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cache_ = fs::temp_directory_path() /
             ("stargate-screen-test-" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(cache_);
    options_.cache_dir = cache_;
    auto list = LoadScreeningList({TestData("ofac"), TestData("csl")}, options_);
    ASSERT_TRUE(list.ok()) << list.status();
    list_ = std::make_unique<ScreeningList>(std::move(*list));
  }
  void TearDown() override { fs::remove_all(cache_); }

  std::vector<Hit> Hits(std::string_view name, ScreenOptions options = {}) {
    auto hits = Screen(*list_, name, options);
    EXPECT_TRUE(hits.ok()) << hits.status();
    return hits.ok() ? *hits : std::vector<Hit>{};
  }

  fs::path cache_;
  LoadOptions options_;
  std::unique_ptr<ScreeningList> list_;
};

TEST_F(ScreenTest, FindsListedNamesHoweverWritten) {
  for (const char* query :
       {"Vladimir Putin", "PUTIN Vladimir", "vladimir putn", "Владимир Путин"}) {
    auto hits = Hits(query);
    ASSERT_FALSE(hits.empty()) << query;
    EXPECT_EQ(hits[0].entry_id, "35096") << query;
    EXPECT_EQ(hits[0].list, "OFAC SDN");
    EXPECT_THAT(hits[0].programs, ElementsAre("RUSSIA-EO14024"));
    EXPECT_EQ(hits[0].type, EntryType::kIndividual);
  }
  EXPECT_EQ(Hits("Rosoboronexport JSC")[0].entry_id, "18782");
  EXPECT_EQ(Hits("Iran Aircraft Manufacturing Industries")[0].entry_id, "11195");
  EXPECT_EQ(Hits("HSRI")[0].list, "Entity List (EL) - Bureau of Industry and Security");
  EXPECT_EQ(Hits("Adrian Manuel Hernandez")[0].entry_id, "dpl-0003");  // CSL row without a type
}

TEST_F(ScreenTest, FindsNamesFromScriptsThatWriteFewVowels) {
  // Hebrew and Arabic write "Vladimir Putin" as consonants (ICU: "wldymyr
  // pwtyn", "fladymyr bwtyn"); the blocking index finds the entry by the
  // consonant skeleton, which the exact and deletion keys would not.
  for (const char* query : {"ולדימיר פוטין", "فلاديمير بوتين"}) {
    auto hits = Hits(query);
    ASSERT_FALSE(hits.empty()) << query;
    EXPECT_EQ(hits[0].entry_id, "35096") << query;
    ScreenOptions all;
    all.exhaustive = true;
    EXPECT_EQ(Hits(query, all)[0].score, hits[0].score) << query;  // blocking lost nothing
  }
}

TEST_F(ScreenTest, RegistryAnnotationsAreNotPartOfTheName) {
  const auto plain = Hits("Rosoboronexport JSC");
  const auto annotated = Hits("Rosoboronexport JSC (Reg. No. 1027739847589)");
  ASSERT_FALSE(annotated.empty());
  EXPECT_EQ(annotated[0].entry_id, "18782");
  EXPECT_FLOAT_EQ(annotated[0].score, plain[0].score);
}

TEST_F(ScreenTest, IdentifiersTheQueryGivesAreComparedWithTheList) {
  ScreenOptions same, other;
  same.imo = "7406784";  // EBANO's IMO number in the OFAC remarks
  other.imo = "9187629";
  const auto hit = Hits("EBANO", same);
  ASSERT_FALSE(hit.empty());
  EXPECT_EQ(hit[0].imo, "7406784");
  EXPECT_FLOAT_EQ(hit[0].score, 1.0f);
  other.threshold = 0.2f;
  const auto miss = Hits("EBANO", other);
  ASSERT_FALSE(miss.empty());
  EXPECT_FLOAT_EQ(miss[0].score, other.params.identifier_mismatch);
  EXPECT_THAT(miss[0].against, ElementsAre("IMO 7406784 is not 9187629"));
}

TEST_F(ScreenTest, TheQuerysCountryAgainstTheListsCountsAndIsExplained) {
  // Putin's remarks give "nationality Russia; citizen Russia".
  ScreenOptions russia, germany;
  russia.country = MakeQueryCountry("RU", "Russia", {"Russian Federation"});
  germany.country = MakeQueryCountry("DE", "Germany", {});
  const auto plain = Hits("Vladimir Putn");
  const auto same = Hits("Vladimir Putn", russia);
  const auto other = Hits("Vladimir Putn", germany);
  ASSERT_FALSE(plain.empty());
  ASSERT_FALSE(same.empty());
  ASSERT_FALSE(other.empty());
  EXPECT_THAT(plain[0].countries, ElementsAre("russia"));
  EXPECT_FLOAT_EQ(plain[0].country_factor, 1.0f);
  EXPECT_FLOAT_EQ(same[0].country_factor, russia.params.country_match);
  EXPECT_FLOAT_EQ(same[0].score, std::min(1.0f, plain[0].score * russia.params.country_match));
  EXPECT_GT(same[0].score, plain[0].score);
  EXPECT_THAT(same[0].supporting, ElementsAre("listed in russia"));
  EXPECT_FLOAT_EQ(other[0].country_factor, germany.params.country_mismatch);
  EXPECT_FLOAT_EQ(other[0].score, plain[0].score * germany.params.country_mismatch);
  EXPECT_THAT(other[0].against, ::testing::Contains("listed in russia, not Germany"));
  // An entry the list ties to no country is neither helped nor hurt.
  const auto ship = Hits("EBANO", germany);
  ASSERT_FALSE(ship.empty());
  EXPECT_FLOAT_EQ(ship[0].country_factor, 1.0f);
  // The CSL's address code: HSRI is in "Shijiazhuang, CN".
  ScreenOptions china;
  china.country = MakeQueryCountry("CN", "China", {"PRC"});
  EXPECT_FLOAT_EQ(Hits("HSRI", china)[0].country_factor, china.params.country_match);
}

TEST_F(ScreenTest, KnownTypesThatDifferCountAgainstAndAreExplained) {
  ScreenOptions as_company;
  as_company.threshold = 0.3f;
  as_company.query_type = EntryType::kEntity;
  const auto hits = Hits("EBANO", as_company);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].entry_id, "4243");
  EXPECT_FLOAT_EQ(hits[0].type_factor, as_company.params.type_mismatch);
  EXPECT_FLOAT_EQ(hits[0].score, as_company.params.type_mismatch);
  EXPECT_THAT(hits[0].against, ElementsAre("type vessel is not the query's"));
  EXPECT_THAT(hits[0].matched, ElementsAre("ebano"));
  ScreenOptions as_vessel = as_company;
  as_vessel.query_type = EntryType::kVessel;
  EXPECT_FLOAT_EQ(Hits("M/V EBANO", as_vessel)[0].score, 1.0f);  // the prefix is not the name
}

TEST_F(ScreenTest, UnrelatedNamesAreClear) {
  EXPECT_TRUE(Hits("Acme Widgets GmbH").empty());
  EXPECT_TRUE(Hits("Maria Garcia").empty());
  EXPECT_TRUE(Hits("Vladimir Kononov").empty());
}

TEST_F(ScreenTest, HitsExplainThemselves) {
  auto hits = Hits("Vladimir Pulin");
  ASSERT_EQ(hits.size(), 1u);
  const Hit& hit = hits[0];
  EXPECT_EQ(hit.entry_name, "PUTIN, Vladimir Vladimirovich");
  EXPECT_EQ(hit.matched_name, "PUTIN, Vladimir");
  EXPECT_EQ(hit.name_role, NameRole::kAka);
  EXPECT_THAT(hit.source, HasSubstr("sdn.csv:"));
  ASSERT_EQ(hit.parts.size(), 2u);
  EXPECT_EQ(hit.parts[0].query, "vladimir");
  EXPECT_EQ(hit.parts[0].listed, "vladimir");
  EXPECT_EQ(hit.parts[1].query, "pulin");
  EXPECT_EQ(hit.parts[1].listed, "putin");
  EXPECT_FLOAT_EQ(hit.parts[1].similarity, 0.8f);
  EXPECT_NEAR(hit.coverage * hit.quality, hit.score, 1e-6);
}

TEST_F(ScreenTest, ThresholdAndMaxHits) {
  ScreenOptions strict;
  strict.threshold = 0.99f;
  EXPECT_TRUE(Hits("Vladimir Pulin", strict).empty());
  EXPECT_EQ(Hits("Vladimir Putin", strict).size(), 1u);
  ScreenOptions one;
  one.max_hits = 1;
  one.threshold = 0.3f;
  EXPECT_EQ(Hits("Iran Aircraft Industries Trading", one).size(), 1u);
}

TEST_F(ScreenTest, BlockingFindsWhatScoringEverythingFinds) {
  ScreenOptions all;
  all.exhaustive = true;
  all.max_hits = 0;
  ScreenOptions blocked;
  blocked.max_hits = 0;
  for (const char* query :
       {"Vladimir Putin", "Rosoboroneksport", "Banco Nacional de Cuba", "Ebano", "Salome Flores",
        "Hesa Trade Centre", "Aero Caribbean", "Ismail Haniya", "Sinobright Import Export Co"}) {
    std::vector<std::string> a, b;
    for (const auto& h : Hits(query, all)) a.push_back(h.entry_id);
    for (const auto& h : Hits(query, blocked)) b.push_back(h.entry_id);
    EXPECT_FALSE(a.empty()) << query;
    EXPECT_EQ(a, b) << query;
  }
}

TEST_F(ScreenTest, BadNamesAreErrors) {
  EXPECT_EQ(Screen(*list_, "   ").status().message(),
            "name is empty; expected the name of a person or organisation to screen");
  EXPECT_EQ(Screen(*list_, "--").status().message(),
            "name '--' has no letters or digits; expected a name");
  EXPECT_EQ(Screen(*list_, "Pu\xFFtin").status().message(),
            "name is not clean UTF-8 text (bad byte at offset 2); expected UTF-8 text without "
            "control characters");
  EXPECT_EQ(Screen(*list_, std::string(2000, 'a')).status().message(),
            "name is 2000 bytes long; expected at most 1024 bytes");
}

TEST_F(ScreenTest, TheListCountsTheEntriesThatHaveEachWord) {
  // "putin" is in two of Putin's names, one entry; words are normalized.
  EXPECT_EQ(list_->EntriesWithToken("putin"), 1u);
  EXPECT_EQ(list_->EntriesWithToken("rosoboroneksport"), 1u);
  EXPECT_EQ(list_->EntriesWithToken("nosuchword"), 0u);
  EXPECT_EQ(list_->EntriesWithToken(""), 0u);
}

TEST_F(ScreenTest, SecondLoadComesFromTheCache) {
  EXPECT_FALSE(list_->info().from_cache);
  ASSERT_FALSE(list_->info().cache_path.empty());
  EXPECT_TRUE(fs::exists(list_->info().cache_path));
  auto again = LoadScreeningList({TestData("ofac"), TestData("csl")}, options_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->info().from_cache);
  EXPECT_EQ(again->info().content_key, list_->info().content_key);
  EXPECT_EQ(again->info().entries, 12u);
  ASSERT_EQ(again->info().files.size(), 3u);
  EXPECT_EQ(again->info().files[0].name, "alt.csv");
  // The notes of the build travel with the cache.
  EXPECT_THAT(again->info().notes, ::testing::Contains(HasSubstr("not in the list")));
  auto hits = Screen(*again, "Vladimir Putin");
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ((*hits)[0].entry_id, "35096");
}

TEST_F(ScreenTest, DamagedCacheIsIgnoredAndRebuilt) {
  const std::string path = list_->info().cache_path;
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7F');
  }
  auto again = LoadScreeningList({TestData("ofac"), TestData("csl")}, options_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->info().from_cache);
  EXPECT_THAT(again->info().notes, ::testing::Contains(HasSubstr("ignored damaged cache file")));
  auto third = LoadScreeningList({TestData("ofac"), TestData("csl")}, options_);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->info().from_cache);  // the rebuild replaced it
}

TEST_F(ScreenTest, ChangedListContentIsANewCacheKey) {
  const fs::path dir = cache_ / "list";
  fs::create_directories(dir);
  fs::copy(TestData("ofac/sdn.csv"), dir / "sdn.csv");
  auto first = LoadScreeningList({dir}, options_);
  ASSERT_TRUE(first.ok());
  // A new record before OFAC's end-of-file byte.
  std::string text = *ReadListFile(dir / "sdn.csv");
  ASSERT_EQ(text.back(), '\x1A');
  text.insert(text.size() - 1,
              "90001,\"NEWLY LISTED TRADING LLC\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
              ",-0- \r\n");
  std::ofstream(dir / "sdn.csv", std::ios::binary | std::ios::trunc) << text;
  auto second = LoadScreeningList({dir}, options_);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->info().content_key, first->info().content_key);
  EXPECT_FALSE(second->info().from_cache);
  auto hits = Screen(*second, "Newly Listed Trading");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].entry_id, "90001");
}

TEST_F(ScreenTest, NoCacheWhenAskedOrWhenTheFolderIsNotWritable) {
  LoadOptions none;
  none.use_cache = false;
  auto list = LoadScreeningList({TestData("ofac")}, none);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->info().cache_path.empty());
  LoadOptions unwritable;
  unwritable.cache_dir = "/proc/stargate-cannot-write-here";
  auto still = LoadScreeningList({TestData("ofac")}, unwritable);
  ASSERT_TRUE(still.ok()) << still.status();
  EXPECT_TRUE(still->info().cache_path.empty());
  EXPECT_THAT(still->info().notes, ::testing::Contains(HasSubstr("the index was not cached")));
}

TEST(LoadScreeningListTest, NothingToLoadIsAnError) {
  EXPECT_EQ(LoadScreeningList({}).status().message(),
            "no screening list given; expected a list CSV file or a folder of them");
}

}  // namespace
}  // namespace stargate::screen
