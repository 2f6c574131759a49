// The extensive form, stitched from the ordinary builder's per-scenario
// models so that the stochastic plan has no second model writer: a scenario
// model's constraints are exactly the deterministic plan's.
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "stargate/plan/internal/plan_internal.h"
#include "stargate/plan/internal/stochastic_internal.h"

namespace stargate::plan {

std::vector<bool> FirstStageColumns(const Scenario& scenario, const BuiltModel& built,
                                    Quarter decide_until) {
  std::vector<bool> first(built.lp.num_columns(), false);
  const PlanIndex& index = built.index;
  for (int s = 0; s < index.num_sites; ++s) {
    for (int t = 0; t < index.num_quarters; ++t) {
      if (scenario.start + t > decide_until) break;
      if (int c = index.build[index.SiteQuarter(s, t)]; c >= 0) first[c] = true;
    }
  }
  for (const auto& fund : index.fund) {
    if (scenario.start + fund.t <= decide_until && fund.column >= 0) first[fund.column] = true;
  }
  return first;
}

ExtensiveForm StitchExtensiveForm(const std::vector<const BuiltModel*>& models,
                                  const std::vector<std::vector<bool>>& first_stage,
                                  const std::vector<double>& probabilities,
                                  const std::optional<RiskMeasure>& risk) {
  ExtensiveForm ef;
  LpModel& lp = ef.lp;
  // Every scenario model has the builder's families in the builder's order.
  for (const auto& name : models.front()->lp.families()) lp.AddFamily(name);
  const double weight = risk ? risk->weight : 0;
  const double expectation_share = 1 - weight;
  std::unordered_map<std::string, int> shared_by_name;
  for (size_t s = 0; s < models.size(); ++s) {
    const LpModel& m = models[s]->lp;
    const double p = probabilities[s];
    const std::string prefix = absl::StrCat("s", s, ":");
    auto& map = ef.column_of.emplace_back(m.num_columns(), -1);
    for (int c = 0; c < m.num_columns(); ++c) {
      LpColumn column = m.columns()[c];
      column.cost = expectation_share * p * column.cost;
      if (first_stage[s][c]) {
        const std::string& name = m.column_names()[c];
        auto [it, inserted] = shared_by_name.try_emplace(name, -1);
        if (inserted) {
          it->second = lp.AddColumn(column, name);
          ef.shared.push_back(it->second);
        } else {
          // The same decision in another future: its expected cost adds up;
          // its bounds are those every future allows.
          const LpColumn& have = lp.columns()[it->second];
          lp.AddCost(it->second, column.cost);
          lp.SetColumnLower(it->second, std::max(have.lower, column.lower));
          lp.SetColumnUpper(it->second, std::min(have.upper, column.upper));
        }
        map[c] = it->second;
      } else {
        map[c] = lp.AddColumn(column, prefix + m.column_names()[c]);
      }
    }
    const int first_row = lp.num_rows();
    for (int r = 0; r < m.num_rows(); ++r) lp.AddRow(m.rows()[r], prefix + m.row_names()[r]);
    const auto& rows = m.coefficient_rows();
    const auto& columns = m.coefficient_columns();
    const auto& values = m.coefficient_values();
    for (size_t e = 0; e < values.size(); ++e)
      lp.AddCoefficient(first_row + rows[e], map[columns[e]], values[e]);
  }
  if (risk) {
    // Rockafellar-Uryasev: CVaR_a = min_eta eta + E[(cost - eta)+] / (1 - a),
    // with excess_s >= cost_s - eta, excess_s >= 0.
    const int eta_family = lp.AddFamily("cvar_eta");
    const int excess_family = lp.AddFamily("cvar_excess");
    const int row_family = lp.AddFamily("cvar");
    ef.eta = lp.AddColumn({-kInfinity, kInfinity, weight, false, eta_family}, "cvar_eta");
    for (size_t s = 0; s < models.size(); ++s) {
      const LpModel& m = models[s]->lp;
      const int excess = lp.AddColumn(
          {0, kInfinity, weight * probabilities[s] / (1 - risk->alpha), false, excess_family},
          absl::StrCat("cvar_excess[s", s, "]"));
      // excess_s + eta - sum_c cost_c x_c >= 0
      const int row = lp.AddRow({0, kInfinity, row_family}, absl::StrCat("cvar[s", s, "]"));
      lp.AddCoefficient(row, excess, 1);
      lp.AddCoefficient(row, ef.eta, 1);
      for (int c = 0; c < m.num_columns(); ++c) {
        lp.AddCoefficient(row, ef.column_of[s][c], -m.columns()[c].cost);
      }
    }
  }
  return ef;
}

std::vector<double> ScenarioColumns(const ExtensiveForm& ef, int scenario,
                                    const std::vector<double>& x) {
  const auto& map = ef.column_of[scenario];
  std::vector<double> out(map.size(), 0.0);
  for (size_t c = 0; c < map.size(); ++c) out[c] = x[map[c]];
  return out;
}

double CostUsd(const BuiltModel& built, const std::vector<double>& x) {
  double cost = 0;
  const auto& columns = built.lp.columns();
  for (size_t c = 0; c < columns.size() && c < x.size(); ++c) cost += columns[c].cost * x[c];
  return cost * kUsdScale;
}

Plan PlanFromColumns(const Scenario& scenario, const ExportLimits& limits, const BuiltModel& built,
                     std::vector<double> x, SolveStatus status) {
  Solution solution;
  solution.status = status;
  solution.x = std::move(x);
  solution.objective = CostUsd(built, solution.x) / kUsdScale;
  solution.solver = "clp";
  Plan plan;
  plan.scenario_id = scenario.id;
  plan.regime = limits.regime_label;
  plan.objective_kind = Objective::kCost;
  plan.solver = "clp";
  plan.status = status;
  plan.rows = built.lp.num_rows();
  plan.columns = built.lp.num_columns();
  plan.nonzeros = built.lp.num_coefficients();
  plan.objective = solution.objective * kUsdScale;
  ExtractTables(scenario, built, solution, &plan);
  plan.kpis = ComputeKpis(scenario, limits, built, solution, plan);
  return plan;
}

}  // namespace stargate::plan
