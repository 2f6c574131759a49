#include "stargate/server/call.h"

#include <gtest/gtest.h>

namespace stargate::server {
namespace {

TEST(ParseQueryTest, DecodesPairsFromTheTargetOnly) {
  const auto q = ParseQuery("/api/tier/DE?date=2025-06-01&regime=by%5Fdate&name=a+b&flag&=x");
  EXPECT_EQ(q.find("date")->second, "2025-06-01");
  EXPECT_EQ(q.find("regime")->second, "by_date");
  EXPECT_EQ(q.find("name")->second, "a b");
  EXPECT_EQ(q.find("flag")->second, "");
  EXPECT_TRUE(ParseQuery("/api/check").empty());
  EXPECT_EQ(ParseQuery("/a?x=%zz").find("x")->second, "%zz");  // not an escape: kept as is
}

TEST(OnlyMembersTest, NamesTheUnknownMemberWithASuggestion) {
  const auto error = OnlyMembers(nlohmann::json{{"regime", "x"}, {"objectiv", "cost"}}, {"regime", "objective"}, "the body");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::kBadRequest);
  EXPECT_EQ(error->message, "the body has an unknown member 'objectiv' (did you mean 'objective'?)");
  EXPECT_FALSE(OnlyMembers(nlohmann::json::object(), {"regime"}, "the body"));
  EXPECT_TRUE(OnlyMembers(nlohmann::json::array(), {"regime"}, "the body"));
}

TEST(FromStatusTest, SplitsExpectedAndMapsCodes) {
  const ApiError e = FromStatus(absl::NotFoundError("job 'x' is not known; expected an id"));
  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_EQ(e.message, "job 'x' is not known");
  EXPECT_EQ(e.expected, "an id");
  EXPECT_EQ(FromStatus(absl::ResourceExhaustedError("full")).code, ErrorCode::kUnavailable);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUriTooLong), 414);
  EXPECT_EQ(HttpStatus(ErrorCode::kHeadersTooLarge), 431);
  EXPECT_EQ(e.ToJson()["error"]["code"], "not_found");
}

}  // namespace
}  // namespace stargate::server
