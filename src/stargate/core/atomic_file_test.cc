#include "stargate/core/atomic_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace stargate {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stargate_atomic_file_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AtomicFileTest, ReplacesAFileAndLeavesNoTemporaryBehind) {
  fs::create_directories(dir_);
  ASSERT_TRUE(WriteFileAtomically(dir_ / "a.txt", "first").ok());
  ASSERT_TRUE(WriteFileAtomically(dir_ / "a.txt", "second").ok());
  EXPECT_EQ(Read(dir_ / "a.txt"), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFileTest, WritesEveryFileIntoADirectoryItCreates) {
  const NamedFile files[] = {{"one.csv", "a,b\n"}, {"two.json", "{}\n"}};
  ASSERT_TRUE(WriteFilesAtomically(dir_ / "out" / "nested", files).ok());
  EXPECT_EQ(Read(dir_ / "out" / "nested" / "one.csv"), "a,b\n");
  EXPECT_EQ(Read(dir_ / "out" / "nested" / "two.json"), "{}\n");
}

TEST_F(AtomicFileTest, ADirectoryThatIsAFileIsAnErrorNamingIt) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "taken") << "a file";
  const NamedFile files[] = {{"one.csv", "a\n"}};
  const absl::Status status = WriteFilesAtomically(dir_ / "taken", files);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("cannot create"));
  EXPECT_THAT(status.message(), HasSubstr("taken"));
  EXPECT_EQ(Read(dir_ / "taken"), "a file");
}

}  // namespace
}  // namespace stargate
