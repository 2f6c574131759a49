#include "stargate/plan/plan_diff.h"

#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "stargate/plan/plan_model.h"

namespace stargate::plan {
namespace {

struct Figures {
  double h100e = 0, mw = 0, capex = 0, cost = 0;
};
using ByCountryYear = std::map<std::pair<std::string, int>, Figures>;

bool YearEnd(const Scenario& scenario, Quarter q) { return q.number() == 4 || q == scenario.end; }

// The figures of one plan, from its tables (what plan_reader gives back).
ByCountryYear Collect(const Scenario& scenario, const Plan& plan) {
  ByCountryYear out;
  for (const auto& r : plan.site_quarters) {
    Figures& f = out[{r.country, r.quarter.year()}];
    const Site* site = scenario.FindSite(r.site);
    const double shell = site ? r.build_mw * site->shell_capex_usd_per_mw : 0;
    f.capex += shell;
    f.cost += shell;
    if (YearEnd(scenario, r.quarter)) f.mw += r.mw_online;
  }
  for (const auto& r : plan.installs) {
    Figures& f = out[{r.country, r.quarter.year()}];
    const Accelerator* a = scenario.FindAccelerator(r.accelerator);
    const Site* site = scenario.FindSite(r.site);
    const Country* country = scenario.FindCountry(r.country);
    if (!a || !site || !country) continue;
    f.capex += r.install * a->InstalledCostUsd();
    f.cost += r.install * a->InstalledCostUsd() + r.base * a->power_kw * site->pue *
                                                      kHoursPerQuarter / 1000.0 *
                                                      country->electricity_usd_per_mwh;
    if (YearEnd(scenario, r.quarter)) f.h100e += r.base * a->h100e();
  }
  return out;
}

bool Differs(double a, double b) {
  return std::fabs(a - b) > 1e-6 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::vector<Binding> OnlyIn(const Plan& in, const Plan& other) {
  std::set<std::string> names;
  for (const auto& b : other.binding) names.insert(b.name);
  std::vector<Binding> out;
  for (const auto& b : in.binding) {
    if (!names.count(b.name)) out.push_back(b);
  }
  return out;
}

}  // namespace

PlanDiff DiffPlans(const Scenario& scenario, const Plan& a, const Plan& b, std::string label_a,
                   std::string label_b) {
  PlanDiff d;
  d.label_a = std::move(label_a);
  d.label_b = std::move(label_b);
  d.regime_a = a.regime;
  d.regime_b = b.regime;
  d.objective_kind_a = a.objective_kind;
  d.objective_kind_b = b.objective_kind;
  d.objective_a = a.objective;
  d.objective_b = b.objective;
  d.served_share_a = a.kpis.served_share;
  d.served_share_b = b.kpis.served_share;
  const ByCountryYear fa = Collect(scenario, a), fb = Collect(scenario, b);
  std::set<std::pair<std::string, int>> keys;
  for (const auto& [k, v] : fa) keys.insert(k);
  for (const auto& [k, v] : fb) keys.insert(k);
  for (const auto& key : keys) {
    const Figures x = fa.count(key) ? fa.at(key) : Figures{};
    const Figures y = fb.count(key) ? fb.at(key) : Figures{};
    if (!Differs(x.h100e, y.h100e) && !Differs(x.mw, y.mw) && !Differs(x.capex, y.capex) &&
        !Differs(x.cost, y.cost)) {
      continue;
    }
    d.rows.push_back(
        {key.first, key.second, x.h100e, y.h100e, x.mw, y.mw, x.capex, y.capex, x.cost, y.cost});
  }
  d.binding_only_a = OnlyIn(a, b);
  d.binding_only_b = OnlyIn(b, a);
  return d;
}

nlohmann::json PlanDiffToJson(const PlanDiff& d) {
  using nlohmann::json;
  json rows = json::array();
  for (const auto& r : d.rows) {
    rows.push_back({{"country", r.country},
                    {"year", r.year},
                    {"h100e_a", r.h100e_a},
                    {"h100e_b", r.h100e_b},
                    {"h100e_change", r.h100e_b - r.h100e_a},
                    {"mw_a", r.mw_a},
                    {"mw_b", r.mw_b},
                    {"mw_change", r.mw_b - r.mw_a},
                    {"capex_usd_a", r.capex_usd_a},
                    {"capex_usd_b", r.capex_usd_b},
                    {"capex_usd_change", r.capex_usd_b - r.capex_usd_a},
                    {"cost_usd_a", r.cost_usd_a},
                    {"cost_usd_b", r.cost_usd_b},
                    {"cost_usd_change", r.cost_usd_b - r.cost_usd_a}});
  }
  auto binding = [](const std::vector<Binding>& list) {
    json out = json::array();
    for (const auto& b : list) {
      out.push_back({{"family", b.family},
                     {"constraint", b.name},
                     {"value_per_unit", b.value_per_unit},
                     {"unit", b.unit},
                     {"sentence", b.sentence}});
    }
    return out;
  };
  return {{"a", d.label_a},
          {"b", d.label_b},
          {"regime_a", d.regime_a},
          {"regime_b", d.regime_b},
          {"objective_kind_a", SpellingOf(d.objective_kind_a)},
          {"objective_kind_b", SpellingOf(d.objective_kind_b)},
          {"objective_a", d.objective_a},
          {"objective_b", d.objective_b},
          {"served_share_a", d.served_share_a},
          {"served_share_b", d.served_share_b},
          {"by_country_year", rows},
          {"binding_only_in_a", binding(d.binding_only_a)},
          {"binding_only_in_b", binding(d.binding_only_b)}};
}

}  // namespace stargate::plan
