#include "stargate/screen/list_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace stargate::screen {
namespace {

ImportedList SmallList() {
  auto list = ImportListTexts(
      {{"sdn.csv",
        "1,\"PUTIN, Vladimir\",\"individual\",\"RUSSIA-EO14024\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
        ",-0- \n"
        "2,\"ROSOBORONEXPORT OAO\",-0- ,\"SYRIA] [RUSSIA-EO14024\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
        ",-0- ,-0- \n"
        "3,\"PEOPLE'S LIBERATION ARMY\",-0- ,\"CMIC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"}});
  EXPECT_TRUE(list.ok()) << list.status();
  return *list;
}

TEST(ListIndexTest, BuildKeepsEntriesNamesAndTokens) {
  const ListIndex index = ListIndex::Build(SmallList());
  ASSERT_EQ(index.entry_count(), 3u);
  EXPECT_EQ(index.String(index.entry(1).name), "ROSOBORONEXPORT OAO");
  EXPECT_EQ(index.String(index.entry(1).programs), "SYRIA\nRUSSIA-EO14024");
  ASSERT_EQ(index.name_count(), 3u);
  const NameView putin = index.view(0);
  ASSERT_EQ(putin.tokens.size(), 2u);
  EXPECT_EQ(putin.tokens[0].text, "vladimir");
  EXPECT_EQ(putin.tokens[1].text, "putin");
  EXPECT_EQ(putin.kind, NameKind::kPerson);
  EXPECT_EQ(index.name_kind(1), NameKind::kOrganization);
  EXPECT_EQ(index.strong_tokens(0), 2u);
  EXPECT_EQ(index.view(1).tokens.size(), 1u);  // "oao" is a legal form
  EXPECT_NE(index.view(1).legal_families, 0u);
}

TEST(ListIndexTest, DeletionKeysFindTokensWithinTheirEditBudget) {
  const ListIndex index = ListIndex::Build(SmallList());
  auto tokens_for = [&](std::string_view query) {
    std::vector<uint32_t> hashes;
    ListIndex::DeletionHashes('D', query, ListIndex::MaxEdits(query.size()), &hashes);
    std::vector<std::string> found;
    for (uint32_t h : hashes) {
      for (const auto& key : index.TokenKeys(h)) {
        found.emplace_back(index.TokenText(index.token(key.target)));
      }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  };
  EXPECT_THAT(tokens_for("putin"), ::testing::Contains("putin"));
  EXPECT_THAT(tokens_for("pulin"), ::testing::Contains("putin"));  // 1 edit, 5 letters
  EXPECT_THAT(tokens_for("rosoboroneksport"), ::testing::Contains("rosoboronexport"));  // 2 edits
  EXPECT_THAT(tokens_for("pilun"), ::testing::Not(::testing::Contains("putin")));
  // The join keys hold acronyms of organisations.
  EXPECT_EQ(index.JoinKeys(ListIndex::KeyHash('J', "pla")).size(), 1u);
}

TEST(ListIndexTest, DeletionHashesMatchDeletionStrings) {
  for (const std::string word : {"abc", "aabbc", "putin", "rosoboronexport"}) {
    std::vector<std::string> variants;
    ListIndex::Deletions(word, 2, &variants);
    std::vector<uint32_t> from_strings, hashes;
    for (const auto& v : variants) from_strings.push_back(ListIndex::KeyHash('D', v));
    ListIndex::DeletionHashes('D', word, 2, &hashes);
    std::sort(from_strings.begin(), from_strings.end());
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    EXPECT_EQ(hashes, from_strings) << word;
  }
}

TEST(ListIndexTest, BytesRoundTrip) {
  const ListIndex built = ListIndex::Build(SmallList());
  auto loaded = ListIndex::FromBytes(std::string(built.bytes()));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->bytes(), built.bytes());
  EXPECT_EQ(loaded->entry_count(), 3u);
  EXPECT_EQ(loaded->view(0).tokens[1].text, "putin");
}

TEST(ListIndexTest, DamagedBytesAreErrorsNeverCrashes) {
  const std::string good(ListIndex::Build(SmallList()).bytes());
  EXPECT_EQ(ListIndex::FromBytes("").status().message(),
            "screening index cache is damaged: not a stargate screening index");
  EXPECT_EQ(ListIndex::FromBytes(good.substr(0, good.size() - 8)).status().message(),
            "screening index cache is damaged: truncated");
  std::string version = good;
  version[8] ^= 0x7F;
  EXPECT_EQ(ListIndex::FromBytes(version).status().message(),
            "screening index cache is damaged: written by another version");
  // A flipped byte anywhere after the header is caught (200 places).
  for (size_t at = 32; at < good.size(); at += (good.size() - 32) / 200) {
    std::string bad = good;
    bad[at] ^= 0x20;
    auto loaded = ListIndex::FromBytes(bad);
    ASSERT_FALSE(loaded.ok()) << "byte " << at;
    EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace stargate::screen
