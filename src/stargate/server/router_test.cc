#include "stargate/server/internal/router.h"

#include <gtest/gtest.h>

namespace stargate::server {
namespace {

Handler Named(std::string name) {
  return [name](Call&) -> Expected<Reply> { return Reply{nlohmann::json(name)}; };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/regimes/{id}", Role::kViewer, Named("show"));
    router_.Add("GET", "/api/regimes/diff", Role::kViewer, Named("diff"));
    router_.Add("GET", "/api/jobs/{id}", Role::kViewer, Named("job"));
    router_.Add("DELETE", "/api/jobs/{id}", Role::kPlanner, Named("cancel"));
  }
  Router router_;
};

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  auto m = router_.Find("GET", "/api/regimes/diff");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/regimes/diff");
  m = router_.Find("GET", "/api/regimes/oct-2023");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/regimes/{id}");
  EXPECT_EQ(m.path.at("id"), "oct-2023");
}

TEST_F(RouterTest, MethodsAreMatchedAndHeadIsGet) {
  auto m = router_.Find("DELETE", "/api/jobs/plan-1");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->role, Role::kPlanner);
  EXPECT_NE(router_.Find("HEAD", "/api/jobs/plan-1").route, nullptr);
}

TEST_F(RouterTest, AnotherMethodOnAKnownPathListsTheAllowedOnes) {
  auto m = router_.Find("POST", "/api/jobs/plan-1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "DELETE"}));
  m = router_.Find("GET", "/api/nothing/here");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed_methods.empty());
  EXPECT_EQ(router_.Find("GET", "/api/jobs").route, nullptr);  // segment counts must match
}

TEST(SplitPathTest, DropsEmptySegments) {
  EXPECT_EQ(SplitPath("/api//jobs/"), (std::vector<std::string>{"api", "jobs"}));
  EXPECT_TRUE(SplitPath("/").empty());
}

}  // namespace
}  // namespace stargate::server
