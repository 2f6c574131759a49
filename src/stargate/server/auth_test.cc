#include "stargate/server/internal/auth.h"

#include <gtest/gtest.h>

namespace stargate::server {
namespace {

constexpr char kFile[] =
    "# token                     role        name\n"
    "viewer-token-0123456789     viewer      Vera Viewer\n"
    "\n"
    "planner-token-0123456789    planner     pat   # a comment\n"
    "compliance-token-012345678  compliance  carl\n";

TEST(TokenTableTest, ReadsRolesAndNames) {
  std::vector<Diagnostic> problems;
  auto table = TokenTable::Parse(kFile, "tokens.txt", &problems);
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_FALSE(table->open());
  EXPECT_EQ(table->size(), 3u);
  Caller caller;
  EXPECT_EQ(table->Authenticate("Bearer viewer-token-0123456789", &caller),
            TokenTable::Outcome::kOk);
  EXPECT_EQ(caller.role, Role::kViewer);
  EXPECT_EQ(caller.name, "Vera Viewer");
  EXPECT_EQ(table->Authenticate("bearer planner-token-0123456789", &caller),
            TokenTable::Outcome::kOk);
  EXPECT_EQ(caller.role, Role::kPlanner);
  EXPECT_EQ(caller.name, "pat");
  EXPECT_EQ(table->Authenticate("Bearer compliance-token-012345678", &caller),
            TokenTable::Outcome::kOk);
  EXPECT_EQ(caller.role, Role::kCompliance);
}

TEST(TokenTableTest, RefusesMissingMalformedAndUnknownTokens) {
  std::vector<Diagnostic> problems;
  auto table = TokenTable::Parse(kFile, "tokens.txt", &problems);
  ASSERT_TRUE(table.ok());
  Caller caller;
  EXPECT_EQ(table->Authenticate("", &caller), TokenTable::Outcome::kMissing);
  EXPECT_EQ(table->Authenticate("Basic dXNlcjpwYXNz", &caller), TokenTable::Outcome::kMalformed);
  EXPECT_EQ(table->Authenticate("Bearer ", &caller), TokenTable::Outcome::kMalformed);
  EXPECT_EQ(table->Authenticate("Bearer viewer-token-012345678", &caller),
            TokenTable::Outcome::kUnknown);
  EXPECT_EQ(table->Authenticate("Bearer viewer-token-01234567890", &caller),
            TokenTable::Outcome::kUnknown);
}

TEST(TokenTableTest, ReportsEveryProblemWithLineAndColumn) {
  std::vector<Diagnostic> problems;
  auto table = TokenTable::Parse(
      "short viewer alice\n"
      "a-long-enough-token-1 viewr bob\n"
      "a-long-enough-token-2\n"
      "a-long-enough-token-3 planner carol\n"
      "a-long-enough-token-3 viewer dave\n",
      "tokens.txt", &problems);
  ASSERT_FALSE(table.ok());
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(
      problems[0].ToString(),
      "tokens.txt:1:1: token is 5 characters long; expected at least 16 characters, e.g. from "
      "'openssl rand -hex 24'");
  EXPECT_EQ(problems[1].ToString(),
            "tokens.txt:2:23: role 'viewr' is not known (did you mean 'viewer'?); expected one of "
            "viewer, "
            "planner, compliance");
  EXPECT_EQ(problems[2].location.line, 3);
  EXPECT_EQ(
      problems[3].ToString(),
      "tokens.txt:5:1: token repeats the one on line 4; expected each token once, with one role");
}

TEST(TokenTableTest, AnEmptyFileIsAnError) {
  std::vector<Diagnostic> problems;
  EXPECT_FALSE(TokenTable::Parse("# nothing\n", "tokens.txt", &problems).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].what.find("no token"), std::string::npos);
}

TEST(TokenTableTest, AnOpenTableLetsEveryoneInAsCompliance) {
  TokenTable open;
  Caller caller;
  EXPECT_EQ(open.Authenticate("", &caller), TokenTable::Outcome::kOk);
  EXPECT_EQ(caller.role, Role::kCompliance);
}

TEST(RoleTest, RolesAreOrdered) {
  EXPECT_TRUE(Allows(Role::kCompliance, Role::kPlanner));
  EXPECT_TRUE(Allows(Role::kPlanner, Role::kViewer));
  EXPECT_FALSE(Allows(Role::kViewer, Role::kPlanner));
  EXPECT_FALSE(Allows(Role::kPlanner, Role::kCompliance));
  EXPECT_EQ(ParseRole("planner"), Role::kPlanner);
  EXPECT_EQ(ParseRole("admin"), std::nullopt);
}

}  // namespace
}  // namespace stargate::server
