#include "stargate/core/line_column.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

std::string At(std::string_view text, size_t offset) {
  const LineColumn p = LineColumnAt(text, offset);
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

TEST(LineColumnTest, CountsLinesAndCharacters) {
  EXPECT_EQ(At("abc", 0), "1:1");
  EXPECT_EQ(At("abc", 2), "1:3");
  EXPECT_EQ(At("ab\ncd", 3), "2:1");
  EXPECT_EQ(At("ab\ncd", 4), "2:2");
  EXPECT_EQ(At("\xC3\xA9x", 2), "1:2");  // é is one column
  EXPECT_EQ(At("\tx", 1), "1:2");        // a tab is one column
  EXPECT_EQ(At("ab", 50), "1:3");        // past the end: the end
}

TEST(LineColumnTest, AByteOrderMarkTakesNoColumn) {
  EXPECT_EQ(At("\xEF\xBB\xBF{}", 3), "1:1");
  EXPECT_EQ(At("\xEF\xBB\xBF{}", 4), "1:2");
  EXPECT_EQ(At("x\xEF\xBB\xBFy", 4), "1:3");  // elsewhere it is a character
}

TEST(LineColumnTest, CounterGoesForwardAndRestartsBackward) {
  const std::string text = "a\nbc\nd";
  LineColumnCounter counter(text);
  EXPECT_EQ(counter.At(3).column, 2);
  EXPECT_EQ(counter.At(5).line, 3);
  EXPECT_EQ(counter.At(1).line, 1);  // backward: recounted
  EXPECT_EQ(counter.At(1).column, 2);
}

}  // namespace
}  // namespace stargate
