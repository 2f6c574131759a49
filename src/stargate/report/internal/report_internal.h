// Pieces of BuildReportData shared between its files: the time axis and the
// tier lookups every section uses.
#ifndef STARGATE_REPORT_INTERNAL_REPORT_INTERNAL_H_
#define STARGATE_REPORT_INTERNAL_REPORT_INTERNAL_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stargate/core/quarter.h"
#include "stargate/report/report.h"
#include "stargate/rules/rules.h"

namespace stargate::report {

// The scenario's quarters and calendar years; values are indexed by offset.
struct Timeline {
  Quarter start, end;
  std::vector<int> years;

  explicit Timeline(const Scenario& scenario);
  int quarters() const { return end - start + 1; }
  int QuarterIndex(Quarter q) const { return q - start; }
  int YearIndex(Quarter q) const { return q.year() - start.year(); }
  // The quarter whose installed base stands for its year: Q4, or the
  // horizon's last quarter (the plan's KPIs use the same convention).
  bool IsYearEnd(Quarter q) const { return q.number() == 4 || q == end; }
};

// A country's group in a regime and the group's display name.
struct TierOf {
  std::string id, name;
};

// Tiers under the regime in force (the user's choice) and under the
// framework that defines "Tier 1".
struct Tiers {
  const rules::ExportConstraints* in_force = nullptr;
  const rules::ExportConstraints* framework = nullptr;
  const rules::RegimeCatalog* regimes = nullptr;
  TierOf InForce(const std::string& country, Quarter q) const;
  TierOf Framework(const std::string& country, Quarter q) const;
};

// "series": GW online, accelerators and H100e, compute by tier, capex,
// financing, energy and CO2, unmet demand.
nlohmann::json BuildSeries(const ReportInputs& in, const Timeline& time, const Tiers& tiers);

// "compliance": per country with a site, demand or a cap: its tier at the
// horizon's start and end, the caps that apply, what the plan ships under
// each and what is left.
nlohmann::json BuildCompliance(const ReportInputs& in, const Timeline& time, const Tiers& tiers);

// "sources": every bibliography entry the report's records cite (sites,
// countries, accelerators, financiers, demand, supply and the regimes in
// force over the horizon or defining its tiers), as title, date and URLs,
// with the records citing it; a URL source is its own link.
nlohmann::json BuildSources(const ReportInputs& in, const Timeline& time, const Tiers& tiers);

// "finance": totals, overall returns and per-financier returns; null when
// there is no finance report.
nlohmann::json BuildFinance(const ReportInputs& in);

}  // namespace stargate::report

#endif  // STARGATE_REPORT_INTERNAL_REPORT_INTERNAL_H_
