#include "stargate/screen/similarity.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace stargate::screen {
namespace {

TEST(SimilarityTest, OsaDistanceCountsTranspositionsAsOneEdit) {
  EXPECT_EQ(OsaDistance("", ""), 0);
  EXPECT_EQ(OsaDistance("abc", ""), 3);
  EXPECT_EQ(OsaDistance("putin", "putin"), 0);
  EXPECT_EQ(OsaDistance("putin", "pulin"), 1);
  EXPECT_EQ(OsaDistance("macron", "marcon"), 1);
  EXPECT_EQ(OsaDistance("ca", "abc"), 3);  // OSA, not full Damerau (which gives 2)
  EXPECT_EQ(OsaDistance("sergei", "sergey"), 1);
  EXPECT_DOUBLE_EQ(OsaSimilarity("putin", "pulin"), 0.8);
  EXPECT_DOUBLE_EQ(OsaSimilarity("", ""), 1.0);
}

TEST(SimilarityTest, BitParallelAgreesWithDynamicProgramming) {
  std::mt19937 rng(7);
  auto random_word = [&](size_t max_length) {
    std::string s(rng() % (max_length + 1), 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 4);  // small alphabet: many repeats
    return s;
  };
  for (int trial = 0; trial < 5000; ++trial) {
    const std::string a = random_word(trial < 4000 ? 12 : 70),
                      b = random_word(trial < 4000 ? 12 : 70);
    const PreparedToken prepared(a);
    ASSERT_EQ(prepared.Distance(b), OsaDistance(a, b)) << a << " / " << b;
  }
}

TEST(SimilarityTest, JaroWinklerKnownValues) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("same", "same"), 1.0);
}

}  // namespace
}  // namespace stargate::screen
