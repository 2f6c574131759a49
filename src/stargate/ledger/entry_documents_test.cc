// What `stargate ledger add` reads: entry documents through core's JSON
// reader, every problem placed at file:line:col by the document's tree (this
// replaced a separate scanner that re-located values by JSON Pointer).
#include "stargate/ledger/entry_documents.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stargate::ledger {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LedgerInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stargate_entry_documents_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Problems as "file:line:col: what; expected ...", the file named by its base name.
  std::vector<std::string> Problems(const std::string& text) {
    const std::string path = (dir_ / "in.json").string();
    std::ofstream(path, std::ios::binary) << text;
    DiagnosticList problems;
    EXPECT_FALSE(ReadEntryDocuments(path, &problems));
    std::vector<std::string> out;
    for (const auto& d : problems.items()) {
      std::string line = d.ToString();
      if (line.rfind(path, 0) == 0) line = "in.json" + line.substr(path.size());
      out.push_back(line);
    }
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(LedgerInputTest, ReadsABatch) {
  const std::string path = (dir_ / "ok.json").string();
  std::ofstream(path) << R"([{"kind": "screening", "entry": {"name": "x", "result": "clear"}},
                             {"kind": "screening", "entry": {"name": "y", "result": "clear"}}])";
  DiagnosticList problems;
  const auto batch = ReadEntryDocuments(path, &problems);
  ASSERT_TRUE(batch) << problems.ToStatus();
  EXPECT_EQ(batch->entries.size(), 2u);
}

TEST_F(LedgerInputTest, EntryProblemsArePlacedAtTheirValueOrName) {
  EXPECT_THAT(
      Problems(R"([
  {"kind": "shipment", "entry": {}},
  {"kind": "screening", "entry": {"name": "x", "result": "clear"}, "incremnts": {}},
  {"kind": "shipment_decision",
   "entry": {"shipment": {"id": "s-2", "date": "2025-13-01", "destination": "AE", "quantity": 0},
             "decision": {"outcome": "license_required"}},
   "increments": {"cap:x": "ten"}}
])"),
      ElementsAre("in.json:2:12: kind 'shipment' is not known (did you mean 'shipment_decision'?); "
                  "expected one of shipment_decision, "
                  "commitment, screening, tier_change",
                  "in.json:3:68: unknown key 'incremnts' in an entry document (did you mean "
                  "'increments'?); expected one of kind, entry, increments",
                  "in.json:5:48: 'shipment.date' is \"2025-13-01\"; expected a date \"YYYY-MM-DD\"",
                  "in.json:5:95: 'shipment.quantity' is 0; expected a positive integer",
                  "in.json:7:28: increment of 'cap:x' is \"ten\"; expected a number"));
}

TEST_F(LedgerInputTest, AMissingMemberIsPlacedAtItsObject) {
  const auto problems = Problems("{\"kind\": \"screening\",\n \"entry\": {\"result\": \"clear\"}}");
  ASSERT_FALSE(problems.empty());
  EXPECT_THAT(problems[0], HasSubstr("in.json:2:11: "));
}

TEST_F(LedgerInputTest, TheReaderRefusesWhatJsonParsersLetThrough) {
  EXPECT_THAT(
      Problems(R"({"kind": "screening", "kind": "commitment", "entry": {}})"),
      ElementsAre(
          "in.json:1:23: duplicate key 'kind' (first at 1:2); expected each key at most once "
          "in an object"));
  EXPECT_THAT(
      Problems(std::string(70000, '[') + std::string(70000, ']')),
      ElementsAre(
          "in.json:1:65: values are nested more than 64 levels deep; expected shallower JSON"));
  EXPECT_THAT(Problems(R"({"kind": "commitment", "entry": {"amount_usd": 1e400}})"),
              ElementsAre(HasSubstr("in.json:1:48: the number 1e400 is out of range")));
  EXPECT_THAT(Problems("[]"),
              ElementsAre("in.json:1:1: the array holds no entry documents; expected at least "
                          "one {\"kind\": ..., \"entry\": {...}}"));
}

TEST_F(LedgerInputTest, ReadErrorsAreErrors) {
  DiagnosticList problems;
  EXPECT_FALSE(ReadEntryDocuments(dir_.string(), &problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems.items()[0].what, HasSubstr("is a directory"));
}

}  // namespace
}  // namespace stargate::ledger
