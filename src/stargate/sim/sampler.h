// One Monte Carlo run's draws: the uncertainties of an UncertaintySpec
// sampled from the run's own random stream, in arrays sized once and reused,
// and turned into the finance evaluator's Shocks. Draws are keyed by
// scenario country and site, not by position in a plan, so the same run
// draws the same delays whether the plan is fixed or re-solved.
#ifndef STARGATE_SIM_SAMPLER_H_
#define STARGATE_SIM_SAMPLER_H_

#include <cstdint>
#include <vector>

#include "stargate/finance/finance.h"
#include "stargate/model/model.h"
#include "stargate/sim/random.h"
#include "stargate/sim/uncertainty.h"

namespace stargate::sim {

struct RunDraws {
  std::vector<int> country_delay;         // per scenario country, quarters
  std::vector<double> site_overrun;       // per scenario site, multiplier on facility capex
  double supply_factor = 1;               // share of planned chips delivered
  std::vector<double> gpu_price;          // per quarter, multiplier
  std::vector<double> electricity_price;  // per quarter, multiplier
  int regime_change = finance::kNever;    // quarter index from the horizon's start
  std::vector<int> tier_change;  // per UncertaintySpec tier change: quarter index or kNever
  std::vector<double> uniforms;  // scratch: the run's uniforms, two per Sampler counter
  // Per model site (filled by Sampler::Shocks):
  std::vector<int> site_delay;
  std::vector<double> model_site_overrun;
  std::vector<int> site_blocked_from;
};

class Sampler {
 public:
  // `length`: quarters the price paths cover (the model's length).
  Sampler(const UncertaintySpec& spec, const Scenario& scenario, int length);

  // Draw delays only for these scenario countries and overruns only for
  // these sites (the others stay 0 and 1): a fixed plan needs few of them.
  // The values drawn do not change, only which are drawn.
  void Restrict(std::vector<char> countries, std::vector<char> sites);

  void Draw(uint64_t seed, uint64_t run, RunDraws* draws) const;
  // The shocks for `model` (its sites), pointing into `draws`.
  finance::Shocks ShocksFor(const finance::FinanceModel& model, RunDraws* draws) const;

  // Mean of a price path over the plan's horizon (for a re-solved plan).
  double MeanOverHorizon(const std::vector<double>& path) const;
  int length() const { return length_; }

 private:
  const UncertaintySpec& spec_;
  const Scenario& scenario_;
  int length_ = 0;
  std::vector<const DelayDistribution*> country_delay_;  // per scenario country
  std::vector<char> draw_country_, draw_site_;
  std::vector<int> site_country_;  // per scenario site
  std::vector<int> tier_country_;  // per tier change: scenario country or -1
  std::vector<char> tier_is_ban_;  // per tier change: to tier3
  double gpu_mu_ = 0, electricity_mu_ = 0;
  // Every block of a run's stream Draw uses, in the order it uses them, so
  // that a run computes them in one batch.
  std::vector<StreamCounter> counters_;
  void ListCounters();
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_SAMPLER_H_
