// `stargate check` on hostile input (issue 15's reproductions): every one is
// a located input error and exit 2, never a crash, a guess or a silent empty
// batch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

CliResult CheckFile(const std::string& name, const std::string& text) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/" + name, text);
  return RunStargate({"check", name}, "", dir);
}

TEST(CheckInputCliTest, DeepNestingIsALocatedErrorNotACrash) {
  // 120 KB of 60,000 nested arrays once overflowed the parser's stack (SIGSEGV).
  const auto r = CheckFile("deep.json", std::string(60000, '[') + std::string(60000, ']'));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err,
      "error: deep.json:1:65: values are nested more than 64 levels deep; expected shallower JSON\n"
      "1 problem in deep.json\n");
  const auto piped = RunStargate({"check", "-"}, std::string(60000, '['));
  EXPECT_EQ(piped.exit_code, 2);
  EXPECT_THAT(piped.err, StartsWith("error: -:1:65: values are nested more than 64 levels deep"));
}

TEST(CheckInputCliTest, DuplicateKeysAndHugeNumbersAreRefusedWhereTheyAre) {
  const std::string record =
      R"({"id": "s1", "date": "2025-03-01", "accelerator": "H100-SXM", "destination": "IN", "consignee": "A", )";
  auto r = CheckFile("dup.json", record + R"("quantity": 1, "quantity": 100000})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "error: dup.json:1:117: duplicate key 'quantity' (first at 1:102); expected each key "
          "at most once in an object\n"));
  r = CheckFile("big.json", record + R"("quantity": 1e400})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "error: big.json:1:114: the number 1e400 is out of range; expected a number a double "
          "holds (magnitude below 1.8e308)\n"));
  r = CheckFile(
      "tpp.json",
      R"({"id": "s1", "date": "2025-03-01", "accelerator": {"tpp": 1e308, "die_area_mm2": 800},)"
      R"( "quantity": 1, "destination": "MX", "consignee": "A"})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr("error: tpp.json:1:59: shipment 's1': accelerator tpp 1e+308 is more than 1e+09"));
}

TEST(CheckInputCliTest, ReadErrorsAreErrorsNotAnEmptyBatch) {
  auto r = RunStargate({"check", "/proc/self/mem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      StartsWith("error: cannot read '/proc/self/mem': input/output error; expected an existing, "
                 "readable file of shipments (JSON or CSV), or - for standard input\n"));
  const std::string dir = MakeTempDir();
  r = RunStargate({"check", dir});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, StartsWith("error: '" + dir +
                                "' is a directory; expected an existing, readable file"));
}

TEST(CheckInputCliTest, ALongLineIsQuotedInPartOnly) {
  const auto r = CheckFile(
      "long.csv", "id,date,accelerator,quantity,destination,consignee\ns1,2025-03-01,H100-SXM," +
                      std::string(1 << 20, 'x') + ",IN,A\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_LT(r.err.size(), 400u);
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "quantity 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is not a positive integer"));
}

}  // namespace
}  // namespace stargate::testing
