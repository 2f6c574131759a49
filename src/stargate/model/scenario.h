// A Scenario: the horizon, the regime and every entity a plan is made of.
#ifndef STARGATE_MODEL_SCENARIO_H_
#define STARGATE_MODEL_SCENARIO_H_

#include <map>
#include <string>
#include <vector>

#include "stargate/core/quarter.h"
#include "stargate/model/accelerator.h"
#include "stargate/model/country.h"
#include "stargate/model/demand.h"
#include "stargate/model/enums.h"
#include "stargate/model/financier.h"
#include "stargate/model/site.h"

namespace stargate {

// Regime choice meaning "the regime in force at each date".
inline constexpr const char* kRegimeByDate = "by_date";

struct ScenarioOptions {
  Objective objective = Objective::kCost;
  double discount_rate = 0.08;             // annual
  double unmet_penalty_usd_per_h100e = 0;  // per H100e-quarter not served
  double budget_usd = 0;                   // for objective compute; 0 = none
  double gpu_hour_price_usd = 0;
  double utilization = 0;
  double accelerator_life_quarters = 20;
  // Installed cost of a chip / its price_usd (network, storage, installation);
  // the loader copies it onto every accelerator (Accelerator::InstalledCostUsd).
  double system_cost_factor = kDefaultSystemCostFactor;
  // No demand is served from a country whose Freedom House score is below
  // this (0..100; 0 = no minimum); a demand row may ask for more.
  double min_freedom_score = 0;
};

struct Scenario {
  std::string id;
  std::string name;
  std::string description;
  Quarter start;
  Quarter end;
  std::string regime = kRegimeByDate;
  ScenarioOptions options;
  std::vector<Accelerator> accelerators;
  std::vector<Country> countries;
  std::vector<Site> sites;
  std::vector<Financier> financiers;
  std::vector<Demand> demand;
  std::vector<Supply> supply;
  std::vector<std::string> files;  // every file loaded, root first

  int num_quarters() const { return end - start + 1; }
  // Lookups by id; nullptr when absent.
  const Accelerator* FindAccelerator(const std::string& id) const;
  const Country* FindCountry(const std::string& iso2) const;
  const Site* FindSite(const std::string& id) const;
  const Financier* FindFinancier(const std::string& id) const;
};

}  // namespace stargate

#endif  // STARGATE_MODEL_SCENARIO_H_
