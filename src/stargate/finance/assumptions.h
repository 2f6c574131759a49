// The financing and operating assumptions cash flows need beyond what a
// scenario holds: the project-debt structure, operations cost, asset lives
// and tax. Defaults come from shared/research/program.md (see
// data/finance-assumptions.yaml, which states them with their sources); a
// YAML file in that format overrides any of them.
#ifndef STARGATE_FINANCE_ASSUMPTIONS_H_
#define STARGATE_FINANCE_ASSUMPTIONS_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/finance/internal/loan.h"
#include "stargate/model/model.h"

namespace stargate::finance {

struct FinanceAssumptions {
  // Capital structure of each site's project company: project debt as a
  // share of its capex. Abilene: $9.6B of loans on a $15B facility (~64%);
  // its chips were bought on Oracle's balance sheet, hence no chip debt.
  double debt_share_facility = 0.60;
  double debt_share_chips = 0.0;
  // Project-debt terms: ~SOFR (4.3%) + 250 bp, 4-year tenor + 2-year
  // extension, interest-only during construction.
  double debt_base_rate = 0.043;
  double debt_spread = 0.025;
  int debt_tenor_quarters = 24;
  int debt_interest_only_quarters = 8;
  Amortization amortization = Amortization::kAnnuity;
  // Financiers of these kinds lend (at their cost of capital); the others
  // hold equity.
  std::vector<FinancierKind> lender_kinds = {FinancierKind::kProjectDebt,
                                             FinancierKind::kDevelopmentBank};
  // Rental price of compute: the scenario's GPU-hour price is an H100's in
  // the horizon's first quarter; the price of an H100e-hour falls by
  // `price_annual_change` a year (every chip, base case and Monte Carlo
  // alike), and a chip that came to market later rents for
  // `price_change_per_chip_year` less per H100e per year after the H100
  // (2022Q4): newer compute is cheaper compute.
  double price_annual_change = -0.10;
  double price_change_per_chip_year = -0.05;
  // Operations other than energy: staff, maintenance, insurance, property tax.
  double operations_usd_per_mw_year = 400e3;
  double facility_life_years = 20;
  // Share of the facility's book value realised when the analysis ends.
  double residual_value_share = 1.0;
  double tax_rate = 0.21;
  std::map<std::string, double> tax_rate_by_country = {
      {"AE", 0.09},   {"AR", 0.35}, {"AU", 0.30}, {"DE", 0.30}, {"FR", 0.25}, {"GB", 0.25},
      {"IN", 0.2517}, {"JP", 0.30}, {"KR", 0.24}, {"NO", 0.22}, {"SA", 0.20}, {"US", 0.21}};
  std::string origin = "built-in defaults";  // the file read, for reports

  double DebtRate() const { return debt_base_rate + debt_spread; }
  double TaxRateFor(const std::string& country) const;
  bool IsLender(FinancierKind kind) const;
};

// Reads `path` over the defaults: every key is optional. On failure the
// status is InvalidArgument and `diagnostics` holds every problem with its
// file, line and column.
absl::StatusOr<FinanceAssumptions> LoadFinanceAssumptions(const std::filesystem::path& path,
                                                          std::vector<Diagnostic>* diagnostics);
absl::StatusOr<FinanceAssumptions> FinanceAssumptionsFromText(const std::string& text,
                                                              const std::string& name,
                                                              std::vector<Diagnostic>* diagnostics);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_ASSUMPTIONS_H_
