// End-to-end: `stargate show` on the default data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "cli_runner.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;

TEST(ShowCliTest, AcceleratorsTableShowsComputedTpp) {
  auto r = RunStargate({"show", "accelerators"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("H100-SXM"));
  EXPECT_THAT(r.out, HasSubstr("15,832"));
}

TEST(ShowCliTest, AcceleratorsJsonHasTheCatalogue) {
  auto r = RunStargate({"show", "accelerators", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& a : j["accelerators"]) {
    ids.insert(a["id"]);
    EXPECT_GT(a["tpp"].get<double>(), 0) << a["id"];
    EXPECT_FALSE(a["provenance"].empty()) << a["id"];
  }
  EXPECT_EQ(ids,
            (std::set<std::string>{"A100-SXM", "H100-SXM", "H100-PCIE", "H200-SXM", "H20", "MI308",
                                   "B200", "GB200", "B300", "GB300", "MI300X", "MI325X", "GAUDI3",
                                   "TPU-V5P", "MI355X", "MI450", "RUBIN", "TPU-V6E", "TPU7X"}));
}

// Source keys come with their titles and URLs (docs/sources.md), never bare.
TEST(ShowCliTest, SourcesAreShownWithTitlesAndUrls) {
  auto r = RunStargate({"show", "countries", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  int references = 0;
  for (const auto& c : j["countries"]) {
    const auto& p = c["provenance"];
    if (!p.contains("source")) continue;
    ASSERT_TRUE(p.contains("references")) << c["iso2"];
    ASSERT_EQ(p["references"].size(), p["source"].size()) << c["iso2"];
    for (const auto& ref : p["references"]) {
      ++references;
      EXPECT_FALSE(ref["urls"].empty()) << c["iso2"] << " " << ref["key"];
      if (!ref["key"].get<std::string>().starts_with("http")) {
        EXPECT_FALSE(ref["title"].get<std::string>().empty()) << ref["key"];
      }
    }
  }
  EXPECT_GT(references, 40);
}

TEST(ShowCliTest, CountriesSitesFinanciers) {
  for (const char* kind : {"countries", "sites", "financiers"}) {
    auto r = RunStargate({"show", kind, "--json"});
    ASSERT_EQ(r.exit_code, 0) << kind << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_FALSE(j[kind].empty()) << kind;
  }
  auto r = RunStargate({"show", "sites"});
  EXPECT_THAT(r.out, HasSubstr("abilene"));
}

TEST(ShowCliTest, UnknownKindIsAUsageError) {
  auto r = RunStargate({"show", "planets"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: cannot show 'planets'; expected one of accelerators"));
}

}  // namespace
}  // namespace stargate::testing
