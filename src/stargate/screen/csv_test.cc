#include "stargate/screen/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stargate::screen {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view data, absl::Status* status = nullptr) {
  CsvReader reader(data, "f.csv");
  std::vector<std::vector<std::string>> records;
  std::vector<CsvField> record;
  while (reader.Next(&record)) {
    std::vector<std::string> texts;
    for (const auto& f : record) texts.push_back(f.text);
    records.push_back(texts);
  }
  if (status) *status = reader.status();
  return records;
}

TEST(CsvTest, ReadsOfacLayoutWithCrlfQuotesAndTrailer) {
  const std::string data =
      "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n"
      "173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\"\r\n\x1A";
  absl::Status status;
  auto records = ReadAll(data, &status);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"36", "AEROCARIBBEAN AIRLINES", "-0- ", "CUBA"}));
  EXPECT_EQ(records[1][1], "ANGLO-CARIBBEAN CO., LTD.");
}

TEST(CsvTest, DoubledQuotesNewlinesInQuotesBomAndBlankLines) {
  const std::string data = "\xEF\xBB\xBF" "a,\"say \"\"hi\"\"\"\n\n\"two\nlines\",b\n";
  absl::Status status;
  auto records = ReadAll(data, &status);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "say \"hi\""}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"two\nlines", "b"}));
}

TEST(CsvTest, KeepsEmptyFieldsAndLastLineWithoutNewline) {
  auto records = ReadAll("a,,c\n,,\nx");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "", "c"}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(records[2], (std::vector<std::string>{"x"}));
}

TEST(CsvTest, FieldPositionsAreLineAndColumn) {
  CsvReader reader("ab,cd\r\nx,\"y\"\n", "f.csv");
  std::vector<CsvField> record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record[1].line, 1);
  EXPECT_EQ(record[1].column, 4);
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(record[1].line, 2);
  EXPECT_EQ(record[1].column, 3);
}

TEST(CsvTest, UnclosedQuoteIsAnErrorAtTheOpeningQuote) {
  absl::Status status;
  ReadAll("a,b\nc,\"never closed\n", &status);
  EXPECT_EQ(status.message(),
            "f.csv:2:3: quoted field is never closed; expected a closing '\"' before the end of "
            "the file");
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  absl::Status status;
  ReadAll("\"ab\"c,d\n", &status);
  EXPECT_EQ(status.message(),
            "f.csv:1:5: unexpected character 'c' after a closing quote; expected ',' or the end "
            "of the line");
}

TEST(CsvTest, StrayQuoteInUnquotedFieldIsAnError) {
  absl::Status status;
  ReadAll("ab\"c,d\n", &status);
  EXPECT_EQ(status.message(),
            "f.csv:1:3: stray '\"' inside an unquoted field; expected the whole field in quotes, "
            "with '\"' written as '\"\"'");
}

TEST(CsvTest, TabSeparated) {
  CsvReader reader("\"Name\"\t\"City\"\nA\tB\n", "f.txt", '\t');
  std::vector<CsvField> record;
  ASSERT_TRUE(reader.Next(&record));
  ASSERT_TRUE(reader.Next(&record));
  ASSERT_EQ(record.size(), 2u);
  EXPECT_EQ(record[1].text, "B");
}

}  // namespace
}  // namespace stargate::screen
