#include "stargate/plan/lp_model.h"

#include <algorithm>

namespace stargate::plan {

int LpModel::AddFamily(const std::string& name) {
  families_.push_back(name);
  return static_cast<int>(families_.size()) - 1;
}

int LpModel::AddColumn(const LpColumn& column, std::string name) {
  columns_.push_back(column);
  column_names_.push_back(std::move(name));
  return static_cast<int>(columns_.size()) - 1;
}

int LpModel::AddRow(const LpRow& row, std::string name) {
  rows_.push_back(row);
  row_names_.push_back(std::move(name));
  return static_cast<int>(rows_.size()) - 1;
}

void LpModel::AddCoefficient(int row, int column, double value) {
  if (value == 0) return;
  row_index_.push_back(row);
  column_index_.push_back(column);
  elements_.push_back(value);
}

bool LpModel::has_integers() const {
  return std::any_of(columns_.begin(), columns_.end(), [](const LpColumn& c) { return c.integer; });
}

}  // namespace stargate::plan
