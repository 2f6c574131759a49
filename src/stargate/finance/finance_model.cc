// From a plan's tables to per-site arrays. Only what the plan adds is
// analysed: existing capacity and chips are sunk, so they bring neither
// capex nor cash flows (their MW still count in GW online).
#include "stargate/finance/finance_model.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "stargate/finance/internal/funding_shares.h"
#include "stargate/finance/internal/metrics.h"
#include "stargate/plan/plan.h"

namespace stargate::finance {
namespace {

// Plan values below this are solver noise.
constexpr double kTiny = 1e-9;

// The H100 came to market in 2022Q4; a chip's price per H100e-hour is lower
// by the assumed change for each year it came later.
constexpr Quarter kH100Arrival = Quarter::FromYearAndNumber(2022, 4);

double GenerationPriceFactor(const Accelerator& a, const FinanceAssumptions& assumptions) {
  const double years = std::max(0, a.available_from - kH100Arrival) / 4.0;
  return std::pow(1.0 + assumptions.price_change_per_chip_year, years);
}

void AddCohort(ChipCohort* c, double units, const Accelerator& a, const Site& site,
               const Scenario& scenario, const FinanceAssumptions& assumptions, int life) {
  const double capex = units * a.InstalledCostUsd();
  c->capex += capex;
  c->revenue += units * a.h100e() * plan::kHoursPerQuarter * scenario.options.utilization *
                scenario.options.gpu_hour_price_usd * GenerationPriceFactor(a, assumptions);
  c->energy_mwh += units * a.power_kw * site.pue * plan::kHoursPerQuarter / 1000.0;
  c->depreciation += capex / life;
  c->h100e += units * a.h100e();
}

bool HasChips(const ChipCohort& c) { return c.capex > kTiny || c.h100e > kTiny; }

}  // namespace

absl::StatusOr<FinanceModel> BuildFinanceModel(const Scenario& scenario, const plan::Plan& plan,
                                               const FinanceAssumptions& assumptions,
                                               const ModelOptions& options) {
  FinanceModel m;
  m.scenario_id = scenario.id;
  m.start = scenario.start;
  m.plan_quarters = scenario.num_quarters();
  m.max_shift = std::max(0, options.max_shift);
  m.life_quarters =
      std::max(1, static_cast<int>(std::lround(scenario.options.accelerator_life_quarters)));
  m.discount_rate = scenario.options.discount_rate;
  m.residual_value_share = assumptions.residual_value_share;
  m.assumptions = assumptions;
  const int T = m.plan_quarters, life = m.life_quarters;
  if (T <= 0) return absl::InvalidArgumentError("the scenario's horizon is empty");

  std::map<std::string, int> model_site;  // site id -> index in m.sites
  auto site_of = [&](const std::string& id) -> absl::StatusOr<int> {
    if (auto it = model_site.find(id); it != model_site.end()) return it->second;
    const Site* site = scenario.FindSite(id);
    if (!site)
      return absl::InvalidArgumentError(
          absl::StrCat("plan names site '", id, "', not in the scenario"));
    const Country* country = scenario.FindCountry(site->country);
    if (!country) {
      return absl::InvalidArgumentError(
          absl::StrCat("site '", id, "' is in country '", site->country, "', not in the scenario"));
    }
    SiteModel s;
    s.scenario_site = static_cast<int>(site - scenario.sites.data());
    s.id = site->id;
    s.country = site->country;
    s.lead_quarters = site->lead_quarters;
    s.existing_mw = site->existing_mw;
    s.electricity_usd_per_mwh = country->electricity_usd_per_mwh;
    s.tax_rate = assumptions.TaxRateFor(site->country);
    s.operations_usd_per_mw_quarter = assumptions.operations_usd_per_mw_year / 4.0;
    s.build_mw.assign(T, 0.0);
    s.facility_capex.assign(T, 0.0);
    s.chips.assign(T, ChipCohort{});
    if (options.alternative_allowed) s.chips_alternative.assign(T, ChipCohort{});
    m.sites.push_back(std::move(s));
    model_site[id] = static_cast<int>(m.sites.size()) - 1;
    return static_cast<int>(m.sites.size()) - 1;
  };

  for (const auto& row : plan.site_quarters) {
    if (row.build_mw <= kTiny) continue;
    auto s = site_of(row.site);
    if (!s.ok()) return s.status();
    const int t = row.quarter - scenario.start;
    if (t < 0 || t >= T) continue;
    SiteModel& sm = m.sites[*s];
    sm.build_mw[t] += row.build_mw;
    sm.facility_capex[t] += row.build_mw * scenario.sites[sm.scenario_site].shell_capex_usd_per_mw;
  }
  for (const auto& row : plan.installs) {
    if (row.install <= kTiny) continue;
    auto s = site_of(row.site);
    if (!s.ok()) return s.status();
    const int t = row.quarter - scenario.start;
    if (t < 0 || t >= T) continue;
    const Accelerator* a = scenario.FindAccelerator(row.accelerator);
    if (!a)
      return absl::InvalidArgumentError(
          absl::StrCat("plan names accelerator '", row.accelerator, "', not in the scenario"));
    SiteModel& sm = m.sites[*s];
    const Site& site = scenario.sites[sm.scenario_site];
    AddCohort(&sm.chips[t], row.install, *a, site, scenario, assumptions, life);
    if (options.alternative_allowed && options.alternative_allowed(site, a->id, row.quarter)) {
      AddCohort(&sm.chips_alternative[t], row.install, *a, site, scenario, assumptions, life);
    }
  }
  // Scenario order, whatever the order of the plan's rows.
  std::sort(m.sites.begin(), m.sites.end(), [](const SiteModel& a, const SiteModel& b) {
    return a.scenario_site < b.scenario_site;
  });

  const int tenor = assumptions.debt_tenor_quarters;
  const int facility_life =
      std::max(1, static_cast<int>(std::lround(assumptions.facility_life_years * 4)));
  m.analysis_quarters = T;
  for (SiteModel& s : m.sites) {
    int first = T, last_facility = -1, last_chip = -1;
    for (int t = 0; t < T; ++t) {
      s.facility_capex_usd += s.facility_capex[t];
      s.chip_capex_usd += s.chips[t].capex;
      if (s.facility_capex[t] > kTiny) {
        first = std::min(first, t);
        last_facility = t;
      }
      if (HasChips(s.chips[t])) {
        first = std::min(first, t);
        last_chip = t;
      }
    }
    s.first_quarter = first;
    // The site's cash flows end when its last chips retire, its last loan is
    // repaid or its last hall comes online, whichever is latest.
    int end = first + 1;
    if (last_chip >= 0) end = std::max(end, last_chip + life);
    if (last_facility >= 0) end = std::max(end, last_facility + s.lead_quarters + 1);
    end = std::max(end, std::max(last_facility, last_chip) + tenor + 1);
    s.end_quarter = end;
    m.analysis_quarters = std::max(m.analysis_quarters, end);
    m.facility_capex_usd += s.facility_capex_usd;
    m.chip_capex_usd += s.chip_capex_usd;
  }
  const int N = m.analysis_quarters;
  for (SiteModel& s : m.sites) {
    s.new_mw.assign(N, 0.0);
    s.facility_depreciation.assign(N, 0.0);
    for (int tau = 0; tau < T; ++tau) {
      const double capex = s.facility_capex[tau], mw = s.build_mw[tau];
      if (mw <= 0) continue;
      const int online = tau + s.lead_quarters;
      for (int t = online; t < N; ++t) {
        s.new_mw[t] += mw;
        if (t < online + facility_life) s.facility_depreciation[t] += capex / facility_life;
      }
    }
  }
  if (auto status = AssignFunding(scenario, plan, assumptions, &m); !status.ok()) return status;
  // The base case's price path: the same decline the Monte Carlo draws
  // around, so that the base case is the simulation at its central values.
  m.price_index.resize(m.length());
  for (int t = 0; t < m.length(); ++t)
    m.price_index[t] = std::pow(1.0 + assumptions.price_annual_change, t / 4.0);

  auto rate_index = [&](double rate) {
    auto it = std::find(m.rates.begin(), m.rates.end(), rate);
    if (it != m.rates.end()) return static_cast<int>(it - m.rates.begin());
    m.rates.push_back(rate);
    std::vector<double> factors(m.length());
    for (int t = 0; t < m.length(); ++t) factors[t] = Discount(rate, t, 4);
    m.discount.push_back(std::move(factors));
    return static_cast<int>(m.rates.size()) - 1;
  };
  m.overall_rate = rate_index(m.discount_rate);
  for (const Funder& f : m.funders) m.funder_rate.push_back(rate_index(f.discount_rate));
  for (SiteModel& s : m.sites) {
    for (const SiteFunding& e : s.equity) {
      s.equity_facility_share += e.facility_share;
      s.equity_chip_share += e.chip_share;
    }
    for (SiteFunding& e : s.equity) {
      const int rate = m.funder_rate[e.funder];
      auto it = std::find(s.equity_rates.begin(), s.equity_rates.end(), rate);
      e.rate_slot = static_cast<int>(it - s.equity_rates.begin());
      if (it == s.equity_rates.end()) s.equity_rates.push_back(rate);
    }
  }
  if (absl::Status status = BuildSiteTables(&m); !status.ok()) return status;
  return m;
}

}  // namespace stargate::finance
