#include "stargate/screen/names_file.h"

#include <gtest/gtest.h>

namespace stargate::screen {
namespace {

TEST(NamesFileTest, OneTrimmedNamePerLineWithoutBlanksOrComments) {
  const auto names = ParseNamesFile("Acme Ltd\r\n\n  # a comment\n\t Jane Doe \nLast", "n.txt");
  ASSERT_TRUE(names.ok()) << names.status();
  ASSERT_EQ(names->size(), 3u);
  EXPECT_EQ((*names)[0].name, "Acme Ltd");
  EXPECT_EQ((*names)[0].line, 1);
  EXPECT_EQ((*names)[1].name, "Jane Doe");
  EXPECT_EQ((*names)[1].line, 4);
  EXPECT_EQ((*names)[2].name, "Last");
  EXPECT_EQ((*names)[2].line, 5);
}

TEST(NamesFileTest, ABadNameStopsTheReadAtItsLine) {
  const auto names = ParseNamesFile("Acme\n***\n", "n.txt");
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().message(),
            "n.txt:2:1: name '***' has no letters or digits; expected a name");
}

}  // namespace
}  // namespace stargate::screen
