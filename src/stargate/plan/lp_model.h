// A solver-neutral linear (or mixed-integer) program: columns and rows with
// bounds, named by family and index so that results and diagnoses can speak
// of "grid at narvik in 2027Q2" rather than "row 4711". The CLP/CBC adapter
// turns it into a CoinPackedMatrix in one pass.
#ifndef STARGATE_PLAN_LP_MODEL_H_
#define STARGATE_PLAN_LP_MODEL_H_

#include <limits>
#include <string>
#include <vector>

namespace stargate::plan {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct LpColumn {
  double lower = 0;
  double upper = kInfinity;
  double cost = 0;
  bool integer = false;
  int family = 0;  // index into LpModel::families()
};

struct LpRow {
  double lower = -kInfinity;
  double upper = kInfinity;
  int family = 0;
};

class LpModel {
 public:
  // Families group columns or rows of one kind ("install", "power", ...).
  int AddFamily(const std::string& name);
  const std::vector<std::string>& families() const { return families_; }

  int AddColumn(const LpColumn& column, std::string name);
  int AddRow(const LpRow& row, std::string name);
  void AddCoefficient(int row, int column, double value);
  void AddCost(int column, double cost) { columns_[column].cost += cost; }
  void SetColumnUpper(int column, double upper) { columns_[column].upper = upper; }
  void SetColumnLower(int column, double lower) { columns_[column].lower = lower; }
  void SetRowUpper(int row, double upper) { rows_[row].upper = upper; }
  void RelaxIntegers() {
    for (auto& c : columns_) c.integer = false;
  }

  int num_columns() const { return static_cast<int>(columns_.size()); }
  int num_rows() const { return static_cast<int>(rows_.size()); }
  size_t num_coefficients() const { return elements_.size(); }
  const std::vector<LpColumn>& columns() const { return columns_; }
  const std::vector<LpRow>& rows() const { return rows_; }
  const std::vector<std::string>& column_names() const { return column_names_; }
  const std::vector<std::string>& row_names() const { return row_names_; }
  // Coefficients as triplets, in insertion order.
  const std::vector<int>& coefficient_rows() const { return row_index_; }
  const std::vector<int>& coefficient_columns() const { return column_index_; }
  const std::vector<double>& coefficient_values() const { return elements_; }
  bool has_integers() const;

 private:
  std::vector<std::string> families_;
  std::vector<LpColumn> columns_;
  std::vector<LpRow> rows_;
  std::vector<std::string> column_names_;
  std::vector<std::string> row_names_;
  std::vector<int> row_index_;
  std::vector<int> column_index_;
  std::vector<double> elements_;
};

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_LP_MODEL_H_
