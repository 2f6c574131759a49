#include "stargate/sim/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace stargate::sim {
namespace {

// Known answers from Random123's kat_vectors (philox4x32, 10 rounds).
TEST(PhiloxTest, KnownAnswers) {
  EXPECT_EQ(Philox4x32({0, 0, 0, 0}, {0, 0}),
            (PhiloxBlock{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(Philox4x32({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (PhiloxBlock{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(Philox4x32({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (PhiloxBlock{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(RunStreamTest, DependsOnlyOnSeedRunPurposeAndItem) {
  const RunStream a(42, 7), b(42, 7), other_run(42, 8), other_seed(43, 7);
  EXPECT_EQ(a.Uniforms(3, 11), b.Uniforms(3, 11));
  EXPECT_NE(a.Uniform(3, 11), other_run.Uniform(3, 11));
  EXPECT_NE(a.Uniform(3, 11), other_seed.Uniform(3, 11));
  EXPECT_NE(a.Uniform(3, 11), a.Uniform(4, 11));
  EXPECT_NE(a.Uniform(3, 11), a.Uniform(3, 12));
  // Runs beyond 2^32 have streams of their own.
  EXPECT_NE(RunStream(1, 5).Uniform(1, 0), RunStream(1, (uint64_t{1} << 32) + 5).Uniform(1, 0));
}

TEST(RunStreamTest, ManyUniformsAreUniformsBitForBit) {
  // Every count from 0 to 11 (whole groups of four and the rest), odd
  // counters, and runs beyond 2^32.
  for (uint64_t run : {uint64_t{0}, uint64_t{12345}, (uint64_t{1} << 32) + 7, ~uint64_t{0}}) {
    const RunStream stream(0x9e3779b97f4a7c15ULL, run);
    for (size_t n = 0; n <= 11; ++n) {
      std::vector<StreamCounter> counters(n);
      for (size_t i = 0; i < n; ++i) {
        counters[i] = {static_cast<uint32_t>(i % 3 == 0 ? 0xffffffffu : i + 1),
                       static_cast<uint32_t>(i * 2654435761u)};
      }
      std::vector<double> many(2 * n);
      stream.ManyUniforms(counters.data(), n, many.data());
      for (size_t i = 0; i < n; ++i) {
        const auto one = stream.Uniforms(counters[i].purpose, counters[i].item);
        EXPECT_EQ(many[2 * i], one[0]) << "run " << run << ", " << n << " counters, #" << i;
        EXPECT_EQ(many[2 * i + 1], one[1]) << "run " << run << ", " << n << " counters, #" << i;
      }
    }
  }
  const auto u = RunStream(5, 6).Uniforms(7, 8);
  EXPECT_EQ(BoxMuller(u[0], u[1]), RunStream(5, 6).Normals(7, 8));
}

TEST(RunStreamTest, UniformsAndNormalsHaveTheRightMoments) {
  const int n = 200000;
  double sum = 0, sum_sq = 0, normal_sum = 0, normal_sq = 0;
  for (int i = 0; i < n; ++i) {
    const RunStream s(1, static_cast<uint64_t>(i));
    const auto u = s.Uniforms(1, 0);
    ASSERT_GT(u[0], 0.0);
    ASSERT_LT(u[0], 1.0);
    sum += u[0] + u[1];
    sum_sq += u[0] * u[0] + u[1] * u[1];
    const double z = s.Normal(2, 0);
    normal_sum += z;
    normal_sq += z * z;
  }
  EXPECT_NEAR(sum / (2 * n), 0.5, 0.003);
  EXPECT_NEAR(sum_sq / (2 * n) - 0.25, 1.0 / 12, 0.002);
  EXPECT_NEAR(normal_sum / n, 0.0, 0.01);
  EXPECT_NEAR(normal_sq / n, 1.0, 0.01);
}

}  // namespace
}  // namespace stargate::sim
