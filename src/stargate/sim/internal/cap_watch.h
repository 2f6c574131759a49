// Whether the export caps bind on a plan's shipments in a run. A cap binds
// when what the plan delivers to the country within the cap's window (after
// the run's delay and supply shortfall) reaches the cap; a cap of zero (a
// tier-3 ban) always binds. Caps of the regime in force before a regime
// change apply until it, those of the new regime after it; a country's tier
// change replaces its caps from its date: tier1 none, tier2 cap_h100e,
// tier3 zero. A cap on named consignees counts only their sites. Per run
// the work is constant per cap (prefix sums).
#ifndef STARGATE_SIM_INTERNAL_CAP_WATCH_H_
#define STARGATE_SIM_INTERNAL_CAP_WATCH_H_

#include <string>
#include <vector>

#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/sim/sampler.h"
#include "stargate/sim/uncertainty.h"

namespace stargate::sim {

class CapWatch {
 public:
  // Countries whose caps could bind: those of either regime's caps and of
  // tier changes to tier2 or tier3, sorted.
  static std::vector<std::string> CountriesAtRisk(const std::vector<plan::CapLimit>& base,
                                                  const std::vector<plan::CapLimit>* alternative,
                                                  const std::vector<TierChange>& tiers);

  // `columns`: the countries to report, in order (caps of others are ignored).
  CapWatch(const Scenario& scenario, const plan::Plan& plan,
           const std::vector<plan::CapLimit>& base, const std::vector<plan::CapLimit>* alternative,
           const std::vector<TierChange>& tiers, const std::vector<std::string>& columns);

  // out[i] = 1 when a cap of columns[i] binds in the run, else 0.
  void Check(const RunDraws& draws, double* out) const;

 private:
  struct Cap {
    int column = -1;
    int country = -1;      // scenario country, for its delay
    int from = 0, to = 0;  // quarter indices from the horizon's start
    bool alternative = false;
    double limit_tpp = 0;
    std::vector<double> prefix;  // planned TPP delivered before plan quarter t: prefix[t]
  };
  struct Tier {
    int column = -1, country = -1, entry = 0;
    int kind = 1;  // 1, 2 or 3
    double limit_tpp = 0;
    std::vector<double> prefix;  // tier2: planned TPP to the country's non-UVEU sites
  };
  double Shipped(const std::vector<double>& prefix, int from, int to, int delay,
                 double supply) const;

  int plan_quarters_ = 0;
  size_t columns_ = 0;
  std::vector<Cap> caps_;
  std::vector<Tier> tiers_;
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_INTERNAL_CAP_WATCH_H_
