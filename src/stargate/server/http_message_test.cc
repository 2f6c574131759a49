#include "stargate/server/http_message.h"

#include <gtest/gtest.h>

namespace stargate::server {
namespace {

TEST(HttpHeadersTest, NamesCompareCaseInsensitively) {
  HttpHeaders headers;
  headers.Add("Authorization", "Bearer a");
  headers.Add("content-type", "application/json");
  EXPECT_EQ(headers.Get("authorization"), "Bearer a");
  EXPECT_EQ(headers.Get("CONTENT-TYPE"), "application/json");
  EXPECT_TRUE(headers.Has("Content-Type"));
  EXPECT_FALSE(headers.Has("Allow"));
  EXPECT_EQ(headers.Get("Allow"), "");
  headers.Set("AUTHORIZATION", "Bearer b");
  EXPECT_EQ(headers.Get("Authorization"), "Bearer b");
  EXPECT_EQ(headers.fields().size(), 2u);
}

TEST(HttpRequestTest, TheQueryIsTheTargetAfterTheMark) {
  HttpRequest request;
  request.target = "/api/tier/DE?date=2025-06-01&x=%20#top";
  EXPECT_EQ(request.query(), "date=2025-06-01&x=%20");
  request.target = "/api/health";
  EXPECT_EQ(request.query(), "");
}

TEST(TargetPathTest, DecodesThePathOnly) {
  EXPECT_EQ(TargetPath("/a%20b/c+d?x=%2F"), "/a b/c+d");
  EXPECT_EQ(TargetPath("/%2e%2e/secret.txt"), "/../secret.txt");
  EXPECT_EQ(TargetPath("/assets/..%2f..%2fsecret.txt"), "/assets/../../secret.txt");
  EXPECT_EQ(TargetPath("/x%zz%4"), "/x%zz%4");  // not escapes: kept
  EXPECT_EQ(TargetPath("/a%00b"), std::string("/a\0b", 4));
}

TEST(PercentDecodeTest, PlusIsASpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b%41", true), "a bA");
  EXPECT_EQ(PercentDecode("a+b%41", false), "a+bA");
}

}  // namespace
}  // namespace stargate::server
