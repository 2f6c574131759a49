#include "stargate/ledger/internal/running_sums.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"

namespace stargate::ledger {
namespace {

// Many keys (the table grows several times), short and long ones (past what
// a slot holds), each added to many times: every sum is what a std::map gets.
TEST(RunningSumsTest, AddsUpLikeAMapWhateverTheKeys) {
  RunningSums sums;
  std::map<std::string, Sum> expected;
  for (int i = 0; i < 20000; ++i) {
    const int k = (i * 7919) % 5000;
    const std::string key = k % 3 == 0 ? absl::StrCat("lpp:", std::string(40 + k % 20, 'x'), ":", k)
                                       : absl::StrCat("cap:", k);
    const double v = (i % 2 ? 1.5 : -0.25) * k;
    Sum& s = sums[key];
    s.total += v;
    s.magnitude += v < 0 ? -v : v;
    expected[key].total += v;
    expected[key].magnitude += v < 0 ? -v : v;
  }
  size_t seen = 0;
  sums.ForEach([&](std::string_view key, const Sum& sum) {
    ++seen;
    auto it = expected.find(std::string(key));
    ASSERT_NE(it, expected.end()) << key;
    EXPECT_EQ(sum.total, it->second.total) << key;
    EXPECT_EQ(sum.magnitude, it->second.magnitude) << key;
  });
  EXPECT_EQ(seen, expected.size());
  for (const auto& [key, sum] : expected) {
    const Sum* found = sums.Find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(found->total, sum.total);
  }
  EXPECT_EQ(sums.Find("cap:never"), nullptr);
  EXPECT_EQ(sums.Find(std::string(100, 'z')), nullptr);
}

}  // namespace
}  // namespace stargate::ledger
