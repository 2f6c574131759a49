// Money: each country's capex in each quarter is paid by financiers eligible
// there, within each commitment's amount and window; a gap no one covers is
// `unfunded`, at a steep price, so a shortage shows instead of an infeasible
// model. With --objective compute, total capex is held within the budget.
#include <algorithm>

#include "stargate/plan/internal/model_builder.h"

namespace stargate::plan {

void ModelBuilder::AddFinancing() {
  if (scenario_.financiers.empty()) return;
  const int S = index_.num_sites, T = index_.num_quarters;
  // Countries with sites, in first-seen order.
  std::vector<std::string> countries;
  for (int s = 0; s < S; ++s) {
    const std::string& c = SiteOf(s).country;
    if (std::find(countries.begin(), countries.end(), c) == countries.end()) countries.push_back(c);
  }
  // Commitment rows: sum of funds drawn <= amount.
  std::vector<std::vector<int>> commitment_rows(scenario_.financiers.size());
  for (size_t f = 0; f < scenario_.financiers.size(); ++f) {
    const Financier& financier = scenario_.financiers[f];
    for (size_t j = 0; j < financier.commitments.size(); ++j) {
      const Commitment& c = financier.commitments[j];
      const int row = lp_.AddRow({-kInfinity, c.usd / kUsdScale, family_["commitment"]},
                                 Name("commitment", {financier.id, std::to_string(j)}));
      commitment_rows[f].push_back(row);
      index_.commitment_row.push_back(row);
    }
  }
  for (const std::string& country : countries) {
    for (int t = 0; t < T; ++t) {
      const Quarter q = QuarterOf(t);
      // sum funds + unfunded - capex >= 0
      const int row = lp_.AddRow({0, kInfinity, family_["financing"]},
                                 Name("financing", {country, q.ToString()}));
      for (int s = 0; s < S; ++s) {
        if (SiteOf(s).country != country) continue;
        for (const auto& [column, coefficient] : CapexTerms(s, t))
          lp_.AddCoefficient(row, column, -coefficient);
      }
      const double gap_cost = Df(t) * options_.unfunded_penalty_per_usd;
      const int gap =
          Priced(lp_.AddColumn({0, kInfinity, Cost(gap_cost), false, family_["unfunded"]},
                               Name("unfunded", {country, q.ToString()})),
                 gap_cost);
      lp_.AddCoefficient(row, gap, 1);
      index_.unfunded.push_back({country, t, gap, row});
      for (size_t f = 0; f < scenario_.financiers.size(); ++f) {
        const Financier& financier = scenario_.financiers[f];
        if (!financier.EligibleFor(country)) continue;
        for (size_t j = 0; j < financier.commitments.size(); ++j) {
          const Commitment& c = financier.commitments[j];
          if (q < c.from || q > c.to) continue;
          // One year of the financier's cost of capital: cheaper money is drawn first.
          const double carry = Df(t) * financier.cost_of_capital;
          const int fund = Priced(
              lp_.AddColumn({0, kInfinity, Cost(carry), false, family_["fund"]},
                            Name("fund", {financier.id, std::to_string(j), country, q.ToString()})),
              carry);
          index_.fund.push_back({static_cast<int>(f), static_cast<int>(j), t, fund, country});
          lp_.AddCoefficient(row, fund, 1);
          lp_.AddCoefficient(commitment_rows[f][j], fund, 1);
        }
      }
    }
  }
}

void ModelBuilder::AddBudget() {
  const double budget = scenario_.options.budget_usd;
  if (!compute_objective_ || budget <= 0) return;
  index_.budget_row = lp_.AddRow({-kInfinity, budget / kUsdScale, family_["budget"]}, "budget");
  for (int s = 0; s < index_.num_sites; ++s) {
    for (int t = 0; t < index_.num_quarters; ++t) {
      for (const auto& [column, coefficient] : CapexTerms(s, t)) {
        lp_.AddCoefficient(index_.budget_row, column, coefficient);
      }
    }
  }
}

}  // namespace stargate::plan
