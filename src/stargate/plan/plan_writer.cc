// Writing a plan to a directory: JSON for machines, CSV tables for
// spreadsheets, and shipments.json in `stargate check`'s input format. Each
// file is written atomically.
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
#include "stargate/plan/plan.h"
#include "stargate/plan/plan_json.h"

namespace stargate::plan {
namespace {

// Plain decimal notation, never exponents: spreadsheets and readers see
// 2246120000.00, not 2.24612e+09. The decimals match the rounding of the
// plan's tables (plan_extract.cc), so reading a file back gives the plan.
std::string Fixed(double v, int decimals) {
  std::string s = absl::StrFormat("%.*f", decimals, v);
  if (s.find_first_not_of("-0.") == std::string::npos)
    s = decimals > 0 ? absl::StrFormat("%.*f", decimals, 0.0) : "0";
  return s;
}
std::string Mw(double v) { return Fixed(v, 6); }
std::string Units(double v) { return Fixed(v, 0); }
std::string H100e(double v) { return Fixed(v, 6); }
std::string Usd(double v) { return Fixed(v, 2); }

std::string SiteQuartersCsv(const Plan& plan) {
  std::ostringstream out;
  out << "site,country,quarter,build_mw,mw_online,grid_mw,power_mw\n";
  for (const auto& r : plan.site_quarters) {
    out << r.site << ',' << r.country << ',' << r.quarter.ToString() << ',' << Mw(r.build_mw) << ','
        << Mw(r.mw_online) << ',' << Mw(r.grid_mw) << ',' << Mw(r.power_mw) << '\n';
  }
  return out.str();
}

std::string InstallsCsv(const Plan& plan) {
  std::ostringstream out;
  out << "site,country,accelerator,quarter,install_units,installed_base_units\n";
  for (const auto& r : plan.installs) {
    out << r.site << ',' << r.country << ',' << r.accelerator << ',' << r.quarter.ToString() << ','
        << Units(r.install) << ',' << Units(r.base) << '\n';
  }
  return out.str();
}

std::string ServedCsv(const Plan& plan) {
  std::ostringstream out;
  out << "demand_country,serving_country,quarter,served_h100e\n";
  for (const auto& r : plan.served) {
    out << r.demand_country << ',' << r.serving_country << ',' << r.quarter.ToString() << ','
        << H100e(r.h100e) << '\n';
  }
  return out.str();
}

std::string DemandCsv(const Plan& plan) {
  std::ostringstream out;
  out << "demand_row,country,quarter,demand_h100e,served_h100e,unmet_h100e\n";
  for (const auto& r : plan.demand) {
    out << r.demand << ',' << r.country << ',' << r.quarter.ToString() << ','
        << H100e(r.demand_h100e) << ',' << H100e(r.served_h100e) << ',' << H100e(r.unmet_h100e)
        << '\n';
  }
  return out.str();
}

std::string UnmetCsv(const Plan& plan) {
  std::ostringstream out;
  out << "country,quarter,h100e\n";
  for (const auto& r : plan.unmet)
    out << r.country << ',' << r.quarter.ToString() << ',' << H100e(r.h100e) << '\n';
  return out.str();
}

std::string FundingCsv(const Plan& plan) {
  std::ostringstream out;
  out << "financier,country,quarter,usd\n";
  for (const auto& r : plan.funding) {
    out << r.financier << ',' << r.country << ',' << r.quarter.ToString() << ',' << Usd(r.usd)
        << '\n';
  }
  return out.str();
}

// The values KPIs by year, one row per year and group: the share of
// year-end installed H100e in Free countries (measure freedom_house, group
// free) and in each data-protection zone (measure data_protection_zone).
// Written from Kpis, the figures plan.json carries.
std::string ValuesCsv(const Plan& plan) {
  std::ostringstream out;
  out << "year,measure,group,share\n";
  for (const auto& [year, share] : plan.kpis.free_compute_share_by_year)
    out << year << ",freedom_house,free," << Fixed(share, 9) << '\n';
  for (const auto& [zone, years] : plan.kpis.compute_share_by_zone_year) {
    for (const auto& [year, share] : years)
      out << year << ",data_protection_zone," << zone << ',' << Fixed(share, 9) << '\n';
  }
  return out.str();
}

}  // namespace

absl::Status WritePlan(const Plan& plan, const std::filesystem::path& dir) {
  const NamedFile files[] = {
      {"plan.json", PlanToJson(plan).dump(2) + "\n"},
      {"site_quarters.csv", SiteQuartersCsv(plan)},
      {"installs.csv", InstallsCsv(plan)},
      {"served.csv", ServedCsv(plan)},
      {"unmet.csv", UnmetCsv(plan)},
      {"demand.csv", DemandCsv(plan)},
      {"financing.csv", FundingCsv(plan)},
      {"values_by_year.csv", ValuesCsv(plan)},
      {"shipments.json", ShipmentsToJson(plan).dump(2) + "\n"},
  };
  return WriteFilesAtomically(dir, files);
}

}  // namespace stargate::plan
