#include "stargate/core/text.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(TextTest, EditDistance) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("PUE", "pue"), 0);
  EXPECT_EQ(EditDistance("", "abc"), 3);
}

TEST(TextTest, ClosestMatchSuggestsOnlyPlausibleTypos) {
  const std::vector<std::string> keys = {"power_kw", "price_usd", "die_area_mm2"};
  EXPECT_EQ(ClosestMatch("power_kW", keys), "power_kw");
  EXPECT_EQ(ClosestMatch("die_area_m2", keys), "die_area_mm2");
  EXPECT_EQ(ClosestMatch("colour", keys), std::nullopt);
}

TEST(TextTest, ClosestMatchPrefersTheNameAShortFormBegins) {
  const std::vector<std::string> ids = {"H100-SXM", "H100-PCIE", "H20", "H200-SXM"};
  EXPECT_EQ(ClosestMatch("H100", ids), "H100-SXM");  // not "H20", one edit away
  EXPECT_EQ(ClosestMatch("h200", ids), "H200-SXM");
  EXPECT_EQ(ClosestMatch("H2", ids), "H20");  // begins no name up to a separator: the typo rule
}

TEST(TextTest, ClosestMatchIsQuickOnAHugeWord) {
  // Length alone rules every candidate out: no 10^6 x 12 distance table.
  EXPECT_EQ(ClosestMatch(std::string(1000000, 'x'), {"power_kw", "price_usd"}), std::nullopt);
}

TEST(TextTest, ExcerptCutsLongTextAndShowsControlBytes) {
  EXPECT_EQ(Excerpt("short"), "short");
  EXPECT_EQ(Excerpt(std::string(100, 'a'), 5), "aaaaa...");
  EXPECT_EQ(Excerpt("Z\xc3\xbcrich", 2), "Z\xc3\xbc...");  // cut after whole characters
  EXPECT_EQ(Excerpt("a\nb\tc\x01\xff"), "a\\nb\\tc\\x01\\xff");
}

TEST(TextTest, OneOf) {
  EXPECT_EQ(OneOf({"a"}), "a");
  EXPECT_EQ(OneOf({"a", "b"}), "one of a, b");
}

}  // namespace
}  // namespace stargate
