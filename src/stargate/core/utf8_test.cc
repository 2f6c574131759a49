#include "stargate/core/utf8.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(Utf8Test, SequenceLengthsOfWellFormedText) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xC3\xA9", 0), 2u);          // é
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82\xAC", 0), 3u);      // €
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x9A\x80", 0), 4u);  // U+1F680
  EXPECT_EQ(Utf8SequenceLength("a", 1), 0u);                 // past the end
}

TEST(Utf8Test, RefusesWhatRfc3629Forbids) {
  EXPECT_EQ(Utf8SequenceLength("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", 0), 0u);      // U+D800, a surrogate
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82", 0), 0u);          // truncated
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0u);              // a lone continuation byte
  EXPECT_EQ(Utf8SequenceLength("\xFF", 0), 0u);
}

TEST(Utf8Test, IsValidUtf8SaysWhereItBreaks) {
  size_t bad = 99;
  EXPECT_TRUE(IsValidUtf8("Z\xC3\xBCrich", &bad));
  EXPECT_EQ(bad, 99u);
  EXPECT_FALSE(IsValidUtf8("ab\xC3(", &bad));
  EXPECT_EQ(bad, 2u);
}

TEST(Utf8Test, AppendEncodesEachLength) {
  std::string out;
  for (char32_t c : {U'A', U'\u00E9', U'\u20AC', U'\U0001F680'}) AppendUtf8(c, &out);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9A\x80");
  EXPECT_TRUE(IsValidUtf8(out));
}

}  // namespace
}  // namespace stargate
