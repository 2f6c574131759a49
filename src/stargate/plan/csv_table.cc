#include "stargate/plan/internal/csv_table.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace stargate::plan {

CsvTable::CsvTable(const std::string& text, std::string file, DiagnosticList* diagnostics)
    : file_(std::move(file)), diagnostics_(diagnostics) {
  CsvReader reader(text, file_);
  std::vector<CsvField> record;
  bool header = true;
  while (reader.Next(&record)) {
    if (header) {
      header_ = std::move(record);
      header = false;
      continue;
    }
    rows_.push_back({reader.record_line(), std::move(record)});
  }
  // A malformed record ends the table there: the rows before it still read.
  if (const auto& problem = reader.problem()) {
    diagnostics_->Add(problem->location, problem->what, problem->expected);
    unreadable_ = header_.empty();
  }
}

bool CsvTable::Columns(const std::vector<std::string>& names, std::vector<int>* indices) {
  indices->clear();
  bool ok = true;
  if (unreadable_) return false;  // the problem is reported already
  for (const auto& name : names) {
    auto it = std::find_if(header_.begin(), header_.end(),
                           [&](const Field& f) { return f.text == name; });
    if (it == header_.end()) {
      diagnostics_->Add({file_, 1, 1},
                        header_.empty() ? std::string("the file is empty")
                                        : absl::StrCat("no column '", name, "' in the header"),
                        absl::StrCat("a header line naming ", name));
      ok = false;
      if (header_.empty()) return false;
      indices->push_back(-1);
      continue;
    }
    indices->push_back(static_cast<int>(it - header_.begin()));
  }
  return ok;
}

bool CsvTable::Get(const Row& row, const std::vector<int>& indices,
                   std::vector<const Field*>* out) const {
  out->clear();
  for (int i : indices) {
    if (i < 0 || i >= static_cast<int>(row.fields.size())) {
      diagnostics_->Add({file_, row.line, 1},
                        absl::StrCat("the row has ", row.fields.size(), " fields"),
                        absl::StrCat(header_.size(), " comma-separated fields, as in the header"));
      return false;
    }
    out->push_back(&row.fields[i]);
  }
  return true;
}

void CsvTable::Report(const Row& row, const Field& field, std::string what,
                      std::string expected) const {
  diagnostics_->Add({file_, row.line, field.column}, std::move(what), std::move(expected));
}

bool CsvTable::Number(const Row& row, const Field& field, const std::string& name,
                      double* out) const {
  const char* begin = field.text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (field.text.empty() || *end != '\0' || !std::isfinite(value) || value < -1e-6) {
    Report(row, field, absl::StrCat(name, " '", field.text, "' is not a number >= 0"),
           "a number >= 0");
    return false;
  }
  *out = std::max(0.0, value);
  return true;
}

bool CsvTable::QuarterIn(const Row& row, const Field& field, const Scenario& scenario,
                         Quarter* out) const {
  auto q = Quarter::Parse(field.text);
  if (!q.ok()) {
    Report(row, field, absl::StrCat("'", field.text, "' is not a quarter"),
           "a quarter such as 2026Q3");
    return false;
  }
  if (*q < scenario.start || *q > scenario.end) {
    Report(row, field, absl::StrCat("quarter ", field.text, " is outside the scenario's horizon"),
           absl::StrCat("a quarter in ", scenario.start.ToString(), "..", scenario.end.ToString(),
                        " (was the plan made for this scenario?)"));
    return false;
  }
  *out = *q;
  return true;
}

}  // namespace stargate::plan
