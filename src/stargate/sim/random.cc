#include "stargate/sim/random.h"

#include <cmath>
#include <numbers>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

std::array<double, 2> BoxMuller(double u0, double u1) {
  const double radius = std::sqrt(-2.0 * std::log(u0));
  const double angle = 2.0 * std::numbers::pi * u1;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

std::array<double, 2> RunStream::Normals(uint32_t purpose, uint32_t item) const {
  const auto u = Uniforms(purpose, item);
  return BoxMuller(u[0], u[1]);
}

#if defined(__SSE2__)
namespace {

// 32 x 32 -> 64-bit products of four lanes by a broadcast multiplier, split
// into high and low words. SSE2 multiplies lanes 0 and 2; lanes 1 and 3 are
// shifted down for a second multiply, then the words are put back in order.
inline void MulHiLo4(__m128i multiplier, __m128i a, __m128i* hi, __m128i* lo) {
  const __m128i even = _mm_mul_epu32(a, multiplier);                     // lo0 hi0 lo2 hi2
  const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), multiplier);  // lo1 hi1 lo3 hi3
  const __m128i e = _mm_shuffle_epi32(even, _MM_SHUFFLE(3, 1, 2, 0));    // lo0 lo2 hi0 hi2
  const __m128i o = _mm_shuffle_epi32(odd, _MM_SHUFFLE(3, 1, 2, 0));     // lo1 lo3 hi1 hi3
  *lo = _mm_unpacklo_epi32(e, o);
  *hi = _mm_unpackhi_epi32(e, o);
}

// Philox4x32-10 on four counters at once: x[j] holds word j of each.
void Philox4x32Times4(__m128i x[4], PhiloxKey key) {
  __m128i k0 = _mm_set1_epi32(static_cast<int>(key[0])),
          k1 = _mm_set1_epi32(static_cast<int>(key[1]));
  const __m128i m0 = _mm_set1_epi32(static_cast<int>(kMultiplier0));
  const __m128i m1 = _mm_set1_epi32(static_cast<int>(kMultiplier1));
  const __m128i w0 = _mm_set1_epi32(static_cast<int>(kWeyl0)),
                w1 = _mm_set1_epi32(static_cast<int>(kWeyl1));
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = _mm_add_epi32(k0, w0);
      k1 = _mm_add_epi32(k1, w1);
    }
    __m128i hi0, lo0, hi1, lo1;
    MulHiLo4(m0, x[0], &hi0, &lo0);
    MulHiLo4(m1, x[2], &hi1, &lo1);
    x[0] = _mm_xor_si128(_mm_xor_si128(hi1, x[1]), k0);
    x[1] = lo1;
    x[2] = _mm_xor_si128(_mm_xor_si128(hi0, x[3]), k1);
    x[3] = lo0;
  }
}

}  // namespace
#endif

void RunStream::ManyUniforms(const StreamCounter* counters, size_t n, double* out) const {
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 4 <= n; i += 4) {
    const StreamCounter* c = counters + i;
    __m128i x[4] = {
        _mm_setr_epi32(static_cast<int>(c[0].item), static_cast<int>(c[1].item),
                       static_cast<int>(c[2].item), static_cast<int>(c[3].item)),
        _mm_set1_epi32(static_cast<int>(run_lo_)),
        _mm_set1_epi32(static_cast<int>(run_hi_)),
        _mm_setr_epi32(static_cast<int>(c[0].purpose), static_cast<int>(c[1].purpose),
                       static_cast<int>(c[2].purpose), static_cast<int>(c[3].purpose)),
    };
    Philox4x32Times4(x, key_);
    alignas(16) uint32_t words[4][4];
    for (int j = 0; j < 4; ++j) _mm_store_si128(reinterpret_cast<__m128i*>(words[j]), x[j]);
    for (int lane = 0; lane < 4; ++lane) {
      out[2 * (i + lane)] = ToUnit(words[0][lane], words[1][lane]);
      out[2 * (i + lane) + 1] = ToUnit(words[2][lane], words[3][lane]);
    }
  }
#endif
  for (; i < n; ++i) {
    const auto u = Uniforms(counters[i].purpose, counters[i].item);
    out[2 * i] = u[0];
    out[2 * i + 1] = u[1];
  }
}

}  // namespace stargate::sim
