// Counter-based random numbers: each value is a pure function of (seed, run,
// purpose, item), computed with Philox4x32-10 (Salmon et al., "Parallel
// random numbers: as easy as 1, 2, 3", SC 2011). A run's draws therefore do
// not depend on which thread or process computes it, or in what order, which
// is what makes simulation results identical for any thread or rank count.
#ifndef STARGATE_SIM_RANDOM_H_
#define STARGATE_SIM_RANDOM_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace stargate::sim {

using PhiloxBlock = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

// Ten rounds of Philox4x32 on `counter` under `key`.
PhiloxBlock Philox4x32(PhiloxBlock counter, PhiloxKey key);

// Two independent standard normals from two uniforms in (0, 1) (Box-Muller).
std::array<double, 2> BoxMuller(double u0, double u1);

// Which block of a run's stream: what it is for and which one (a country,
// site, year, list entry).
struct StreamCounter {
  uint32_t purpose = 0, item = 0;
};

// The random stream of one run.
class RunStream {
 public:
  RunStream(uint64_t seed, uint64_t run)
      : key_{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)},
        run_lo_(static_cast<uint32_t>(run)),
        run_hi_(static_cast<uint32_t>(run >> 32)) {}

  // Two independent uniforms in (0, 1) for (purpose, item).
  std::array<double, 2> Uniforms(uint32_t purpose, uint32_t item) const;
  double Uniform(uint32_t purpose, uint32_t item) const { return Uniforms(purpose, item)[0]; }
  // Two independent standard normals for (purpose, item), by Box-Muller.
  std::array<double, 2> Normals(uint32_t purpose, uint32_t item) const;
  double Normal(uint32_t purpose, uint32_t item) const { return Normals(purpose, item)[0]; }
  // Uniforms of many blocks: out[2i] and out[2i + 1] are those of
  // counters[i], the same bits as Uniforms gives. Four blocks at a time
  // where the CPU has SSE2, which is most of the cost of a run's draws.
  void ManyUniforms(const StreamCounter* counters, size_t n, double* out) const;

 private:
  PhiloxKey key_;
  uint32_t run_lo_, run_hi_;
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_RANDOM_H_
