#include "stargate/rules/regime_diff.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/text.h"
#include "stargate/rules/engine.h"

namespace stargate::rules {
namespace {

constexpr const char* kAbsent = "-";

std::string Num(const double* v) { return v ? absl::StrFormat("%g", *v) : kAbsent; }

// Chips that stand for each class in probe shipments: an H100 for 3A090.a,
// and a chip at TPP 3,000 and density 3.0 (3A090.b.1) for 3A090.b.
ChipMetrics ProbeChip(Eccn eccn) {
  if (eccn == Eccn::k3A090a) return {15832, 814, 3350, true};
  return {3000, 1000, 2000, true};
}

// A licensed-size shipment (over any LPP allowance) to a consignee
// headquartered in the destination.
std::string Treat(const Engine& engine, int regime, int country, Date date, Eccn eccn) {
  Shipment s;
  s.id = "probe";
  s.date = date;
  const ChipMetrics chip = ProbeChip(eccn);
  s.hypothetical = HypotheticalChip{chip.tpp, chip.die_area_mm2, chip.memory_bandwidth_gbps};
  s.quantity = 100000;
  s.destination = engine.country_codes()[country];
  s.consignee = "probe";
  ResolvedShipment resolved;
  std::string field, problem;
  if (!engine.Resolve(s, engine.regime(regime).id, &resolved, &field, &problem)) return problem;
  const Decision d = engine.Decide(resolved, nullptr, {false, engine.regime(regime).id});
  std::string out = OutcomeName(d.outcome);
  if (!d.exception.empty()) absl::StrAppend(&out, " (", d.exception, ")");
  if (d.review_policy) absl::StrAppend(&out, ", ", ReviewPolicyName(*d.review_policy));
  if (d.classification != eccn)
    absl::StrAppend(&out, " [classified ", EccnName(d.classification), "]");
  return out;
}

std::string CapsFor(const Engine& engine, const Regime& r, int country, int group, Date date) {
  std::string out;
  CapQuery query;
  query.regime = engine.RegimeIndex(r.id);
  query.country = country;
  query.date = date;
  query.group = group;
  query.consignee = ConsigneeFilter::kUnnamedOnly;
  std::vector<int> applicable;
  engine.ApplicableCaps(query, &applicable);
  for (int i : applicable) {
    const CapRule& cap = r.caps[i];
    if (!out.empty()) out += "; ";
    absl::StrAppend(&out, cap.id, " ", FormatTpp(engine.CapLimit(r, cap, country, date)), " TPP",
                    cap.period == CapPeriod::kCalendarYear ? " a year" : "");
  }
  return out.empty() ? "none" : out;
}

}  // namespace

absl::StatusOr<RegimeDiff> DiffRegimes(const Engine& engine, const std::string& a,
                                       const std::string& b,
                                       const std::optional<std::string>& country,
                                       const std::optional<Date>& date) {
  std::vector<std::string> ids = engine.catalog().ids();
  for (const auto* id : {&a, &b}) {
    if (engine.RegimeIndex(*id) >= 0) continue;
    std::string what = absl::StrCat("regime '", *id, "' is not known");
    if (auto near = ClosestMatch(*id, ids))
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    return Problem(absl::StatusCode::kInvalidArgument, std::string(what), std::string(OneOf(ids)));
  }
  int only = -1;
  if (country) {
    only = engine.CountryIndex(*country);
    if (only < 0) {
      return Problem(absl::StatusCode::kInvalidArgument,
                     absl::StrCat("country '", *country, "' is not in the scenario"),
                     "the ISO 3166 alpha-2 code of a country in the scenario");
    }
  }
  const int ia = engine.RegimeIndex(a), ib = engine.RegimeIndex(b);
  const Regime& ra = engine.regime(ia);
  const Regime& rb = engine.regime(ib);
  RegimeDiff diff;
  diff.a = a;
  diff.b = b;
  diff.date_a = date.value_or(ra.reference_date);
  diff.date_b = date.value_or(rb.reference_date);
  diff.country = country;
  auto add = [&](std::string topic, std::string subject, std::string va, std::string vb) {
    if (va != vb)
      diff.entries.push_back({std::move(topic), std::move(subject), std::move(va), std::move(vb)});
  };

  add("regime", "in force", ra.EffectiveRange(), rb.EffectiveRange());
  const std::pair<const char*, const Versioned<double> ClassificationRule::*> thresholds[] = {
      {"a_tpp_min", &ClassificationRule::a_tpp_min},
      {"a_density_tpp_min", &ClassificationRule::a_density_tpp_min},
      {"a_density_min", &ClassificationRule::a_density_min},
      {"b_tpp_min", &ClassificationRule::b_tpp_min},
      {"b_density_min", &ClassificationRule::b_density_min},
      {"b_wide_tpp_min", &ClassificationRule::b_wide_tpp_min},
      {"b_wide_density_min", &ClassificationRule::b_wide_density_min},
      {"non_datacenter_tpp_min", &ClassificationRule::non_datacenter_tpp_min}};
  for (const auto& [name, field] : thresholds) {
    add("classification", name, Num((ra.classification.*field).At(diff.date_a)),
        Num((rb.classification.*field).At(diff.date_b)));
  }
  auto lpp = [](const Regime& r, Date d) -> std::string {
    if (!r.lpp) return kAbsent;
    const double* v = r.lpp->tpp_per_consignee_per_year.At(d);
    return v ? absl::StrCat(FormatTpp(*v), " TPP per consignee per year") : kAbsent;
  };
  add("exception", "LPP", lpp(ra, diff.date_a), lpp(rb, diff.date_b));
  auto uveu = [](const Regime& r) -> std::string {
    if (!r.uveu) return kAbsent;
    return absl::StrFormat(">= %g%% in %s, <= %g%% in one %s country, >= %g%% in US for US-HQ",
                           r.uveu->min_tier1_share * 100, r.uveu->tier1_group,
                           r.uveu->max_single_tier2_share * 100, r.uveu->tier2_group,
                           r.uveu->min_us_share_for_us_hq * 100);
  };
  add("validated end user", "UVEU", uveu(ra), uveu(rb));
  auto nveu = [](const Regime& r, Date d) -> std::string {
    if (!r.nveu) return kAbsent;
    const double* v = r.nveu->installed_base_limit_tpp.At(d);
    return v ? absl::StrCat("installed base up to ", FormatTpp(*v), " TPP") : kAbsent;
  };
  add("validated end user", "NVEU", nveu(ra, diff.date_a), nveu(rb, diff.date_b));
  auto cap_text = [](const CapRule* cap) -> std::string {
    if (!cap) return kAbsent;
    std::string limit = cap->share_of.empty()
                            ? absl::StrCat(FormatTpp(cap->limit_tpp), " TPP")
                            : absl::StrFormat("%g%% of %s", cap->share * 100, cap->share_of);
    return absl::StrCat(limit, cap->period == CapPeriod::kCalendarYear ? " a year" : "", ", ",
                        cap->from.ToString(), " .. ", cap->to.ToString());
  };
  for (const auto& cap : ra.caps) add("cap", cap.id, cap_text(&cap), cap_text(rb.FindCap(cap.id)));
  for (const auto& cap : rb.caps) {
    if (!ra.FindCap(cap.id)) add("cap", cap.id, kAbsent, cap_text(&cap));
  }
  auto upgrade_text = [](const Regime& r, const std::string& id) -> std::string {
    for (const auto& up : r.upgrades) {
      if (up.id != id) continue;
      std::vector<std::string> names;
      for (Criterion c : up.criteria) names.emplace_back(CriterionName(c));
      return absl::StrCat(absl::StrJoin(names, " + "), " -> ",
                          up.unlock_tier.empty()
                              ? absl::StrFormat("%s x%g", up.unlock_cap, up.factor)
                              : up.unlock_tier);
    }
    return kAbsent;
  };
  for (const auto& up : ra.upgrades)
    add("upgrade", up.id, upgrade_text(ra, up.id), upgrade_text(rb, up.id));
  for (const auto& up : rb.upgrades) {
    if (upgrade_text(ra, up.id) == kAbsent) add("upgrade", up.id, kAbsent, upgrade_text(rb, up.id));
  }

  const auto& countries = engine.scenario().countries;
  for (size_t c = 0; c < countries.size(); ++c) {
    if (only >= 0 && static_cast<int>(c) != only) continue;
    const int ci = static_cast<int>(c);
    const std::string& code = countries[c].iso2;
    const int ga = engine.GroupOf(ia, ci, diff.date_a).group;
    const int gb = engine.GroupOf(ib, ci, diff.date_b).group;
    const std::string tier_a = absl::StrCat(ra.groups[ga].id, " (", ra.groups[ga].name, ")");
    const std::string tier_b = absl::StrCat(rb.groups[gb].id, " (", rb.groups[gb].name, ")");
    if (only >= 0) {
      diff.entries.push_back({"country", code + ": tier", tier_a, tier_b});
    }
    const size_t before = diff.entries.size();
    for (Eccn eccn : {Eccn::k3A090a, Eccn::k3A090b}) {
      add("country", absl::StrCat(code, ": ", EccnName(eccn)),
          Treat(engine, ia, ci, diff.date_a, eccn), Treat(engine, ib, ci, diff.date_b, eccn));
    }
    add("country", code + ": caps", CapsFor(engine, ra, ci, ga, diff.date_a),
        CapsFor(engine, rb, ci, gb, diff.date_b));
    // Without a country filter, a tier name is only news when the treatment changed.
    if (only < 0 && diff.entries.size() != before) {
      diff.entries.insert(diff.entries.begin() + static_cast<long>(before),
                          {"country", code + ": tier", tier_a, tier_b});
    }
  }
  return diff;
}

}  // namespace stargate::rules
