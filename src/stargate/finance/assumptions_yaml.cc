// data/finance-assumptions.yaml: three blocks (debt, operations, tax), every
// key optional, each block with its source or assumption.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/core/record_reader.h"
#include "stargate/core/yaml_file.h"
#include "stargate/finance/assumptions.h"

namespace stargate::finance {
namespace {

void ReadDebt(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
              FinanceAssumptions* a) {
  RecordReader r(node, file, "debt", diagnostics);
  if (!r.is_map()) return;
  r.Number("share_of_facility_capex", &a->debt_share_facility, kFraction, false);
  r.Number("share_of_chip_capex", &a->debt_share_chips, kFraction, false);
  r.Number("base_rate", &a->debt_base_rate, {-0.05, 1}, false);
  r.Number("spread", &a->debt_spread, {0, 1}, false);
  long long tenor = a->debt_tenor_quarters, grace = a->debt_interest_only_quarters;
  const bool has_tenor = r.Integer("tenor_quarters", &tenor, 1, 200, false);
  const bool has_grace = r.Integer("interest_only_quarters", &grace, 0, 199, false);
  if (has_tenor || has_grace) {
    if (grace >= tenor) {
      r.Report(
          node[has_grace ? "interest_only_quarters" : "tenor_quarters"],
          absl::StrCat("interest_only_quarters ", grace, " is not below tenor_quarters ", tenor),
          "fewer interest-only quarters than the tenor");
    } else {
      a->debt_tenor_quarters = static_cast<int>(tenor);
      a->debt_interest_only_quarters = static_cast<int>(grace);
    }
  }
  if (YAML::Node value = r.Child("amortization")) {
    std::string text;
    if (r.ScalarText(value, "amortization", &text)) {
      if (auto parsed = ParseAmortization(text)) {
        a->amortization = *parsed;
      } else {
        r.Report(value, absl::StrCat("amortization '", text, "' is not known"),
                 OneOf(AmortizationNames()));
      }
    }
  }
  YAML::Node kinds;
  if (r.Sequence("lender_kinds", &kinds, false)) {
    std::vector<FinancierKind> parsed;
    for (const auto& item : kinds) {
      std::string text;
      if (!r.ScalarText(item, "lender kind", &text)) continue;
      if (auto kind = ParseEnum<FinancierKind>(text)) {
        parsed.push_back(*kind);
      } else {
        r.Report(item, absl::StrCat("lender kind '", text, "' is not known"),
                 OneOf(EnumNames<FinancierKind>()));
      }
    }
    a->lender_kinds = parsed;
  }
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadRevenue(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
                 FinanceAssumptions* a) {
  RecordReader r(node, file, "revenue", diagnostics);
  if (!r.is_map()) return;
  r.Number("price_annual_change", &a->price_annual_change, {-0.9, 1}, false);
  r.Number("price_change_per_chip_year", &a->price_change_per_chip_year, {-0.9, 1}, false);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadOperations(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
                    FinanceAssumptions* a) {
  RecordReader r(node, file, "operations", diagnostics);
  if (!r.is_map()) return;
  r.Number("usd_per_mw_year", &a->operations_usd_per_mw_year, kNonNegative, false);
  r.Number("facility_life_years", &a->facility_life_years, {1, 100}, false);
  r.Number("residual_value_share", &a->residual_value_share, kFraction, false);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadTax(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
             FinanceAssumptions* a) {
  RecordReader r(node, file, "tax", diagnostics);
  if (!r.is_map()) return;
  r.Number("rate", &a->tax_rate, kFraction, false);
  if (YAML::Node by_country = r.Child("by_country")) {
    if (!by_country.IsMap()) {
      r.Report(by_country, "by_country is not a map",
               "a map from country code to rate, e.g. {DE: 0.30}");
    } else {
      std::map<std::string, double> rates;
      for (auto it = by_country.begin(); it != by_country.end(); ++it) {
        std::string country;
        double rate = 0;
        if (r.ScalarCountryCode(it->first, "by_country key", &country) &&
            r.ScalarNumber(it->second, absl::StrCat("tax rate of ", country), kFraction, &rate)) {
          rates[country] = rate;
        }
      }
      a->tax_rate_by_country = rates;
    }
  }
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

}  // namespace

double FinanceAssumptions::TaxRateFor(const std::string& country) const {
  auto it = tax_rate_by_country.find(country);
  return it == tax_rate_by_country.end() ? tax_rate : it->second;
}

bool FinanceAssumptions::IsLender(FinancierKind kind) const {
  return std::find(lender_kinds.begin(), lender_kinds.end(), kind) != lender_kinds.end();
}

absl::StatusOr<FinanceAssumptions> FinanceAssumptionsFromText(
    const std::string& text, const std::string& name, std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  FinanceAssumptions a;
  a.origin = name;
  if (auto root = ParseSettings(text, name, &list)) {
    CheckTopLevelKeys(*root, name, {"debt", "revenue", "operations", "tax"}, &list);
    const YAML::Node& map = *root;
    if (YAML::Node debt = map["debt"]) ReadDebt(debt, name, &list, &a);
    if (YAML::Node revenue = map["revenue"]) ReadRevenue(revenue, name, &list, &a);
    if (YAML::Node operations = map["operations"]) ReadOperations(operations, name, &list, &a);
    if (YAML::Node tax = map["tax"]) ReadTax(tax, name, &list, &a);
  }
  if (auto status = FinishDiagnostics(&list, diagnostics); !status.ok()) return status;
  return a;
}

absl::StatusOr<FinanceAssumptions> LoadFinanceAssumptions(const std::filesystem::path& path,
                                                          std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  auto text = ReadSettingsFile(path, &list);
  if (!text) return FinishDiagnostics(&list, diagnostics);
  return FinanceAssumptionsFromText(*text, path.string(), diagnostics);
}

}  // namespace stargate::finance
