// The JSON scanner behind `stargate ledger add`'s file:line:col messages.
#include "ledger_json_locator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace stargate::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string FirstProblem(const std::string& text) {
  const JsonLocator locator = JsonLocator::Scan(text);
  if (locator.problems().empty()) return "";
  const JsonProblem& p = locator.problems().front();
  return std::to_string(p.position.line) + ":" + std::to_string(p.position.column) + " " + p.what +
         "; expected " + p.expected;
}

TEST(JsonLocatorTest, FindsValuesAndKeysByPointer) {
  const JsonLocator locator = JsonLocator::Scan(
      "[\n  {\"a\": 1, \"b/c\": [true, {\"d~e\": \"x\"}]},\n  \"Z\xc3\xbcrich\", null\n]");
  ASSERT_THAT(locator.problems(), IsEmpty());
  const auto at = [&](const std::string& pointer, bool key = false) {
    const JsonPosition p = locator.Find(pointer, key);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  EXPECT_EQ(at(""), "1:1");
  EXPECT_EQ(at("/0"), "2:3");
  EXPECT_EQ(at("/0/a"), "2:9");
  EXPECT_EQ(at("/0/a", true), "2:4");
  EXPECT_EQ(at("/0/b~1c/1/d~0e"), "2:34");
  EXPECT_EQ(at("/1"), "3:3");
  EXPECT_EQ(at("/2"), "3:13");  // columns count characters, not bytes
  EXPECT_EQ(at("/0/missing/deeper"), "2:3");  // the nearest existing ancestor
}

TEST(JsonLocatorTest, AcceptsWhatJsonAllows) {
  for (const char* text : {"0", "-0.5e+10", "\"\\u00e9\\ud83d\\ude80\\n\\/\"", "{}", "[]",
                           " {\"a\" : [ 1 , 2 ] } ", "\"\xe2\x82\xac\""}) {
    EXPECT_THAT(JsonLocator::Scan(text).problems(), IsEmpty()) << text;
    EXPECT_NO_THROW(static_cast<void>(nlohmann::json::parse(text).is_null())) << text;
  }
}

TEST(JsonLocatorTest, NamesEachSyntaxErrorWhereItIs) {
  EXPECT_EQ(FirstProblem(""), "1:1 the text is empty; expected a JSON value");
  EXPECT_EQ(FirstProblem("{\"a\": 1} x"),
            "1:10 unexpected text after the JSON value; expected the end of the input");
  EXPECT_EQ(FirstProblem("[1,]"), "1:4 unexpected character ']'; expected a JSON value (object, "
                                  "array, string, number, true, false or null)");
  EXPECT_EQ(FirstProblem("{\"a\" 1}"), "1:6 unexpected character '1'; expected ':' after the member name");
  EXPECT_EQ(FirstProblem("[01]"), "1:3 unexpected character '1'; expected ',' or ']'");
  EXPECT_EQ(FirstProblem("[1.]"), "1:2 a malformed number; expected digits after the decimal point");
  EXPECT_EQ(FirstProblem("[tru]"), "1:2 unexpected character 't'; expected a JSON value (object, "
                                   "array, string, number, true, false or null)");
  EXPECT_EQ(FirstProblem("\"abc"), "1:1 a string that is never closed; expected a closing '\"'");
  EXPECT_EQ(FirstProblem("\"a\tb\""), "1:3 a control character inside a string; expected \\n, "
                                      "\\t or \\u escapes instead");
  EXPECT_THAT(FirstProblem("\"\\x\""), HasSubstr("1:2 invalid escape '\\x' in a string"));
  EXPECT_THAT(FirstProblem("\"\\ud83d\""), HasSubstr("a \\u escape of a lone UTF-16 surrogate"));
  EXPECT_THAT(FirstProblem("\"\xc3\x28\""), HasSubstr("1:2 invalid UTF-8 inside a string"));
  EXPECT_THAT(FirstProblem(std::string(300, '[') + std::string(300, ']')),
              HasSubstr("values are nested more than 256 levels deep"));
}

TEST(JsonLocatorTest, ReportsEveryDuplicateKey) {
  const JsonLocator locator = JsonLocator::Scan("{\"a\": 1,\n \"a\": 2, \"b\": {\"c\": 1, \"c\": 2}}");
  ASSERT_EQ(locator.problems().size(), 2u);
  EXPECT_EQ(locator.problems()[0].what, "duplicate key 'a' (first at 1:2)");
  EXPECT_EQ(locator.problems()[0].position.line, 2);
  EXPECT_EQ(locator.problems()[1].what, "duplicate key 'c' (first at 2:16)");
}

}  // namespace
}  // namespace stargate::cli
