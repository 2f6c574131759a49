#include "stargate/core/json_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "stargate/core/json_nlohmann.h"

namespace stargate {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// Every problem as "line:col what; expected ..." (the name is "in").
std::vector<std::string> Problems(const std::string& text, const JsonReadOptions& options = {}) {
  DiagnosticList problems;
  const auto document = ReadJson(text, "in", &problems, options);
  EXPECT_EQ(document.has_value(), problems.empty());
  problems.Sort();
  std::vector<std::string> out;
  for (const auto& d : problems.items()) out.push_back(d.ToString());
  return out;
}

std::string FirstProblem(const std::string& text, const JsonReadOptions& options = {}) {
  const auto all = Problems(text, options);
  return all.empty() ? "" : all.front();
}

JsonDocument Read(const std::string& text) {
  DiagnosticList problems;
  auto document = ReadJson(text, "in", &problems);
  EXPECT_TRUE(problems.empty()) << problems.ToStatus();
  if (!document) std::abort();
  return *std::move(document);
}

std::string Where(const JsonValue& v) {
  return std::to_string(v.line()) + ":" + std::to_string(v.column());
}

TEST(JsonReaderTest, ReadsEveryKindOfValueWithItsPlace) {
  const JsonDocument doc =
      Read("{\"a\": [1, -2.5, true, false, null],\n \"b\": {\"c\": \"x\"}, \"d\": \"\"}");
  const JsonValue root = doc.root();
  ASSERT_TRUE(root.is_object());
  ASSERT_EQ(root.size(), 3u);
  EXPECT_EQ(root.key(0).string(), "a");
  EXPECT_EQ(Where(root.key(0)), "1:2");
  const JsonValue a = root.value(0);
  EXPECT_EQ(Where(a), "1:7");
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a.item(0).integer(), 1);
  EXPECT_EQ(a.item(1).number(), -2.5);
  EXPECT_EQ(a.item(1).integer(), std::nullopt);
  EXPECT_EQ(Where(a.item(1)), "1:11");
  EXPECT_TRUE(a.item(2).boolean());
  EXPECT_TRUE(a.item(3).is_bool());
  EXPECT_FALSE(a.item(3).boolean());
  EXPECT_TRUE(a.item(4).is_null());
  const auto c = root.Find("b")->Find("c");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->string(), "x");
  EXPECT_EQ(Where(*c), "2:13");
  EXPECT_EQ(c->location().ToString(), "in:2:13");
  EXPECT_EQ(root.Find("d")->string(), "");
  EXPECT_FALSE(root.Find("zz"));
  EXPECT_EQ(a.source(), "[1, -2.5, true, false, null]");
  EXPECT_EQ(root.Find("b")->offset(), 42u);
}

TEST(JsonReaderTest, ColumnsCountCharactersNotBytes) {
  const JsonDocument doc = Read("[\"Z\xc3\xbcrich\", 7]");
  EXPECT_EQ(Where(doc.root().item(1)), "1:12");
}

TEST(JsonReaderTest, DecodesEscapesAndSurrogatePairs) {
  const JsonDocument doc =
      Read(R"(["\"\\\/\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude80", "\u0000"])");
  EXPECT_EQ(doc.root().item(0).string(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(doc.root().item(1).string(), "\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(doc.root().item(2).string(), "\xf0\x9f\x9a\x80");
  EXPECT_EQ(doc.root().item(3).string(), std::string(1, '\0'));
}

TEST(JsonReaderTest, NumbersKeepExactIntegersAndTheSignOfZero) {
  const JsonDocument doc = Read(
      "[-0, 0, 9007199254740993, 9223372036854775807, -9223372036854775808, 9223372036854775808, "
      "123456789012345678901234567890, 1e-400, -1e-400, 1.7976931348623157e308, 0.5e1, 1E2]");
  const JsonValue r = doc.root();
  EXPECT_EQ(r.item(0).integer(), 0);
  EXPECT_TRUE(std::signbit(r.item(0).number()));
  EXPECT_FALSE(std::signbit(r.item(1).number()));
  EXPECT_EQ(r.item(2).integer(), 9007199254740993);  // a double would round it
  EXPECT_EQ(r.item(3).integer(), INT64_MAX);
  EXPECT_EQ(r.item(4).integer(), INT64_MIN);
  EXPECT_EQ(r.item(5).integer(), std::nullopt);  // past int64: a double
  EXPECT_EQ(r.item(5).number(), 9223372036854775808.0);
  EXPECT_DOUBLE_EQ(r.item(6).number(), 1.2345678901234568e29);
  EXPECT_EQ(r.item(7).number(), 0.0);  // underflow reads as zero of its sign
  EXPECT_TRUE(std::signbit(r.item(8).number()));
  EXPECT_EQ(r.item(9).number(), 1.7976931348623157e308);
  EXPECT_EQ(r.item(10).number(), 5.0);
  EXPECT_EQ(r.item(10).integer(), std::nullopt);
  EXPECT_EQ(r.item(11).number(), 100.0);
}

TEST(JsonReaderTest, NumbersBeyondADoubleAreLocatedProblems) {
  EXPECT_THAT(
      Problems("{\"quantity\": 1e400,\n \"tpp\": -2e308, \"x\": 0.1e310, \"ok\": 1e308}"),
      ElementsAre("in:1:14: the number 1e400 is out of range; expected a number a double holds "
                  "(magnitude below 1.8e308)",
                  "in:2:9: the number -2e308 is out of range; expected a number a double holds "
                  "(magnitude below 1.8e308)",
                  "in:2:22: the number 0.1e310 is out of range; expected a number a double holds "
                  "(magnitude below 1.8e308)"));
  // A long literal is quoted in part only.
  EXPECT_THAT(FirstProblem("[1" + std::string(400, '0') + "]"),
              HasSubstr("the number 1000000000000000000000000000000000000000... is out of range"));
}

TEST(JsonReaderTest, DuplicateKeysAreRefusedEachAtItsPlace) {
  EXPECT_THAT(
      Problems("{\"a\": 1,\n \"a\": 2, \"b\": {\"c\": 1, \"c\": 2, \"c\": 3}}"),
      ElementsAre(
          "in:2:2: duplicate key 'a' (first at 1:2); expected each key at most once in an object",
          "in:2:24: duplicate key 'c' (first at 2:16); expected each key at most once in an object",
          "in:2:32: duplicate key 'c' (first at 2:16); expected each key at most once in an "
          "object"));
  // The same name in different objects is fine; so is a key equal after decoding only once.
  EXPECT_THAT(Problems(R"([{"a": 1}, {"a": 2}, {"\u0061b": 1, "ab2": 2}])"), SizeIs(0));
  EXPECT_THAT(FirstProblem(R"({"\u0061": 1, "a": 2})"), HasSubstr("duplicate key 'a'"));
}

TEST(JsonReaderTest, NestingPastTheLimitIsALocatedProblemAtAnyDepth) {
  JsonReadOptions options;
  options.max_depth = 3;
  EXPECT_THAT(Problems("[[[1]]]", options), SizeIs(0));
  EXPECT_EQ(FirstProblem("[[[[1]]]]", options),
            "in:1:4: values are nested more than 3 levels deep; expected shallower JSON");
  EXPECT_EQ(FirstProblem("{\"a\": {\"b\": [{}]}}", options),
            "in:1:14: values are nested more than 3 levels deep; expected shallower JSON");
  // Far deeper than any call stack would survive: refused at the default limit.
  EXPECT_EQ(FirstProblem(std::string(100000, '[') + std::string(100000, ']')),
            "in:1:65: values are nested more than 64 levels deep; expected shallower JSON");
  EXPECT_EQ(FirstProblem(std::string(100000, '[')),
            "in:1:65: values are nested more than 64 levels deep; expected shallower JSON");
}

TEST(JsonReaderTest, NamesEachSyntaxErrorWhereItIs) {
  EXPECT_EQ(FirstProblem(""), "in:1:1: the text is empty; expected a JSON value");
  EXPECT_EQ(FirstProblem(" \n "), "in:2:2: the text is empty; expected a JSON value");
  EXPECT_EQ(FirstProblem("{\"a\": 1} x"),
            "in:1:10: unexpected text after the JSON value; expected the end of the input");
  EXPECT_EQ(FirstProblem("[1,]"),
            "in:1:4: unexpected character ']'; expected a JSON value (object, array, string, "
            "number, true, false or null)");
  EXPECT_EQ(FirstProblem("[1"), "in:1:3: the text ends too early; expected ',' or ']'");
  EXPECT_EQ(FirstProblem("{\"a\" 1}"),
            "in:1:6: unexpected character '1'; expected ':' after the member name");
  EXPECT_EQ(FirstProblem("{\"a\": 1,}"),
            "in:1:9: unexpected character '}'; expected a member name in double quotes");
  EXPECT_EQ(FirstProblem("{\"a\": 1 \"b\": 2}"),
            "in:1:9: unexpected character '\"'; expected ',' or '}'");
  EXPECT_EQ(FirstProblem("[01]"), "in:1:3: unexpected character '1'; expected ',' or ']'");
  EXPECT_EQ(FirstProblem("[1.]"),
            "in:1:2: a malformed number; expected digits after the decimal point");
  EXPECT_EQ(FirstProblem("[-]"), "in:1:2: a malformed number; expected digits after '-'");
  EXPECT_EQ(FirstProblem("[1e+]"), "in:1:2: a malformed number; expected digits in the exponent");
  EXPECT_EQ(FirstProblem("[+1]"),
            "in:1:2: unexpected character '+'; expected a JSON value (object, array, string, "
            "number, true, false or null)");
  EXPECT_EQ(FirstProblem("[tru]"),
            "in:1:2: unexpected character 't'; expected a JSON value (object, array, string, "
            "number, true, false or null)");
  EXPECT_EQ(FirstProblem("[NaN]"),
            "in:1:2: unexpected character 'N'; expected a JSON value (object, array, string, "
            "number, true, false or null)");
  EXPECT_EQ(FirstProblem("\"abc"),
            "in:1:1: a string that is never closed; expected a closing '\"'");
  EXPECT_EQ(FirstProblem("\"a\tb\""),
            "in:1:3: a control character inside a string; expected \\n, \\t or \\u "
            "escapes instead");
  EXPECT_EQ(FirstProblem("\"\\x\""),
            "in:1:2: invalid escape '\\x' in a string; expected one of \\\" \\\\ \\/ \\b "
            "\\f \\n \\r \\t \\uXXXX");
  EXPECT_EQ(FirstProblem("\"\\u12g4\""),
            "in:1:2: a malformed \\u escape; expected \\u and four hex digits");
  EXPECT_EQ(FirstProblem("[\xff]"),
            "in:1:2: unexpected byte 0xff; expected a JSON value (object, array, string, "
            "number, true, false or null)");
}

TEST(JsonReaderTest, InvalidUtf8AndLoneSurrogatesAreRefused) {
  const std::string expected_pair =
      "expected a high surrogate followed by a low one, e.g. \\ud83d\\ude80";
  EXPECT_EQ(FirstProblem("\"\\ud83d\""),
            "in:1:2: a \\u escape of a lone UTF-16 surrogate; " + expected_pair);
  EXPECT_EQ(FirstProblem("\"\\ude80\\ud83d\""),
            "in:1:2: a \\u escape of a lone UTF-16 surrogate; " + expected_pair);
  EXPECT_EQ(FirstProblem("\"\\ud83d\\u0041\""),
            "in:1:2: a \\u escape of a lone UTF-16 surrogate; " + expected_pair);
  EXPECT_EQ(FirstProblem("[\"ok\", \"\xc3\x28\"]"),
            "in:1:9: invalid UTF-8 inside a string; expected UTF-8 text");
  EXPECT_EQ(FirstProblem("\"\xed\xa0\x80\""),
            "in:1:2: invalid UTF-8 inside a string; expected UTF-8 text");
  EXPECT_EQ(FirstProblem("\"\xc0\xaf\""),
            "in:1:2: invalid UTF-8 inside a string; expected UTF-8 text");
}

TEST(JsonReaderTest, ALeadingByteOrderMarkIsSkippedAndTakesNoColumn) {
  const JsonDocument doc = Read("\xEF\xBB\xBF[1, 2]");
  EXPECT_EQ(Where(doc.root()), "1:1");
  EXPECT_EQ(Where(doc.root().item(1)), "1:5");
  EXPECT_EQ(FirstProblem("\xEF\xBB\xBF"), "in:1:1: the text is empty; expected a JSON value");
  EXPECT_EQ(FirstProblem("[\xEF\xBB\xBF]"),
            "in:1:2: unexpected byte 0xef; expected a JSON value (object, array, "
            "string, number, true, false or null)");
}

TEST(JsonReaderTest, MessagesQuoteOnlyAShortExcerpt) {
  const std::string key(100000, 'k');
  const auto problems = Problems("{\"" + key + "\": 1, \"" + key + "\": 2}");
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_LT(problems[0].size(), 200u);
  EXPECT_THAT(problems[0],
              HasSubstr("duplicate key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'"));
}

TEST(JsonReaderTest, StopsCollectingAtTheProblemLimit) {
  std::string text = "[";
  for (int i = 0; i < 500; ++i) text += i ? ",1e999" : "1e999";
  text += "]";
  JsonReadOptions options;
  options.max_problems = 10;
  EXPECT_THAT(Problems(text, options), SizeIs(10));
}

TEST(JsonReaderTest, PointersFindValuesOrTheNearestEnclosingOne) {
  const JsonDocument doc =
      Read("[\n  {\"a\": 1, \"b/c\": [true, {\"d~e\": \"x\"}]},\n  \"Z\xc3\xbcrich\", null\n]");
  const auto at = [&](const std::string& pointer) {
    bool exact = false;
    const JsonValue v = doc.AtPointer(pointer, &exact);
    return Where(v) + (exact ? "" : " (nearest)");
  };
  EXPECT_EQ(at(""), "1:1");
  EXPECT_EQ(at("/0"), "2:3");
  EXPECT_EQ(at("/0/a"), "2:9");
  EXPECT_EQ(at("/0/b~1c/1/d~0e"), "2:34");
  EXPECT_EQ(at("/1"), "3:3");
  EXPECT_EQ(at("/2"), "3:13");
  EXPECT_EQ(at("/0/missing/deeper"), "2:3 (nearest)");
  EXPECT_EQ(at("/01"), "1:1 (nearest)");
  EXPECT_EQ(at("/9"), "1:1 (nearest)");
  ASSERT_TRUE(doc.KeyAtPointer("/0/a"));
  EXPECT_EQ(Where(*doc.KeyAtPointer("/0/a")), "2:4");
  EXPECT_FALSE(doc.KeyAtPointer("/0/zz"));
  EXPECT_FALSE(doc.KeyAtPointer("/1"));
}

TEST(JsonReaderTest, ConvertsToNlohmannKeepingIntegers) {
  const JsonDocument doc =
      Read(R"({"n": 9007199254740993, "f": 1.5, "s": "x", "a": [null, true], "o": {}})");
  const nlohmann::json j = ToNlohmann(doc.root());
  EXPECT_EQ(j.dump(), R"({"a":[null,true],"f":1.5,"n":9007199254740993,"o":{},"s":"x"})");
  EXPECT_TRUE(j["n"].is_number_integer());
}

TEST(JsonReaderTest, AJsonFileIsReadWholeOrNamedWithItsProblem) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("stargate_json_file_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "good.json") << "{\"stochastic\": {\"scenarios\": 2}}";
  std::ofstream(dir / "bad.json") << "{\"a\": 1,\n  \"b\": }";
  DiagnosticList problems;
  const nlohmann::json good = ReadJsonFile((dir / "good.json").string(), &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(good["stochastic"]["scenarios"], 2);

  EXPECT_TRUE(ReadJsonFile((dir / "bad.json").string(), &problems, {.name = "bad.json"}).is_null());
  ASSERT_THAT(problems.items(), SizeIs(1));
  EXPECT_EQ(problems.items()[0].location.ToString(), "bad.json:2:8");

  DiagnosticList missing;
  EXPECT_TRUE(ReadJsonFile((dir / "none.json").string(), &missing).is_null());
  ASSERT_THAT(missing.items(), SizeIs(1));
  EXPECT_THAT(missing.items()[0].what, HasSubstr("cannot open"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stargate
