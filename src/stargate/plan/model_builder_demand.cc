// Demand: each demand row is served from the country pools its residency
// allows, up to the H100-equivalents installed in that country's sites; what
// is not served is `unmet`, priced at the scenario's penalty (the elastic
// part of the model). A minimum freedom score keeps a row's service out of
// countries below it with one row per demand row, so its dual prices it.
#include <algorithm>
#include <map>

#include "stargate/plan/internal/model_builder.h"

namespace stargate::plan {
namespace {

bool ResidencyAllows(const Scenario& scenario, const Demand& demand, const std::string& country) {
  switch (demand.residency) {
    case Residency::kAnywhere:
      return true;
    case Residency::kInCountry:
      return country == demand.country;
    case Residency::kInZone: {
      const Country* home = scenario.FindCountry(demand.country);
      const Country* there = scenario.FindCountry(country);
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
  std::map<std::string, int> pool_of;
  for (int s = 0; s < S; ++s) {
    auto [it, inserted] =
        pool_of.emplace(SiteOf(s).country, static_cast<int>(index_.pool_country.size()));
    if (inserted) {
      index_.pool_country.push_back(SiteOf(s).country);
      index_.pool_sites.emplace_back();
    }
    index_.pool_sites[it->second].push_back(s);
  }
  const int P = static_cast<int>(index_.pool_country.size());
  // capacity[p, t]: sum_d serve[d, p, t] <= sum_{s in p, k} h100e_k * base[s, k, t]
  std::vector<int> capacity_row(P * T, -1);
  auto capacity = [&](int p, int t) {
    int& row = capacity_row[p * T + t];
    if (row >= 0) return row;
    row = lp_.AddRow({-kInfinity, 0, family_["capacity"]},
                     Name("capacity", {index_.pool_country[p], QuarterOf(t).ToString()}));
    for (int s : index_.pool_sites[p]) {
      for (int k = 0; k < K; ++k) {
        if (int c = index_.base[index_.SiteTypeQuarter(s, k, t)]; c >= 0) {
          lp_.AddCoefficient(row, c, -scenario_.accelerators[k].h100e());
        }
      }
    }
    return row;
  };
  const double penalty = UnmetValueUsdPerH100eQuarter(scenario_.options);
  index_.freedom_row.assign(D, -1);
  for (int d = 0; d < D; ++d) {
    const Demand& demand = scenario_.demand[d];
    std::vector<int> pools;
    std::vector<bool> below(P, false);
    const double min_score =
        std::max(scenario_.options.min_freedom_score, demand.min_freedom_score);
    for (int p = 0; p < P; ++p) {
      if (!ResidencyAllows(scenario_, demand, index_.pool_country[p])) continue;
      pools.push_back(p);
      const Country* host = scenario_.FindCountry(index_.pool_country[p]);
      below[p] = min_score > 0 && (!host || host->freedom_score < min_score);
    }
    // sum over quarters and pools below the minimum of serve[d, p, t] <= 0.
    int freedom = -1;
    if (std::any_of(below.begin(), below.end(), [](bool b) { return b; })) {
      freedom = lp_.AddRow({-kInfinity, 0, family_["freedom"]},
                           Name("freedom", {demand.country + "#" + std::to_string(d)}));
      index_.freedom_row[d] = freedom;
    }
    for (int t = 0; t < T; ++t) {
      const double wanted = demand.H100eAt(QuarterOf(t));
      if (wanted <= 0) continue;
      const std::string q = QuarterOf(t).ToString();
      const std::string key = demand.country + "#" + std::to_string(d);
      // Maximising compute, served + unmet = demand exactly: the objective
      // rewards every H100e served, and service beyond demand is not
      // service. Minimising cost, nothing rewards excess, so the row stays
      // an inequality (an equality made CLP take about twice as long on
      // generated 100-site models); the tables clip the rare degenerate
      // excess to demand (plan_extract.cc).
      const int row =
          lp_.AddRow({wanted, compute_objective_ ? wanted : kInfinity, family_["demand"]},
                     Name("demand", {key, q}));
      index_.demand_row[d * T + t] = row;
      // Maximising compute: served H100e-quarters earn -1 each; unmet costs nothing extra.
      const double unmet_cost = Df(t) * penalty / kUsdScale;
      const int unmet =
          Priced(lp_.AddColumn({0, kInfinity, Cost(unmet_cost), false, family_["unmet"]},
                               Name("unmet", {key, q})),
                 unmet_cost);
      index_.unmet[d * T + t] = unmet;
      lp_.AddCoefficient(row, unmet, 1);
      for (int p : pools) {
        const double reward = compute_objective_ ? -1.0 : 0.0;
        const int serve = lp_.AddColumn({0, kInfinity, reward, false, family_["serve"]},
                                        Name("serve", {key, index_.pool_country[p], q}));
        index_.serve.push_back({d, p, t, serve});
        lp_.AddCoefficient(row, serve, 1);
        lp_.AddCoefficient(capacity(p, t), serve, 1);
        if (below[p]) lp_.AddCoefficient(freedom, serve, 1);
      }
    }
  }
}

}  // namespace stargate::plan
