#include "stargate/model/scenario.h"

#include <algorithm>
#include <cmath>

namespace stargate {
namespace {
template <typename T, typename Key>
const T* FindBy(const std::vector<T>& items, const std::string& key, Key T::*field) {
  for (const auto& item : items) {
    if (item.*field == key) return &item;
  }
  return nullptr;
}

double Geometric(double start, double annual_growth, int quarters_since_start) {
  return start * std::pow(1.0 + annual_growth, quarters_since_start / 4.0);
}
}  // namespace

bool Country::IsMemberOf(const std::string& group) const {
  return std::find(memberships.begin(), memberships.end(), group) != memberships.end();
}

double Site::GridMwAt(Quarter quarter) const {
  if (grid_schedule.empty()) return grid_mw_max;
  double mw = 0;
  for (const auto& step : grid_schedule) {
    if (step.from <= quarter) mw = step.mw;
  }
  return std::min(mw, grid_mw_max);
}

bool Financier::EligibleFor(const std::string& country) const {
  if (eligible_everywhere) return true;
  return std::find(eligible_countries.begin(), eligible_countries.end(), country) !=
         eligible_countries.end();
}

double Financier::TotalCommittedUsd() const {
  double total = 0;
  for (const auto& c : commitments) total += c.usd;
  return total;
}

double Demand::H100eAt(Quarter quarter) const {
  if (quarter < from || quarter > to) return 0;
  return Geometric(start_h100e, annual_growth, quarter - from);
}

double Supply::UnitsAt(Quarter quarter) const {
  if (quarter < from || quarter > to) return 0;
  return Geometric(units_per_quarter, annual_growth, quarter - from);
}

const Accelerator* Scenario::FindAccelerator(const std::string& id) const {
  return FindBy(accelerators, id, &Accelerator::id);
}
const Country* Scenario::FindCountry(const std::string& iso2) const {
  return FindBy(countries, iso2, &Country::iso2);
}
const Site* Scenario::FindSite(const std::string& id) const { return FindBy(sites, id, &Site::id); }
const Financier* Scenario::FindFinancier(const std::string& id) const {
  return FindBy(financiers, id, &Financier::id);
}

}  // namespace stargate
