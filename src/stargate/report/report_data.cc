// The report's JSON document: what the plan is, its key figures, the
// countries, sites and financiers the charts name, and the sections built in
// report_series.cc and report_compliance.cc; the finance section is
// `stargate finance --json`'s document as it is.
#include <map>

#include "absl/strings/str_cat.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/report/internal/report_internal.h"

namespace stargate::report {
namespace {

using nlohmann::json;

json PlanSummary(const ReportInputs& in) {
  const plan::Plan& p = in.plan;
  json binding = json::array();
  for (const auto& b : p.binding) {
    binding.push_back({{"family", b.family},
                       {"constraint", b.name},
                       {"value_per_unit", b.value_per_unit},
                       {"unit", b.unit},
                       {"sentence", b.sentence}});
  }
  return {{"origin", in.plan_origin},
          {"status", plan::SolveStatusName(p.status)},
          {"objective_kind", SpellingOf(p.objective_kind)},
          {"objective", p.objective},
          {"solver", p.solver},
          {"regime", in.regime_choice},
          {"relative_gap", p.relative_gap},
          {"binding", binding},
          {"diagnosis", p.diagnosis}};
}

json Sites(const ReportInputs& in, const Timeline& time) {
  std::map<std::string, json> by_id;
  for (const Site& s : in.scenario.sites) {
    by_id[s.id] = {{"id", s.id},
                   {"name", s.name},
                   {"country", s.country},
                   {"lat", s.lat},
                   {"lon", s.lon},
                   {"operator", s.operator_name},
                   {"status", EnumName(s.status)},
                   {"grid_mw_max", s.grid_mw_max},
                   {"mw_online_end", 0.0},
                   {"built_mw", 0.0},
                   {"accelerators_end", 0.0},
                   {"h100e_end", 0.0}};
  }
  for (const auto& r : in.plan.site_quarters) {
    auto it = by_id.find(r.site);
    if (it == by_id.end()) continue;
    it->second["built_mw"] = it->second["built_mw"].get<double>() + r.build_mw;
    if (r.quarter == time.end) it->second["mw_online_end"] = r.mw_online;
  }
  for (const auto& r : in.plan.installs) {
    auto it = by_id.find(r.site);
    const Accelerator* a = in.scenario.FindAccelerator(r.accelerator);
    if (it == by_id.end() || !a || r.quarter != time.end) continue;
    it->second["accelerators_end"] = it->second["accelerators_end"].get<double>() + r.base;
    it->second["h100e_end"] = it->second["h100e_end"].get<double>() + r.base * a->h100e();
  }
  json out = json::array();
  for (const Site& s : in.scenario.sites) out.push_back(std::move(by_id[s.id]));
  return out;
}

json Countries(const ReportInputs& in, const Timeline& time, const Tiers& tiers) {
  json out = json::object();
  for (const Country& c : in.scenario.countries) {
    const TierOf now = tiers.InForce(c.iso2, time.end);
    const TierOf framework = tiers.Framework(c.iso2, time.end);
    out[c.iso2] = {{"name", c.name},
                   {"region", c.region},
                   {"partner_status", EnumName(c.partner_status)},
                   {"tier", now.id},
                   {"tier_name", now.name},
                   {"framework_tier", framework.id},
                   {"framework_tier_name", framework.name}};
  }
  return out;
}

json Financiers(const Scenario& scenario) {
  json out = json::object();
  for (const Financier& f : scenario.financiers) {
    out[f.id] = {{"name", f.name},
                 {"kind", EnumName(f.kind)},
                 {"hq", f.hq},
                 {"committed_usd", f.TotalCommittedUsd()}};
  }
  return out;
}

std::string GroupName(const rules::RegimeCatalog& regimes, const std::string& regime,
                      const std::string& group) {
  const rules::Regime* r = regimes.Find(regime);
  const rules::CountryGroup* g = r ? r->FindGroup(group) : nullptr;
  return g ? g->name : group;
}

// Under the regime in force the home country exports nothing to itself,
// whatever group its lists put it in; the framework's tiers keep it in Tier 1
// (as the plan's Tier 1 share does).
TierOf Lookup(const rules::ExportConstraints* constraints, const rules::RegimeCatalog* regimes,
              const std::string& country, Quarter q, bool home_rule) {
  if (!constraints) return {};
  const std::string regime = constraints->RegimeAt(q);
  const rules::Regime* r = regimes->Find(regime);
  if (home_rule && r && r->home_country == country) return {"home", "Home country (not an export)"};
  const std::string group = constraints->TierAt(country, q);
  if (group.empty()) return {};
  return {group, GroupName(*regimes, regime, group)};
}

// The deterministic plan beside the hedged one: its objective and KPIs as
// plan.json would give them.
json Deterministic(const ReportInputs& in) {
  if (!in.stochastic || !in.deterministic) return nullptr;
  const plan::Plan& p = *in.deterministic;
  return {{"status", plan::SolveStatusName(p.status)},
          {"objective_kind", SpellingOf(p.objective_kind)},
          {"objective", p.objective},
          {"kpis", plan::KpisToJson(p.kpis)}};
}

}  // namespace

json BuildFinance(const ReportInputs& in) {
  return in.finance ? finance::FinanceReportToJson(*in.finance) : json(nullptr);
}

Timeline::Timeline(const Scenario& scenario) : start(scenario.start), end(scenario.end) {
  for (int y = start.year(); y <= end.year(); ++y) years.push_back(y);
}

TierOf Tiers::InForce(const std::string& country, Quarter q) const {
  return Lookup(in_force, regimes, country, q, /*home_rule=*/true);
}
TierOf Tiers::Framework(const std::string& country, Quarter q) const {
  return Lookup(framework, regimes, country, q, /*home_rule=*/false);
}

absl::StatusOr<json> BuildReportData(const ReportInputs& in) {
  auto in_force = rules::BuildExportConstraints(in.scenario, in.regimes, in.regime_choice, {});
  if (!in_force.ok()) return in_force.status();
  std::optional<rules::ExportConstraints> framework;
  std::string framework_id = in.regime_choice;
  if (in.regimes.Find(kFrameworkRegime)) {
    auto built = rules::BuildExportConstraints(in.scenario, in.regimes, kFrameworkRegime, {});
    if (!built.ok()) return built.status();
    framework = std::move(*built);
    framework_id = kFrameworkRegime;
  }
  const Tiers tiers{&*in_force, framework ? &*framework : &*in_force, &in.regimes};
  const Timeline time(in.scenario);

  json quarters = json::array();
  for (int t = 0; t < time.quarters(); ++t) quarters.push_back((time.start + t).ToString());
  const rules::Regime* framework_regime = in.regimes.Find(framework_id);
  return json{
      {"schema", kReportSchema},
      {"title", absl::StrCat("Stargate build-out: ",
                             in.scenario.name.empty() ? in.scenario.id : in.scenario.name)},
      {"scenario",
       {{"id", in.scenario.id},
        {"name", in.scenario.name},
        {"description", in.scenario.description},
        {"start", time.start.ToString()},
        {"end", time.end.ToString()}}},
      {"plan", PlanSummary(in)},
      {"quarters", quarters},
      {"years", time.years},
      {"kpis", plan::KpisToJson(in.plan.kpis)},
      {"framework",
       {{"id", framework_id}, {"name", framework_regime ? framework_regime->name : framework_id}}},
      {"countries", Countries(in, time, tiers)},
      {"sites", Sites(in, time)},
      {"financiers", Financiers(in.scenario)},
      {"series", BuildSeries(in, time, tiers)},
      {"compliance", BuildCompliance(in, time, tiers)},
      {"finance", BuildFinance(in)},
      {"finance_note", in.finance_note},
      {"sources", BuildSources(in, time, tiers)},
      // The diff's own document, never figures recomputed here.
      {"comparison", in.comparison ? plan::PlanDiffToJson(*in.comparison) : json(nullptr)},
      // plan.json's block as written: the report shows, never recomputes.
      {"stochastic", in.stochastic ? *in.stochastic : json(nullptr)},
      {"deterministic", Deterministic(in)}};
}

}  // namespace stargate::report
