#include "stargate/server/internal/call.h"

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
  const auto error = OnlyMembers(nlohmann::json{{"regime", "x"}, {"objectiv", "cost"}},
                                 {"regime", "objective"}, "the body");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::kBadRequest);
  EXPECT_EQ(error->message,
            "the body has an unknown member 'objectiv' (did you mean 'objective'?)");
  EXPECT_FALSE(OnlyMembers(nlohmann::json::object(), {"regime"}, "the body"));
  EXPECT_TRUE(OnlyMembers(nlohmann::json::array(), {"regime"}, "the body"));
}

Expected<nlohmann::json> BodyOf(const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.target = request.path = "/api/plans";
  request.body = body;
  const Call call(request, Caller{}, {});
  return call.JsonBody();
}

TEST(JsonBodyTest, ReadsThroughCoresReaderKeepingIntegers) {
  auto ok = BodyOf(R"({"milp": true, "time_limit_seconds": 9007199254740993})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value()["time_limit_seconds"].get<int64_t>(), 9007199254740993);
}

TEST(JsonBodyTest, HostileBodiesAreLocatedBadRequests) {
  const auto deep = BodyOf(std::string(100000, '[') + std::string(100000, ']'));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(deep.error().message,
            "the body is not valid JSON at line 1, column 65: values are nested more than 64 "
            "levels deep");
  EXPECT_EQ(deep.error().expected, "shallower JSON");
  const auto duplicate = BodyOf("{\"regime\": \"a\",\n \"regime\": \"b\"}");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(
      duplicate.error().message,
      "the body is not valid JSON at line 2, column 2: duplicate key 'regime' (first at 1:2)");
  EXPECT_EQ(duplicate.error().details["problems"][0]["line"], 2);
  const auto huge = BodyOf(R"({"time_limit_seconds": 1e400})");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().details["column"], 24);
  EXPECT_FALSE(BodyOf("").ok());
}

TEST(FromStatusTest, CarriesTheProblemsApartAndMapsCodes) {
  const ApiError e = FromStatus(
      Problem(absl::StatusCode::kNotFound, "job 'x' is not known", "an id from GET /api/jobs"));
  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_EQ(e.message, "job 'x' is not known");
  EXPECT_EQ(e.expected, "an id from GET /api/jobs");
  EXPECT_EQ(e.details["problems"].size(), 1u);
  EXPECT_EQ(FromStatus(absl::ResourceExhaustedError("full")).code, ErrorCode::kUnavailable);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kUriTooLong), 414);
  EXPECT_EQ(HttpStatus(ErrorCode::kHeadersTooLarge), 431);
  EXPECT_EQ(e.ToJson()["error"]["code"], "not_found");
}

// A list of located problems arrives whole: the first is the message, every
// one is in "problems", and a "; expected" inside a what is never cut at.
TEST(FromStatusTest, EveryProblemOfAListReachesTheBody) {
  DiagnosticList list;
  list.Add({"s.yaml", 4, 3}, "name 'a; expected b' is odd", "a plain name");
  list.Add({"s.yaml", 9, 1}, "pue 0.5 is out of range", "a number in 1..3");
  const ApiError e = FromStatus(list.ToStatus());
  EXPECT_EQ(e.code, ErrorCode::kBadRequest);
  EXPECT_EQ(e.message, "s.yaml:4:3: name 'a; expected b' is odd (and 1 more problems)");
  EXPECT_EQ(e.expected, "a plain name");
  ASSERT_EQ(e.details["problems"].size(), 2u);
  EXPECT_EQ(e.details["problems"][1]["line"], 9);
  EXPECT_EQ(e.details["problems"][1]["file"], "s.yaml");
  EXPECT_EQ(e.details["problems"][1]["expected"], "a number in 1..3");
  // A status from elsewhere is one problem, its message whole.
  const ApiError foreign = FromStatus(absl::NotFoundError("no such thing; expected x"));
  EXPECT_EQ(foreign.message, "no such thing; expected x");
  EXPECT_EQ(foreign.expected, "");
}

}  // namespace
}  // namespace stargate::server
