// Internal: the builder shared by the model_builder_*.cc files, one file per
// group of constraints (capacity, demand, money, export).
#ifndef STARGATE_PLAN_INTERNAL_MODEL_BUILDER_H_
#define STARGATE_PLAN_INTERNAL_MODEL_BUILDER_H_

#include <map>
#include <string>
#include <vector>

#include "stargate/plan/plan_model.h"

namespace stargate::plan {

class ModelBuilder {
 public:
  ModelBuilder(const Scenario& scenario, const ExportLimits& limits, const BuildOptions& options);
  BuiltModel Build();

 private:
  // model_builder.cc
  void DefineFamilies();
  void AddCapacity();  // build, mw, grid, install, base, power
  void AddSupply();
  void AddSiteOpening();  // MILP only
  // model_builder_demand.cc
  void AddDemand();
  // model_builder_money.cc
  void AddFinancing();
  void AddBudget();
  // model_builder_export.cc
  void AddCaps();
  void AddUveuShares();

  Quarter QuarterOf(int t) const { return scenario_.start + t; }
  double Df(int t) const { return discount_[t]; }
  const Site& SiteOf(int s) const { return scenario_.sites[index_.site[s]]; }
  std::string Name(const std::string& family, const std::vector<std::string>& parts) const;
  // Capex of site s in quarter t as (column, $M coefficient) terms.
  std::vector<std::pair<int, double>> CapexTerms(int s, int t) const;
  // A column's cost: `usd_m` ($M, discounted) under the cost objective, 0
  // when maximising compute; the money is recorded either way.
  double Cost(double usd_m) const { return compute_objective_ ? 0 : usd_m; }
  int Priced(int column, double usd_m);

  const Scenario& scenario_;
  const ExportLimits& limits_;
  const BuildOptions& options_;
  LpModel lp_;
  PlanIndex index_;
  std::vector<double> discount_;
  std::map<std::string, int> family_;
  bool compute_objective_ = false;
};

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_INTERNAL_MODEL_BUILDER_H_
