// Demand: each demand row is served from the sites its residency allows, up
// to the H100-equivalents installed there; what is not served is `unmet`,
// priced at the scenario's penalty (the elastic part of the model).
#include "stargate/plan/model_builder.h"

namespace stargate::plan {
namespace {

bool ResidencyAllows(const Scenario& scenario, const Demand& demand, const Site& site) {
  switch (demand.residency) {
    case Residency::kAnywhere:
      return true;
    case Residency::kInCountry:
      return site.country == demand.country;
    case Residency::kInZone: {
      const Country* home = scenario.FindCountry(demand.country);
      const Country* there = scenario.FindCountry(site.country);
      return home && there && home->data_protection_zone == there->data_protection_zone;
    }
  }
  return false;
}

}  // namespace

void ModelBuilder::AddDemand() {
  const int S = index_.num_sites, K = index_.num_types, T = index_.num_quarters;
  const int D = static_cast<int>(scenario_.demand.size());
  index_.unmet.assign(D * T, -1);
  index_.demand_row.assign(D * T, -1);
  // capacity[s, t]: sum_d serve[d, s, t] <= sum_k h100e_k * base[s, k, t]
  std::vector<int> capacity_row(S * T, -1);
  auto capacity = [&](int s, int t) {
    int& row = capacity_row[index_.SiteQuarter(s, t)];
    if (row >= 0) return row;
    row = lp_.AddRow({-kInfinity, 0, family_["capacity"]},
                     Name("capacity", {SiteOf(s).id, QuarterOf(t).ToString()}));
    for (int k = 0; k < K; ++k) {
      if (int c = index_.base[index_.SiteTypeQuarter(s, k, t)]; c >= 0) {
        lp_.AddCoefficient(row, c, -scenario_.accelerators[k].h100e());
      }
    }
    return row;
  };
  const double penalty = scenario_.options.unmet_penalty_usd_per_h100e;
  for (int d = 0; d < D; ++d) {
    const Demand& demand = scenario_.demand[d];
    std::vector<int> sites;
    for (int s = 0; s < S; ++s) {
      if (ResidencyAllows(scenario_, demand, SiteOf(s))) sites.push_back(s);
    }
    for (int t = 0; t < T; ++t) {
      const double wanted = demand.H100eAt(QuarterOf(t));
      if (wanted <= 0) continue;
      const std::string q = QuarterOf(t).ToString();
      const std::string key = demand.country + "#" + std::to_string(d);
      const int row = lp_.AddRow({wanted, kInfinity, family_["demand"]}, Name("demand", {key, q}));
      index_.demand_row[d * T + t] = row;
      // Maximising compute: served H100e-quarters earn -1 each; unmet costs nothing extra.
      const double unmet_cost = compute_objective_ ? 0 : Df(t) * penalty / kUsdScale;
      const int unmet = lp_.AddColumn({0, kInfinity, unmet_cost, false, family_["unmet"]}, Name("unmet", {key, q}));
      index_.unmet[d * T + t] = unmet;
      lp_.AddCoefficient(row, unmet, 1);
      for (int s : sites) {
        const double reward = compute_objective_ ? -1.0 : 0.0;
        const int serve = lp_.AddColumn({0, kInfinity, reward, false, family_["serve"]},
                                        Name("serve", {key, SiteOf(s).id, q}));
        index_.serve.push_back({d, s, t, serve});
        lp_.AddCoefficient(row, serve, 1);
        lp_.AddCoefficient(capacity(s, t), serve, 1);
      }
    }
  }
}

}  // namespace stargate::plan
