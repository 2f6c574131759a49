// Plain-text tables for terminal output: columns sized to their contents,
// numbers right-aligned.
#ifndef STARGATE_APPS_STARGATE_TABLE_H_
#define STARGATE_APPS_STARGATE_TABLE_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace stargate::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// 1234567.8 -> "1,234,568"; digits after the point as asked.
std::string FormatNumber(double value, int decimals = 0);
// 1.9e10 -> "$19.0B", 2.5e6 -> "$2.5M".
std::string FormatUsd(double usd);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_TABLE_H_
