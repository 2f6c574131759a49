// The uncertainties a Monte Carlo run samples: construction delay by country
// (or region), facility capex overrun, chip supply shortfall, GPU-hour and
// electricity price paths, a regime change at a random date and countries
// changing tier. Defaults are data/uncertainty.yaml's values (a test checks
// they agree); --uncertainty FILE overrides any of them.
#ifndef STARGATE_SIM_UNCERTAINTY_H_
#define STARGATE_SIM_UNCERTAINTY_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/quarter.h"
#include "stargate/model/model.h"

namespace stargate::sim {

// A delay in whole quarters with its probability.
struct DelayDistribution {
  std::vector<int> quarters = {0};
  std::vector<double> probabilities = {1.0};
  // The delay at cumulative probability u in (0, 1).
  int Sample(double u) const;
  int Max() const;
  double Mean() const;
};

// Triangular distribution on [min, max] with its peak at mode.
struct Triangular {
  double min = 0, mode = 0, max = 0;
  double Sample(double u) const;  // inverse CDF
  double Mean() const { return (min + mode + max) / 3; }
};

// A multiplicative yearly random walk: each year the price is multiplied by
// exp(mu + sigma Z), with mu chosen so that it changes by annual_drift on
// average (mu = ln(1 + drift) - sigma^2 / 2).
struct PricePath {
  double annual_drift = 0;
  double annual_volatility = 0;
};

struct RegimeChange {
  double probability = 0;
  std::string regime;     // the regime in force from the change on
  Quarter from, to;       // window the change date is drawn from (uniform)
  TextLocation location;  // of `regime`, for messages about it
};

// A country moving to another tier at a random date: tier1 lifts its caps;
// tier2 caps it at cap_h100e from then on; tier3 stops exports to it (a cap
// of zero).
struct TierChange {
  std::string country;
  std::string tier;  // tier1 | tier2 | tier3
  double probability = 0;
  Quarter from, to;
  double cap_h100e = 0;   // tier2
  TextLocation location;  // of `country`
};

struct UncertaintySpec {
  DelayDistribution delay_default;
  std::map<std::string, DelayDistribution> delay_by_region, delay_by_country;
  Triangular overrun;                    // share of the facility capex, e.g. 0.05 = +5%
  double overrun_per_delay_quarter = 0;  // added for each quarter of delay
  double shortfall_probability = 0;
  Triangular shortfall;  // share of planned chips not delivered
  PricePath gpu_hour_price, electricity_price;
  RegimeChange regime_change;
  std::vector<TierChange> tier_changes;
  std::string origin = "built-in defaults";

  UncertaintySpec();  // the defaults (data/uncertainty.yaml)
  const DelayDistribution& DelayFor(const Country& country) const;
  int MaxDelay() const;
};

absl::StatusOr<UncertaintySpec> LoadUncertainty(const std::filesystem::path& path,
                                                std::vector<Diagnostic>* diagnostics);
absl::StatusOr<UncertaintySpec> UncertaintyFromText(const std::string& text,
                                                    const std::string& name,
                                                    std::vector<Diagnostic>* diagnostics);

}  // namespace stargate::sim

#endif  // STARGATE_SIM_UNCERTAINTY_H_
