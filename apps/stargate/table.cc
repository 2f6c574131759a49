#include "table.h"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "absl/strings/str_format.h"

namespace stargate::cli {
namespace {
bool LooksNumeric(const std::string& s) {
  return !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '$' ||
                        (s[0] == '-' && s.size() > 1));
}
}  // namespace

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size());
  for (size_t c = 0; c < header_.size(); ++c) widths[c] = header_[c].size();
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  auto print_row = [&](const std::vector<std::string>& row, bool header) {
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      const std::string pad(widths[c] - cell.size(), ' ');
      if (!header && LooksNumeric(cell)) {
        out << pad << cell;
      } else {
        out << cell << (c + 1 < widths.size() ? pad : "");
      }
      if (c + 1 < widths.size()) out << "  ";
    }
    out << "\n";
  };
  print_row(header_, true);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.emplace_back(w, '-');
  print_row(rule, true);
  for (const auto& row : rows_) print_row(row, false);
}

std::string FormatNumber(double value, int decimals) {
  std::string digits = absl::StrFormat("%.*f", decimals, std::fabs(value));
  const size_t point = digits.find('.');
  std::string integer = digits.substr(0, point);
  std::string grouped;
  for (size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) grouped += ',';
    grouped += integer[i];
  }
  if (point != std::string::npos) grouped += digits.substr(point);
  return (value < 0 && std::fabs(value) >= 0.5 * std::pow(10, -decimals) ? "-" : "") + grouped;
}

std::string FormatUsd(double usd) {
  const double a = std::fabs(usd);
  if (a >= 1e12) return absl::StrFormat("$%.2fT", usd / 1e12);
  if (a >= 1e9) return absl::StrFormat("$%.1fB", usd / 1e9);
  if (a >= 1e6) return absl::StrFormat("$%.1fM", usd / 1e6);
  if (a >= 1e3) return absl::StrFormat("$%.0fk", usd / 1e3);
  return absl::StrFormat("$%.0f", usd);
}

}  // namespace stargate::cli
