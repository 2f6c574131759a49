#include "stargate/rules/tier_report.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "stargate/core/diagnostic.h"
#include "stargate/rules/engine.h"

namespace stargate::rules {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string Condition(const LicenseRow& row, const Regime& regime) {
  std::vector<std::string> parts;
  if (!row.hq_tiers.empty()) {
    std::vector<std::string> names;
    for (const auto& id : row.hq_tiers) names.push_back(regime.FindGroup(id)->name);
    parts.push_back(absl::StrCat("consignee headquartered in ", absl::StrJoin(names, " or ")));
  }
  if (row.tpp_below) parts.push_back(absl::StrFormat("TPP < %g", *row.tpp_below));
  if (row.memory_bandwidth_below_gbps) {
    parts.push_back(
        absl::StrFormat("memory bandwidth < %g GB/s", *row.memory_bandwidth_below_gbps));
  }
  return absl::StrJoin(parts, " and ");
}

}  // namespace

absl::StatusOr<TierReport> DescribeTier(const Engine& engine, const std::string& country, Date date,
                                        const std::string& regime_choice, const CapUsage& usage) {
  const int c = engine.CountryIndex(country);
  if (c < 0) {
    // No "did you mean": every two-letter code is one edit from dozens of others.
    return Problem(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("country '", country, "' is not in the scenario"),
        "the ISO 3166 alpha-2 code of a country in the scenario (see 'stargate show countries')");
  }
  const int ri = engine.RegimeFor(regime_choice, date);
  if (ri < 0) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("no regime is in force on ", date.ToString()),
                   "a later --date or --regime ID");
  }
  const Regime& r = engine.regime(ri);
  const Country& k = engine.scenario().countries[c];
  const GroupAssignment ga = engine.GroupOf(ri, c, date);
  const CountryGroup& g = r.groups[ga.group];
  const CountryGroup& base = r.groups[ga.base_group];

  TierReport t;
  t.country = k.iso2;
  t.country_name = k.name;
  t.date = date;
  t.regime = r.id;
  t.regime_name = r.name;
  t.group = g.id;
  t.group_name = g.name;
  t.base_group = base.id;
  t.group_cite = g.cite;
  t.home = k.iso2 == r.home_country;
  t.headquarters_rule = g.headquarters_rule;
  if (ga.via == GroupVia::kListed) t.how = absl::StrCat("listed in ", base.id);
  if (ga.via == GroupVia::kMembership) {
    std::vector<std::string> hits;
    for (const auto& m : base.member_of) {
      if (k.IsMemberOf(m)) hits.push_back(m);
    }
    t.how = absl::StrCat("member of ", absl::StrJoin(hits, ", "));
  }
  if (ga.via == GroupVia::kDefault) t.how = "by default (not listed in another group)";
  if (ga.upgrade >= 0) {
    absl::StrAppend(&t.how, "; promoted from ", base.id, " by ", r.upgrades[ga.upgrade].id);
    t.group_cite = r.upgrades[ga.upgrade].cite;
  }

  // How controlled chips are treated, for a consignee headquartered here.
  for (Eccn eccn : {Eccn::k3A090a, Eccn::k3A090b}) {
    Treatment treatment{eccn, {}};
    for (const auto& row : r.license_rows) {
      if (!row.accelerators.empty()) continue;  // a rule on named products, not on a class
      if (!row.classifications.empty() &&
          !std::count(row.classifications.begin(), row.classifications.end(), eccn)) {
        continue;
      }
      if (!row.tiers.empty() && !Contains(row.tiers, g.id)) continue;
      if (!row.destinations.empty()) {
        bool hit = false;
        for (const auto& d : row.destinations) hit = hit || d == k.iso2 || k.IsMemberOf(d);
        if (!hit) continue;
      }
      if ((row.from && date < *row.from) || (row.to && *row.to < date)) continue;
      TreatmentLine line{row.id,        Condition(row, r), row.outcome,
                         row.exception, row.review_policy, row.try_first,
                         row.cite};
      const bool unconditional = line.condition.empty();
      treatment.lines.push_back(std::move(line));
      if (unconditional) break;
    }
    t.treatments.push_back(std::move(treatment));
  }
  if (r.lpp) {
    if (const double* limit = r.lpp->tpp_per_consignee_per_year.At(date)) {
      t.lpp_tpp_per_consignee_per_year = *limit;
      t.lpp_cite = r.lpp->cite;
    }
  }

  // Caps in force on the date that count this country's shipments.
  CapQuery query;
  query.regime = ri;
  query.country = c;
  query.date = date;
  query.group = ga.group;
  query.consignee = ConsigneeFilter::kAny;
  std::vector<int> applicable;
  engine.ApplicableCaps(query, &applicable);
  for (int cap_index : applicable) {
    const CapRule& cap = r.caps[cap_index];
    CapReport report;
    const int year = date.year();
    report.id = engine.CapInstanceId(r, cap, c, year);
    report.description = cap.description;
    report.consignee = cap.consignee;
    if (cap.period == CapPeriod::kCalendarYear) {
      report.window =
          absl::StrCat(std::max(cap.from, *Date::FromYmd(year, 1, 1)).ToString(), " .. ",
                       std::min(cap.to, *Date::FromYmd(year, 12, 31)).ToString());
    } else {
      report.window = absl::StrCat(cap.from.ToString(), " .. ", cap.to.ToString());
    }
    report.limit_tpp = engine.CapLimit(r, cap, c, date);
    report.used_tpp = usage.CapUsed(report.id);
    for (const auto& up : r.upgrades) {
      if (up.unlock_cap == cap.id && up.MetBy(k, date)) {
        report.multiplied_by = absl::StrFormat("%s (x%g)", up.id, up.factor);
      }
    }
    report.cite = cap.cite;
    report.unconfirmed = cap.unconfirmed;
    t.caps.push_back(std::move(report));
  }

  // Upgrade paths open from where the country starts.
  for (size_t u = 0; u < r.upgrades.size(); ++u) {
    const TierUpgrade& up = r.upgrades[u];
    if (!Contains(up.from_tiers, base.id)) continue;
    UpgradeReport report;
    report.id = up.id;
    report.name = up.name;
    report.met = true;
    for (Criterion criterion : up.criteria) {
      report.criteria.push_back(EvaluateCriterion(criterion, k, date, up.parameters));
      report.met = report.met && report.criteria.back().met;
    }
    if (!up.unlock_tier.empty()) {
      const CountryGroup* to = r.FindGroup(up.unlock_tier);
      report.unlocks = absl::StrCat("moves ", k.iso2, " from ", base.id, " (", base.name, ") to ",
                                    to->id, " (", to->name, ")");
    } else {
      const CapRule* cap = r.FindCap(up.unlock_cap);
      std::string limits;
      if (cap && cap->share_of.empty()) {
        limits = absl::StrCat(": ", FormatTpp(cap->limit_tpp), " -> ",
                              FormatTpp(cap->limit_tpp * up.factor), " TPP");
      }
      report.unlocks =
          absl::StrFormat("multiplies cap %s by %g%s", up.unlock_cap, up.factor, limits);
    }
    report.cite = up.cite;
    report.unconfirmed = up.unconfirmed;
    t.upgrades.push_back(std::move(report));
  }
  return t;
}

}  // namespace stargate::rules
