#include "stargate/sim/random.h"

#include <cmath>
#include <numbers>

namespace stargate::sim {
namespace {

constexpr uint32_t kMultiplier0 = 0xD2511F53, kMultiplier1 = 0xCD9E8D57;
constexpr uint32_t kWeyl0 = 0x9E3779B9, kWeyl1 = 0xBB67AE85;

inline void MulHiLo(uint32_t a, uint32_t b, uint32_t* hi, uint32_t* lo) {
  const uint64_t product = static_cast<uint64_t>(a) * b;
  *hi = static_cast<uint32_t>(product >> 32);
  *lo = static_cast<uint32_t>(product);
}

// 53 random bits to a double strictly inside (0, 1).
inline double ToUnit(uint32_t high, uint32_t low) {
  const uint64_t bits = ((static_cast<uint64_t>(high) << 32) | low) >> 11;
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

}  // namespace

PhiloxBlock Philox4x32(PhiloxBlock c, PhiloxKey k) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += kWeyl0;
      k[1] += kWeyl1;
    }
    uint32_t hi0, lo0, hi1, lo1;
    MulHiLo(kMultiplier0, c[0], &hi0, &lo0);
    MulHiLo(kMultiplier1, c[2], &hi1, &lo1);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
  }
  return c;
}

std::array<double, 2> RunStream::Uniforms(uint32_t purpose, uint32_t item) const {
  const PhiloxBlock b = Philox4x32({item, run_lo_, run_hi_, purpose}, key_);
  return {ToUnit(b[0], b[1]), ToUnit(b[2], b[3])};
}

std::array<double, 2> RunStream::Normals(uint32_t purpose, uint32_t item) const {
  const auto u = Uniforms(purpose, item);
  const double radius = std::sqrt(-2.0 * std::log(u[0]));
  const double angle = 2.0 * std::numbers::pi * u[1];
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

}  // namespace stargate::sim
