// The finance report as CSV tables for spreadsheets, plus finance.json.
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
#include "stargate/finance/finance.h"

namespace stargate::finance {
namespace {

// Cents are enough for money; %.2f keeps the files diff-friendly.
std::string Usd(double v) { return absl::StrFormat("%.2f", v); }
std::string Rate(const std::optional<double>& v) { return v ? absl::StrFormat("%.6f", *v) : ""; }

std::string SitesCsv(const FinanceReport& r) {
  std::ostringstream out;
  out << "site,country,quarter,mw_online,h100e_installed,capex_facility_usd,capex_chips_usd,"
         "revenue_usd,"
         "energy_usd,operations_usd,depreciation_usd,interest_usd,principal_usd,tax_usd,debt_draws_"
         "usd,"
         "equity_draws_usd,distributions_usd,residual_usd,net_usd\n";
  for (size_t s = 0; s < r.model.sites.size(); ++s) {
    const SiteModel& site = r.model.sites[s];
    for (size_t q = 0; q < r.ledger.sites[s].size(); ++q) {
      const SiteFlows& f = r.ledger.sites[s][q];
      const int t = static_cast<int>(q);
      if (t < site.first_quarter || t >= site.end_quarter) continue;
      out << site.id << ',' << site.country << ',' << (r.start + t).ToString() << ','
          << absl::StrFormat("%.3f", f.mw_online) << ','
          << absl::StrFormat("%.1f", f.h100e_installed) << ',' << Usd(f.capex_facility) << ','
          << Usd(f.capex_chips) << ',' << Usd(f.revenue) << ',' << Usd(f.energy) << ','
          << Usd(f.operations) << ',' << Usd(f.depreciation) << ',' << Usd(f.interest) << ','
          << Usd(f.principal) << ',' << Usd(f.tax) << ',' << Usd(f.debt_draws) << ','
          << Usd(f.equity_draws) << ',' << Usd(f.distributions) << ',' << Usd(f.residual) << ','
          << Usd(f.net()) << '\n';
    }
  }
  return out.str();
}

std::string FinanciersCsv(const FinanceReport& r) {
  std::ostringstream out;
  out << "financier,role,quarter,paid_in_usd,received_usd,net_usd\n";
  for (size_t f = 0; f < r.funders.size(); ++f) {
    for (size_t q = 0; q < r.ledger.paid_in[f].size(); ++q) {
      const double in = r.ledger.paid_in[f][q], back = r.ledger.received[f][q];
      if (in == 0 && back == 0) continue;
      out << r.funders[f].funder.id << ',' << r.funders[f].role << ','
          << (r.start + static_cast<int>(q)).ToString() << ',' << Usd(in) << ',' << Usd(back) << ','
          << Usd(back - in) << '\n';
    }
  }
  return out.str();
}

void SummaryRow(std::ostringstream& out, const std::string& id, const std::string& kind,
                const std::string& role, const Returns& r) {
  out << id << ',' << kind << ',' << role << ',' << Usd(r.paid_in_usd) << ',' << Usd(r.received_usd)
      << ',' << absl::StrFormat("%.4f", r.discount_rate) << ',' << Usd(r.npv_usd) << ','
      << Rate(r.irr) << ',' << (r.payback ? r.payback->ToString() : "") << ','
      << Usd(r.peak_funding_usd) << '\n';
}

std::string SummaryCsv(const FinanceReport& r) {
  std::ostringstream out;
  out << "financier,kind,role,paid_in_usd,received_usd,discount_rate,npv_usd,irr,payback_quarter,"
         "peak_funding_usd\n";
  for (const auto& f : r.funders) SummaryRow(out, f.funder.id, f.funder.kind, f.role, f.returns);
  SummaryRow(out, "overall", "project", "all", r.overall);
  return out.str();
}

}  // namespace

absl::Status WriteFinanceFiles(const FinanceReport& report, const std::filesystem::path& dir) {
  const NamedFile files[] = {
      {"finance_sites.csv", SitesCsv(report)},
      {"finance_financiers.csv", FinanciersCsv(report)},
      {"finance_summary.csv", SummaryCsv(report)},
      {"finance.json", FinanceReportToJson(report).dump(2) + "\n"},
  };
  return WriteFilesAtomically(dir, files);
}

}  // namespace stargate::finance
