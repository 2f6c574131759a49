#include "stargate/core/file_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stargate {
namespace {

using ::testing::HasSubstr;

std::string Problem(const std::string& path, const FileReadOptions& options = {}) {
  DiagnosticList problems;
  const auto text = ReadFileText(path, &problems, options);
  EXPECT_FALSE(text.has_value()) << path;
  EXPECT_EQ(problems.size(), 1u);
  return problems.empty() ? "" : problems.items()[0].ToString();
}

class FileReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stargate_file_reader_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(FileReaderTest, ReadsAFileWhole) {
  DiagnosticList problems;
  const std::string content("a\0b\nc", 5);
  EXPECT_EQ(ReadFileText(Write("f.txt", content), &problems), content);
  EXPECT_EQ(ReadFileText(Write("empty.txt", ""), &problems), "");  // empty is empty, not an error
  EXPECT_TRUE(problems.empty());
}

TEST_F(FileReaderTest, ReadErrorsAreErrorsNeverAnEmptyFile) {
  EXPECT_EQ(Problem("/nonexistent/x.json"),
            "/nonexistent/x.json: cannot open '/nonexistent/x.json'; expected an existing, "
            "readable file");
  EXPECT_EQ(Problem(dir_.string()), dir_.string() + ": '" + dir_.string() +
                                        "' is a directory; expected an existing, readable file");
  // Opens fine, fails on the first read (EIO): once taken for an empty file.
  EXPECT_THAT(Problem("/proc/self/mem"),
              HasSubstr("cannot read '/proc/self/mem': input/output error"));
}

TEST_F(FileReaderTest, TheSizeLimitHoldsForFilesAndEndlessDevices) {
  FileReadOptions options;
  options.max_bytes = 4;
  options.expected = "a small file";
  EXPECT_THAT(Problem(Write("big.txt", "12345"), options),
              HasSubstr("is 5 bytes, more than the limit of 4; expected a small file"));
  EXPECT_THAT(Problem("/dev/zero", options),
              HasSubstr("'/dev/zero' is more than the limit of 4 bytes"));
  DiagnosticList problems;
  EXPECT_EQ(ReadFileText(Write("four.txt", "1234"), &problems, options), "1234");
}

TEST_F(FileReaderTest, ProblemsNameTheFileAsTheCallerShowsIt) {
  FileReadOptions options;
  options.name = "regimes/x.yaml";
  EXPECT_EQ(Problem("/nonexistent/x.yaml", options),
            "regimes/x.yaml: cannot open 'regimes/x.yaml'; expected an existing, readable file");
  EXPECT_THAT(Problem(dir_.string(), options), HasSubstr("'regimes/x.yaml' is a directory"));
}

}  // namespace
}  // namespace stargate
