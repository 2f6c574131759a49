// When the planning model is infeasible, the elastic version says why: every
// row gets a slack column priced at 1, the sum of slack is minimised, and the
// families whose rows needed slack are the constraints that cannot all hold.
#include <cmath>
#include <map>

#include "absl/strings/str_format.h"
#include "stargate/plan/internal/plan_internal.h"

namespace stargate::plan {

std::vector<std::string> ExplainInfeasible(const BuiltModel& built, const SolveOptions& options) {
  LpModel elastic = built.lp;
  for (int c = 0; c < elastic.num_columns(); ++c) elastic.AddCost(c, -elastic.columns()[c].cost);
  const int slack_family = elastic.AddFamily("slack");
  std::vector<std::pair<int, int>> slack_of_row;  // (row, column)
  const int rows = elastic.num_rows();
  for (int r = 0; r < rows; ++r) {
    const LpRow row = elastic.rows()[r];
    // Balance rows only define stocks; relaxing them would hide the limit
    // (grid, supply, cap, money) that really cannot hold, so they cost more.
    const std::string& family = elastic.families()[row.family];
    const double price =
        family.find("balance") != std::string::npos || family == "block_link" ? 1000 : 1;
    if (row.lower != -kInfinity) {
      const int up = elastic.AddColumn({0, kInfinity, price, false, slack_family}, "slack_up");
      elastic.AddCoefficient(r, up, 1);
      slack_of_row.emplace_back(r, up);
    }
    if (row.upper != kInfinity) {
      const int down = elastic.AddColumn({0, kInfinity, price, false, slack_family}, "slack_down");
      elastic.AddCoefficient(r, down, -1);
      slack_of_row.emplace_back(r, down);
    }
  }
  SolveOptions lp_options = options;
  lp_options.solver = SolverKind::kClp;
  elastic.RelaxIntegers();  // the explanation is about rows, so integrality is dropped
  auto solution = Solve(elastic, lp_options);
  std::vector<std::string> out;
  if (!solution.ok() || solution->status != SolveStatus::kOptimal) {
    out.push_back("the model is infeasible, and its elastic version could not be solved either");
    return out;
  }
  std::map<std::string, std::pair<double, std::string>> by_family;  // family -> (slack, first row)
  for (const auto& [row, column] : slack_of_row) {
    const double v = solution->x[column];
    if (v <= 1e-6) continue;
    const std::string& family = elastic.families()[elastic.rows()[row].family];
    auto& entry = by_family[family];
    if (entry.second.empty()) entry.second = elastic.row_names()[row];
    entry.first += v;
  }
  for (const auto& [family, entry] : by_family) {
    out.push_back(
        absl::StrFormat("infeasible: the %s constraints cannot all hold (total violation %.3g, "
                        "first at %s)",
                        family, entry.first, entry.second));
  }
  if (out.empty())
    out.push_back("the model is infeasible, but no single family of constraints explains it");
  return out;
}

}  // namespace stargate::plan
