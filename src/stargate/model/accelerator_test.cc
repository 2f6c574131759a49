#include "stargate/model/accelerator.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(AcceleratorTest, TppIsHighestDenseTopsTimesBitLength) {
  Accelerator h100;
  h100.dense_tflops = {{Precision::kFp8, 1979}, {Precision::kBf16, 989.5}, {Precision::kFp64, 67}};
  h100.die_area_mm2 = 814;
  EXPECT_DOUBLE_EQ(h100.tpp(), 15832);
  EXPECT_NEAR(h100.performance_density(), 19.45, 0.01);
  EXPECT_DOUBLE_EQ(h100.h100e(), 1.0);
}

TEST(AcceleratorTest, SixteenBitPathCanWinOverFp8) {
  // Gaudi 3 lists BF16 = FP8 = 1,835 TFLOPS: the 16-bit path gives the highest TPP.
  EXPECT_DOUBLE_EQ(ComputeTpp({{Precision::kFp8, 1835}, {Precision::kBf16, 1835}}), 29360);
  // B300: FP4 throughput sets the TPP.
  EXPECT_DOUBLE_EQ(ComputeTpp({{Precision::kFp8, 4500}, {Precision::kFp4, 14000}}), 56000);
}

TEST(AcceleratorTest, UnknownDieAreaGivesZeroDensity) {
  Accelerator a;
  a.dense_tflops = {{Precision::kBf16, 459}};
  EXPECT_DOUBLE_EQ(a.tpp(), 7344);
  EXPECT_DOUBLE_EQ(a.performance_density(), 0);
}

TEST(AcceleratorTest, StatedTppTolerance) {
  EXPECT_TRUE(StatedTppAgrees(13364, 13364.0));
  EXPECT_TRUE(StatedTppAgrees(59885, 60000));  // CSIS-implied GB300 figure, within 0.5%
  EXPECT_FALSE(StatedTppAgrees(36000, 40000));
}

}  // namespace
}  // namespace stargate
