// Writing a plan to a directory: JSON for machines, CSV tables for
// spreadsheets, and shipments.json in `stargate check`'s input format. Each
// file is written atomically.
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/atomic_file.h"
#include "stargate/plan/plan.h"
#include "stargate/plan/plan_json.h"

namespace stargate::plan {
namespace {

std::string Num(double v) { return absl::StrFormat("%.6g", v); }

std::string SiteQuartersCsv(const Plan& plan) {
  std::ostringstream out;
  out << "site,country,quarter,build_mw,mw_online,grid_mw,power_mw\n";
  for (const auto& r : plan.site_quarters) {
    out << r.site << ',' << r.country << ',' << r.quarter.ToString() << ',' << Num(r.build_mw) << ','
        << Num(r.mw_online) << ',' << Num(r.grid_mw) << ',' << Num(r.power_mw) << '\n';
  }
  return out.str();
}

std::string InstallsCsv(const Plan& plan) {
  std::ostringstream out;
  out << "site,country,accelerator,quarter,install,installed_base\n";
  for (const auto& r : plan.installs) {
    out << r.site << ',' << r.country << ',' << r.accelerator << ',' << r.quarter.ToString() << ','
        << Num(r.install) << ',' << Num(r.base) << '\n';
  }
  return out.str();
}

std::string ServedCsv(const Plan& plan) {
  std::ostringstream out;
  out << "demand_country,serving_country,quarter,h100e\n";
  for (const auto& r : plan.served) {
    out << r.demand_country << ',' << r.serving_country << ',' << r.quarter.ToString() << ',' << Num(r.h100e) << '\n';
  }
  return out.str();
}

std::string UnmetCsv(const Plan& plan) {
  std::ostringstream out;
  out << "country,quarter,h100e\n";
  for (const auto& r : plan.unmet) out << r.country << ',' << r.quarter.ToString() << ',' << Num(r.h100e) << '\n';
  return out.str();
}

std::string FundingCsv(const Plan& plan) {
  std::ostringstream out;
  out << "financier,country,quarter,usd\n";
  for (const auto& r : plan.funding) {
    out << r.financier << ',' << r.country << ',' << r.quarter.ToString() << ',' << Num(r.usd) << '\n';
  }
  return out.str();
}

}  // namespace

absl::Status WritePlan(const Plan& plan, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("cannot create '", dir.string(), "': ", ec.message()));
  const std::pair<const char*, std::string> files[] = {
      {"plan.json", PlanToJson(plan).dump(2) + "\n"},
      {"site_quarters.csv", SiteQuartersCsv(plan)},
      {"installs.csv", InstallsCsv(plan)},
      {"served.csv", ServedCsv(plan)},
      {"unmet.csv", UnmetCsv(plan)},
      {"financing.csv", FundingCsv(plan)},
      {"shipments.json", ShipmentsToJson(plan).dump(2) + "\n"},
  };
  for (const auto& [name, content] : files) {
    if (auto status = WriteFileAtomically(dir / name, content); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace stargate::plan
