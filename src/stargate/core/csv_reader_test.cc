#include "stargate/core/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stargate/core/utf8.h"

namespace stargate {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view data, absl::Status* status = nullptr,
                                              CsvOptions options = {}) {
  CsvReader reader(data, "f.csv", options);
  std::vector<std::vector<std::string>> records;
  std::vector<CsvField> record;
  while (reader.Next(&record)) {
    std::vector<std::string> texts;
    for (const auto& f : record) texts.push_back(f.text);
    records.push_back(texts);
  }
  EXPECT_EQ(reader.status().ok(), !reader.problem().has_value());
  if (status) *status = reader.status();
  return records;
}

TEST(CsvReaderTest, ReadsOfacLayoutWithCrlfQuotesAndTrailer) {
  const std::string data =
      "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\"\r\n"
      "173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\"\r\n\x1A";
  absl::Status status;
  auto records = ReadAll(data, &status, {.allow_eof_marker = true});
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"36", "AEROCARIBBEAN AIRLINES", "-0- ", "CUBA"}));
  EXPECT_EQ(records[1][1], "ANGLO-CARIBBEAN CO., LTD.");
  // Without the option the marker is data: a record of its own.
  records = ReadAll(data, &status);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2], (std::vector<std::string>{"\x1A"}));
}

TEST(CsvReaderTest, DoubledQuotesNewlinesInQuotesBomAndBlankLines) {
  const std::string data =
      "\xEF\xBB\xBF"
      "a,\"say \"\"hi\"\"\"\n\n\r\n\r\"two\nlines\",b\n";
  absl::Status status;
  auto records = ReadAll(data, &status);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "say \"hi\""}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"two\nlines", "b"}));
}

TEST(CsvReaderTest, KeepsEmptyFieldsAndLastLineWithoutNewline) {
  auto records = ReadAll("a,,c\n,,\nx\ry,");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"a", "", "c"}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(records[2], (std::vector<std::string>{"x"}));  // a lone CR ends a line too
  EXPECT_EQ(records[3], (std::vector<std::string>{"y", ""}));
}

TEST(CsvReaderTest, FieldPositionsAreLineAndColumnInCharacters) {
  CsvReader reader("ab,cd\r\nx,\"y\"\n\xC3\xA9t\xC3\xA9,\"\xE2\x82\xAC\"\"\",z\n", "f.csv");
  std::vector<CsvField> record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record[1].line, 1);
  EXPECT_EQ(record[1].column, 4);
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(record[1].line, 2);
  EXPECT_EQ(record[1].column, 3);
  // "été" is three columns; the quoted "€""" is five (two quotes, €, "").
  ASSERT_TRUE(reader.Next(&record));
  ASSERT_EQ(record.size(), 3u);
  EXPECT_EQ(record[1].column, 5);
  EXPECT_EQ(record[1].text, "\xE2\x82\xAC\"");
  EXPECT_EQ(record[2].column, 11);
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_TRUE(reader.status().ok());
}

TEST(CsvReaderTest, ByteOrderMarkTakesNoColumn) {
  CsvReader reader(
      "\xEF\xBB\xBF"
      "a,b\n",
      "f.csv");
  std::vector<CsvField> record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record[0].text, "a");
  EXPECT_EQ(record[0].column, 1);
  EXPECT_EQ(record[1].column, 3);
}

TEST(CsvReaderTest, UnclosedQuoteIsAnErrorAtTheOpeningQuote) {
  absl::Status status;
  ReadAll("a,b\nc,\"never closed\n", &status);
  EXPECT_EQ(status.message(),
            "f.csv:2:3: quoted field is never closed; expected a closing '\"' before the end of "
            "the file");
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  absl::Status status;
  ReadAll("\"ab\"c,d\n", &status);
  EXPECT_EQ(status.message(),
            "f.csv:1:5: unexpected character 'c' after a closing quote; expected ',' or the end "
            "of the line");
  // The character is shown whole, or as a hex byte when it is not UTF-8.
  ReadAll("x,\"ab\"\xC3\xA9\n", &status);
  EXPECT_EQ(status.message(),
            "f.csv:1:7: unexpected character '\xC3\xA9' after a closing quote; expected ',' or the "
            "end of the line");
  ReadAll("\"ab\"\xFF\n", &status, {.require_utf8 = false});
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("unexpected character '\\xFF'"));
  EXPECT_TRUE(IsValidUtf8(std::string(status.message())));
}

TEST(CsvReaderTest, StrayQuoteInUnquotedFieldIsAnError) {
  absl::Status status;
  const auto records = ReadAll("x\n\xC3\xA9\xC3\xA9\"c,d\n", &status);
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(status.message(),
            "f.csv:2:3: stray '\"' inside an unquoted field; expected the whole field in quotes, "
            "with '\"' written as '\"\"'");
}

TEST(CsvReaderTest, InvalidUtf8IsRefusedBeforeTheFirstRecordUnlessTurnedOff) {
  const std::string data = "a,b\nc,d\xC3\xA9\xFF\n";
  CsvReader reader(data, "f.csv");
  std::vector<CsvField> record;
  EXPECT_FALSE(reader.Next(&record));
  ASSERT_TRUE(reader.problem().has_value());
  EXPECT_EQ(reader.problem()->ToString(),
            "f.csv:2:5: invalid UTF-8 in the CSV text; expected UTF-8 text");
  absl::Status status;
  const auto records = ReadAll(data, &status, {.require_utf8 = false});
  EXPECT_TRUE(status.ok());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1][1], "d\xC3\xA9\xFF");
}

TEST(CsvReaderTest, TooManyFieldsStopAtTheFirstFieldOverTheLimit) {
  absl::Status status;
  const auto records = ReadAll("a,b,c\nd,e,f,g,h\n", &status, {.max_fields = 3});
  EXPECT_EQ(records.size(), 1u);
  EXPECT_EQ(status.message(),
            "f.csv:2:7: line 2 has more than 3 cells; expected at most 3 cells per line");
  // A hostile line of separators stops at once.
  ReadAll(std::string(1 << 24, ','), &status, {.max_fields = 64});
  EXPECT_EQ(status.message(),
            "f.csv:1:65: line 1 has more than 64 cells; expected at most 64 cells per line");
}

TEST(CsvReaderTest, TabSeparated) {
  CsvReader reader("\"Name\"\t\"City\"\nA\tB,C\n", "f.txt", {.separator = '\t'});
  std::vector<CsvField> record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record[1].text, "City");
  ASSERT_TRUE(reader.Next(&record));
  ASSERT_EQ(record.size(), 2u);
  EXPECT_EQ(record[1].text, "B,C");
  EXPECT_EQ(record[1].column, 3);
}

TEST(CsvReaderTest, EmptyInputHasNoRecordsAndNoProblem) {
  for (const char* data : {"", "\xEF\xBB\xBF", "\n\r\n"}) {
    absl::Status status;
    EXPECT_TRUE(ReadAll(data, &status).empty()) << data;
    EXPECT_TRUE(status.ok());
  }
}

}  // namespace
}  // namespace stargate
