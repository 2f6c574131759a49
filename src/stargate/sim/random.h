// Counter-based random numbers: each value is a pure function of (seed, run,
// purpose, item), computed with Philox4x32-10 (Salmon et al., "Parallel
// random numbers: as easy as 1, 2, 3", SC 2011). A run's draws therefore do
// not depend on which thread or process computes it, or in what order, which
// is what makes simulation results identical for any thread or rank count.
#ifndef STARGATE_SIM_RANDOM_H_
#define STARGATE_SIM_RANDOM_H_

#include <array>
#include <cstdint>

namespace stargate::sim {

using PhiloxBlock = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

// Ten rounds of Philox4x32 on `counter` under `key`.
PhiloxBlock Philox4x32(PhiloxBlock counter, PhiloxKey key);

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

 private:
  PhiloxKey key_;
  uint32_t run_lo_, run_hi_;
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_RANDOM_H_
