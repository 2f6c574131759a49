// The compliance table: for each country the plan touches, its tier under
// the regime in force at the horizon's start and end, and each export cap on
// it with its limit, what was used before the plan, what the plan's installs
// ship under it and what is left. Installs count against a cap exactly as
// the planner's cap rows count them (plan/model_builder_export.cc): sites in
// the cap's country, not run by a UVEU unless the cap counts those, run by
// one of its named consignees when it has any, controlled accelerators only,
// in quarters within its window.
#include <algorithm>
#include <set>

#include "stargate/model/model.h"
#include "stargate/report/internal/report_internal.h"

namespace stargate::report {
namespace {

using nlohmann::json;

bool Counts(const rules::CapConstraint& cap, const Site& site, const std::string& accelerator,
            Quarter q) {
  if (site.country != cap.country || (site.uveu && !cap.counts_uveu_sites)) return false;
  if (q < cap.from || q > cap.to) return false;
  if (!cap.consignees.empty() && std::find(cap.consignees.begin(), cap.consignees.end(),
                                           site.operator_name) == cap.consignees.end()) {
    return false;
  }
  return std::find(cap.accelerators.begin(), cap.accelerators.end(), accelerator) !=
         cap.accelerators.end();
}

double PlanTpp(const ReportInputs& in, const rules::CapConstraint& cap) {
  double tpp = 0;
  for (const auto& r : in.plan.installs) {
    if (r.install <= 0) continue;
    const Site* site = in.scenario.FindSite(r.site);
    const Accelerator* a = in.scenario.FindAccelerator(r.accelerator);
    if (site && a && Counts(cap, *site, r.accelerator, r.quarter)) tpp += r.install * a->tpp();
  }
  return tpp;
}

json TierJson(const TierOf& tier, const std::string& regime) {
  return {{"id", tier.id}, {"name", tier.name}, {"regime", regime}};
}

// The regimes in force over the horizon, as runs of quarters.
json RegimeRuns(const Timeline& time, const Tiers& tiers, const rules::RegimeCatalog& regimes) {
  json runs = json::array();
  std::string current;
  for (int t = 0; t < time.quarters(); ++t) {
    const Quarter q = time.start + t;
    const std::string id = tiers.in_force->RegimeAt(q);
    if (!runs.empty() && id == current) {
      runs.back()["to"] = q.ToString();
      continue;
    }
    current = id;
    const rules::Regime* r = regimes.Find(id);
    runs.push_back({{"regime", id},
                    {"name", r ? r->name : "none in force"},
                    {"from", q.ToString()},
                    {"to", q.ToString()}});
  }
  return runs;
}

}  // namespace

json BuildCompliance(const ReportInputs& in, const Timeline& time, const Tiers& tiers) {
  const Scenario& scenario = in.scenario;
  std::set<std::string> countries;
  for (const Site& s : scenario.sites) countries.insert(s.country);
  for (const Demand& d : scenario.demand) countries.insert(d.country);
  for (const auto& cap : tiers.in_force->caps()) {
    if (cap.to >= time.start && cap.from <= time.end) countries.insert(cap.country);
  }

  std::map<std::string, double> h100e_end;
  for (const auto& r : in.plan.installs) {
    const Accelerator* a = scenario.FindAccelerator(r.accelerator);
    if (a && r.quarter == time.end) h100e_end[r.country] += r.base * a->h100e();
  }
  std::map<std::string, int> site_count;
  for (const Site& s : scenario.sites) ++site_count[s.country];

  json rows = json::array();
  for (const std::string& code : countries) {
    const Country* country = scenario.FindCountry(code);
    if (!country) continue;
    json caps = json::array();
    double limit = 0, used = 0, planned = 0;
    for (const auto& cap : tiers.in_force->caps()) {
      if (cap.country != code || cap.to < time.start || cap.from > time.end) continue;
      const double plan_tpp = PlanTpp(in, cap);
      limit += cap.limit_tpp;
      used += cap.used_tpp;
      planned += plan_tpp;
      caps.push_back(
          {{"id", cap.id},
           {"description", cap.description},
           {"cite", cap.cite},
           {"window", cap.from.ToString() + ".." + cap.to.ToString()},
           {"consignees", cap.consignees},
           {"limit_tpp", cap.limit_tpp},
           {"used_before_tpp", cap.used_tpp},
           {"plan_tpp", plan_tpp},
           {"left_tpp", std::max(0.0, cap.limit_tpp - cap.used_tpp - plan_tpp)},
           {"share_used", cap.limit_tpp > 0 ? (cap.used_tpp + plan_tpp) / cap.limit_tpp : 0.0}});
    }
    rows.push_back(
        {{"country", code},
         {"name", country->name},
         {"partner_status", EnumName(country->partner_status)},
         {"sites", site_count[code]},
         {"h100e_end", h100e_end[code]},
         {"tier_start",
          TierJson(tiers.InForce(code, time.start), tiers.in_force->RegimeAt(time.start))},
         {"tier_end", TierJson(tiers.InForce(code, time.end), tiers.in_force->RegimeAt(time.end))},
         {"framework_tier",
          TierJson(tiers.Framework(code, time.end), tiers.framework->RegimeAt(time.end))},
         {"caps", caps},
         {"cap_limit_tpp", limit},
         {"cap_used_before_tpp", used},
         {"cap_plan_tpp", planned},
         {"cap_left_tpp", std::max(0.0, limit - used - planned)}});
  }
  return {{"regime_choice", in.regime_choice},
          {"regimes_in_force", RegimeRuns(time, tiers, in.regimes)},
          {"countries", rows}};
}

}  // namespace stargate::report
