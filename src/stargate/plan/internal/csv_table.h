// The plan's CSV tables as plan_writer.cc writes them: a header line, then
// comma-separated fields, read by core's CsvReader. Columns are found by
// name, so added columns do not break reading; every problem is reported at
// its file, line and column.
#ifndef STARGATE_PLAN_INTERNAL_CSV_TABLE_H_
#define STARGATE_PLAN_INTERNAL_CSV_TABLE_H_

#include <string>
#include <vector>

#include "stargate/core/csv_reader.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/quarter.h"
#include "stargate/model/model.h"

namespace stargate::plan {

class CsvTable {
 public:
  using Field = CsvField;
  struct Row {
    int line = 0;
    std::vector<Field> fields;
  };

  CsvTable(const std::string& text, std::string file, DiagnosticList* diagnostics);

  // Index of each named column, in order; false after reporting every
  // missing one (the table is then unusable).
  bool Columns(const std::vector<std::string>& names, std::vector<int>* indices);
  const std::vector<Row>& rows() const { return rows_; }

  // The fields at `indices`, or false after reporting the row short.
  bool Get(const Row& row, const std::vector<int>& indices, std::vector<const Field*>* out) const;

  void Report(const Row& row, const Field& field, std::string what, std::string expected) const;
  // A finite number >= 0 (tiny negative solver noise is clamped to 0).
  bool Number(const Row& row, const Field& field, const std::string& name, double* out) const;
  // A quarter within the scenario's horizon.
  bool QuarterIn(const Row& row, const Field& field, const Scenario& scenario, Quarter* out) const;

 private:
  std::string file_;
  DiagnosticList* diagnostics_;
  std::vector<Field> header_;
  bool unreadable_ = false;  // not even the header could be read
  std::vector<Row> rows_;
};

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_INTERNAL_CSV_TABLE_H_
