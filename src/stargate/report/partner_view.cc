#include "stargate/report/partner_view.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/text.h"
#include "stargate/model/model.h"
#include "stargate/rules/rules.h"

namespace stargate::report {
namespace {

// The terms an answer uses, in the order first used, each once.
class Terms {
 public:
  explicit Terms(const Glossary* glossary) : glossary_(glossary) {}
  // The term for `key` (noted as used), or `fallback` when the glossary lacks it.
  std::string Use(const std::string& key, const std::string& fallback = "") {
    if (!glossary_) return fallback.empty() ? key : fallback;
    const GlossaryEntry* e = glossary_->Find(key);
    if (!e) return fallback.empty() ? key : fallback;
    if (seen_.insert(key).second) used_.push_back(e);
    return e->term;
  }
  std::string Meaning(const std::string& key) {
    const GlossaryEntry* e = glossary_ ? glossary_->Find(key) : nullptr;
    if (!e) return "";
    Use(key);
    return e->meaning;
  }
  std::vector<Link> Links(const std::string& key) {
    std::vector<Link> out;
    const GlossaryEntry* e = glossary_ ? glossary_->Find(key) : nullptr;
    if (e) {
      for (const auto& url : e->urls) out.push_back({e->term, url});
    }
    return out;
  }
  std::vector<const GlossaryEntry*> used() const { return used_; }

 private:
  const Glossary* glossary_;
  std::set<std::string> seen_;
  std::vector<const GlossaryEntry*> used_;
};

Amount AmountOf(double tpp, const ReferenceChip& h100, const ReferenceChip& current) {
  return {tpp, h100.tpp > 0 ? tpp / h100.tpp : 0, current.tpp > 0 ? tpp / current.tpp : 0};
}

// The chip most supplied to the program in the date's quarter: what a
// country would get now. Before or after every supply row, the newest
// accelerator available by then (largest TPP among equals).
ReferenceChip CurrentGeneration(const Scenario& sc, Date date) {
  const Quarter q = date.quarter();
  std::map<std::string, double> units;
  for (const Supply& s : sc.supply) units[s.accelerator] += s.UnitsAt(q);
  const Accelerator* best = nullptr;
  double most = 0;
  for (const auto& [id, n] : units) {
    const Accelerator* a = sc.FindAccelerator(id);
    if (a && n > most) {
      most = n;
      best = a;
    }
  }
  if (best) {
    return {best->id, best->name, best->tpp(),
            absl::StrCat("the chip with the most units supplied to the program in ", q.ToString(),
                         " (data/supply.yaml)")};
  }
  for (const Accelerator& a : sc.accelerators) {
    if (q < a.available_from || !a.datacenter) continue;
    if (!best || best->available_from < a.available_from ||
        (best->available_from == a.available_from && best->tpp() < a.tpp())) {
      best = &a;
    }
  }
  if (!best) return {};
  return {best->id, best->name, best->tpp(),
          absl::StrCat("the newest accelerator available in ", q.ToString(),
                       " (no supply is given for that quarter)")};
}

std::string Since(const Country& c, const char* flag) {
  auto it = c.compliance.since.find(flag);
  return it == c.compliance.since.end() ? "" : it->second.ToString();
}

// A criterion's evidence in words, from the country's profile.
std::string PlainEvidence(const rules::CriterionResult& r, const Country& c, Date date) {
  auto flag = [&](const char* name, bool value) -> std::string {
    const std::string since = Since(c, name);
    if (r.met) return since.empty() ? "yes" : absl::StrCat("yes, since ", since);
    if (value && !since.empty())
      return absl::StrCat("from ", since, " (not yet on ", date.ToString(), ")");
    return "not yet";
  };
  const ComplianceProfile& p = c.compliance;
  switch (r.criterion) {
    case rules::Criterion::kG2gAgreement:
      return flag("g2g_agreement", p.g2g_agreement);
    case rules::Criterion::kSecurityAgreementSigned:
      return flag("security_agreement_signed", p.security_agreement_signed);
    case rules::Criterion::kDatacenterSecurityStandard:
      return flag("datacenter_security_standard", p.datacenter_security_standard);
    case rules::Criterion::kExportControlAlignment:
      return flag("export_control_alignment", p.export_control_alignment);
    case rules::Criterion::kNoDiversionIncidents:
      return p.diversion_incidents == 0 ? "none recorded"
                                        : absl::StrCat(p.diversion_incidents, " recorded");
    case rules::Criterion::kPartnerAgreementSigned:
      return absl::StrCat("partner status: ", EnumName(c.partner_status));
    case rules::Criterion::kMinFreedomScore:
      return absl::StrCat("score ", c.freedom_score, " of 100 (Freedom House",
                          c.RatedFree() ? ": Free)" : ": not rated Free)");
    case rules::Criterion::kDataProtectionZone:
      return c.data_protection_zone == "EU"
                 ? "the EU's data-protection law (GDPR) applies"
                 : absl::StrCat("its own zone (", c.data_protection_zone,
                                r.met ? "), accepted" : "), not accepted");
  }
  return r.met ? "yes" : "not yet";
}

// "listed in tier2; promoted from tier2 by first-class-partner" with ids as names.
std::string PlainHow(std::string how, const rules::Regime& r) {
  auto replace_word = [&](const std::string& id, const std::string& name) {
    size_t at = 0;
    while ((at = how.find(id, at)) != std::string::npos) {
      const size_t end = at + id.size();
      const bool starts = at == 0 || how[at - 1] == ' ';
      const bool ends = end == how.size() || how[end] == ';' || how[end] == ' ' || how[end] == ',';
      if (starts && ends) {
        how.replace(at, id.size(), name);
        at += name.size();
      } else {
        at = end;
      }
    }
  };
  for (const auto& up : r.upgrades) replace_word(up.id, absl::StrCat("\"", up.name, "\""));
  for (const auto& g : r.groups) replace_word(g.id, g.name);
  if (how.rfind("member of ", 0) == 0) how = "a member of Country Group " + how.substr(10);
  return how;
}

std::string PlainAnswer(const rules::TreatmentLine& l, Terms* terms) {
  std::string out;
  if (l.outcome == rules::Outcome::kLicenseException && !l.exception.empty()) {
    out = absl::StrCat("allowed without a license under ", terms->Use(l.exception));
  } else {
    out = terms->Use(rules::OutcomeName(l.outcome));
    if (!l.exception.empty()) absl::StrAppend(&out, " (", terms->Use(l.exception), ")");
  }
  if (l.review_policy) {
    absl::StrAppend(&out, "; applications are ",
                    terms->Use(rules::ReviewPolicyName(*l.review_policy)));
  }
  if (!l.try_first.empty()) {
    std::vector<std::string> named;
    for (const auto& x : l.try_first) named.push_back(terms->Use(x));
    absl::StrAppend(
        &out, "; before a license, these are tried in order: ", absl::StrJoin(named, ", then "));
  }
  return out;
}

std::vector<PlanYear> PlanByYear(const plan::Plan& p, const std::string& code) {
  std::map<int, PlanYear> years;
  std::map<int, Quarter> year_end;  // the last quarter of each year in the plan
  for (const auto& row : p.site_quarters) {
    auto [it, fresh] = year_end.emplace(row.quarter.year(), row.quarter);
    if (!fresh && it->second < row.quarter) it->second = row.quarter;
  }
  for (const auto& [year, q] : year_end) years[year].year = year;
  if (auto it = p.kpis.h100e_by_country_year.find(code); it != p.kpis.h100e_by_country_year.end()) {
    for (const auto& [year, h] : it->second) {
      years[year].year = year;
      years[year].h100e = h;
    }
  }
  if (auto it = p.kpis.accelerators_by_country_year.find(code);
      it != p.kpis.accelerators_by_country_year.end()) {
    for (const auto& [year, n] : it->second) {
      years[year].year = year;
      years[year].chips = n;
    }
  }
  for (const auto& row : p.site_quarters) {
    if (row.country != code) continue;
    auto end = year_end.find(row.quarter.year());
    if (end != year_end.end() && end->second == row.quarter)
      years[row.quarter.year()].mw_online += row.mw_online;
  }
  for (const auto& row : p.installs) {
    if (row.country != code || row.base <= 0) continue;
    auto end = year_end.find(row.quarter.year());
    if (end != year_end.end() && end->second == row.quarter) {
      years[row.quarter.year()].chips_by_type[row.accelerator] += row.base;
    }
  }
  std::vector<PlanYear> out;
  for (auto& [year, y] : years) out.push_back(std::move(y));
  return out;
}

}  // namespace

absl::StatusOr<PartnerView> BuildPartnerView(const PartnerViewInputs& in) {
  const rules::Engine& engine = in.engine;
  const Scenario& sc = engine.scenario();
  const CountryResolution found = CountryResolver(sc.countries).Resolve(in.country);
  if (!found.ok())
    return Problem(absl::StatusCode::kNotFound, std::string(found.what),
                   std::string(found.expected));
  const Country& k = *found.country;

  PartnerView v;
  auto tier = rules::DescribeTier(engine, k.iso2, in.date, in.regime_choice, in.usage);
  if (!tier.ok()) return tier.status();
  v.tier = std::move(*tier);
  const rules::Regime& r = *engine.catalog().Find(v.tier.regime);
  Terms terms(in.glossary);

  // What amounts are counted in.
  if (const Accelerator* h = sc.FindAccelerator("H100-SXM")) {
    v.h100 = {h->id, h->name, h->tpp(), "the unit of H100-equivalents (data/accelerators.yaml)"};
  } else {
    v.h100 = {"H100-SXM", "NVIDIA H100 SXM", kH100Tpp,
              "the unit of H100-equivalents (not in this scenario's catalogue)"};
  }
  if (!in.chip.empty()) {
    const Accelerator* a = sc.FindAccelerator(in.chip);
    if (!a) {
      std::vector<std::string> ids;
      for (const auto& x : sc.accelerators) ids.push_back(x.id);
      std::string what =
          absl::StrCat("accelerator '", Excerpt(in.chip), "' is not in the catalogue");
      if (auto near = ClosestMatch(in.chip, ids))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      return Problem(absl::StatusCode::kInvalidArgument, std::string(what),
                     "an accelerator id (see 'stargate show accelerators')");
    }
    v.current = {a->id, a->name, a->tpp(), "chosen by the user"};
  } else {
    v.current = CurrentGeneration(sc, in.date);
  }
  terms.Use("TPP");
  terms.Use("H100e");
  terms.Use("chips of the current generation");

  v.regime_term = terms.Use(r.id, r.name);
  v.regime_links = CitationLinks(r.cite, in.bibliography);
  v.tier_term = v.tier.group_name;
  v.freedom_score = k.freedom_score;
  v.rated_free = k.RatedFree();
  v.data_protection_zone = k.data_protection_zone;
  terms.Use("freedom_score");
  terms.Use("data_protection_zone");
  v.tier_meaning = terms.Meaning(v.tier.group);
  v.tier_links = terms.Links(v.tier.group);
  for (const auto& l : CitationLinks(v.tier.group_cite, in.bibliography)) {
    const bool known = std::any_of(v.tier_links.begin(), v.tier_links.end(),
                                   [&](const Link& k) { return k.url == l.url; });
    if (!known) v.tier_links.push_back(l);  // the glossary's link may be the rule's own
  }
  v.how = PlainHow(v.tier.how, r);
  for (const auto& m : k.memberships) {
    if (v.how.find(m) != std::string::npos) terms.Use(m);
  }

  for (const auto& tr : v.tier.treatments) {
    const std::string chips = terms.Use(rules::EccnName(tr.eccn));
    if (tr.lines.empty()) {
      v.treatments.push_back({chips, "", terms.Use("no_license_required"), {}});
      continue;
    }
    for (size_t i = 0; i < tr.lines.size(); ++i) {
      const auto& l = tr.lines[i];
      PlainLine line;
      line.chips = chips;
      line.condition = l.condition.empty() ? (i == 0 ? "" : "otherwise") : "if " + l.condition;
      line.answer = PlainAnswer(l, &terms);
      line.links = CitationLinks(l.cite, in.bibliography);
      v.treatments.push_back(std::move(line));
    }
  }
  if (v.tier.lpp_tpp_per_consignee_per_year) {
    terms.Use("LPP");
    v.lpp = AmountOf(*v.tier.lpp_tpp_per_consignee_per_year, v.h100, v.current);
    v.lpp_links = CitationLinks(v.tier.lpp_cite, in.bibliography);
  }

  double capped_h100e = 0;
  for (const auto& c : v.tier.caps) {
    terms.Use("country cap");
    PlainCap cap;
    cap.title = c.description;
    cap.window = c.window;
    cap.consignee = c.consignee;
    cap.limit = AmountOf(c.limit_tpp, v.h100, v.current);
    cap.used = AmountOf(c.used_tpp, v.h100, v.current);
    cap.left = AmountOf(c.remaining_tpp(), v.h100, v.current);
    capped_h100e += cap.limit.h100e;
    if (!c.multiplied_by.empty()) {
      cap.multiplied_by = c.multiplied_by;
      for (const auto& up : r.upgrades) {
        if (c.multiplied_by.rfind(up.id + " (", 0) == 0)
          cap.multiplied_by = absl::StrCat(up.name, " (x", up.factor, ")");
      }
    }
    cap.links = CitationLinks(c.cite, in.bibliography);
    v.caps.push_back(std::move(cap));
  }

  if (!v.tier.upgrades.empty()) terms.Use("upgrade path");
  for (const auto& u : v.tier.upgrades) {
    PlainUpgrade p;
    p.name = u.name;
    p.met = u.met;
    for (const auto& c : u.criteria) {
      if (c.criterion == rules::Criterion::kMinFreedomScore) terms.Use("freedom_score");
      if (c.criterion == rules::Criterion::kDataProtectionZone) terms.Use("data_protection_zone");
      p.checklist.push_back({c.description, c.met, PlainEvidence(c, k, in.date)});
    }
    const rules::TierUpgrade* up = nullptr;
    for (const auto& x : r.upgrades) {
      if (x.id == u.id) up = &x;
    }
    if (up && !up->unlock_tier.empty()) {
      const rules::CountryGroup* to = r.FindGroup(up->unlock_tier);
      bool capped = false;
      for (const auto& cap : r.caps) {
        capped = capped || std::count(cap.tiers.begin(), cap.tiers.end(), up->unlock_tier) > 0;
      }
      p.unlocks_unlimited = !capped;
      p.unlocks = absl::StrCat("moves ", k.name, " to ", to ? to->name : up->unlock_tier);
      if (!capped) {
        absl::StrAppend(&p.unlocks, ", where no country cap applies",
                        capped_h100e > 0
                            ? absl::StrCat(" (today's caps: ", FormatH100e(capped_h100e), ")")
                            : "");
      }
      terms.Use(up->unlock_tier);
    } else if (up) {
      const rules::CapRule* cap = r.FindCap(up->unlock_cap);
      if (cap && cap->share_of.empty()) {
        const Amount before = AmountOf(cap->limit_tpp, v.h100, v.current);
        const Amount after = AmountOf(cap->limit_tpp * up->factor, v.h100, v.current);
        p.unlocks_h100e = after.h100e - before.h100e;
        p.unlocks = absl::StrCat("multiplies \"", cap->description, "\" by ", up->factor, ": from ",
                                 FormatH100e(before.h100e), " to ", FormatH100e(after.h100e), " (+",
                                 FormatH100e(p.unlocks_h100e), ")");
      } else {
        p.unlocks =
            absl::StrCat("multiplies ", cap ? "\"" + cap->description + "\"" : up->unlock_cap,
                         " by ", up->factor);
      }
      if (up->criteria.size() == 1 && up->criteria[0] == rules::Criterion::kG2gAgreement)
        terms.Use("G2G");
    }
    p.links = CitationLinks(u.cite, in.bibliography);
    v.upgrades.push_back(std::move(p));
  }

  if (in.plan) {
    v.plan_origin = in.plan_origin;
    v.plan_by_year = PlanByYear(*in.plan, k.iso2);
  }
  for (const auto& source : k.provenance.sources) {
    if (IsUrl(source)) {
      v.sources.push_back({"", source, "", {source}});
    } else if (const SourceEntry* e = in.bibliography ? in.bibliography->Find(source) : nullptr) {
      v.sources.push_back(*e);
    }
  }
  v.terms = terms.used();
  return v;
}

std::string Rounded(double value) {
  if (!(value > 0)) return "0";
  // Three significant figures: a cap in chips is an estimate, not a count.
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)) - 2);
  const double rounded =
      magnitude >= 1 ? std::round(value / magnitude) * magnitude : std::round(value * 10) / 10;
  if (rounded < 10 && rounded != std::floor(rounded)) return absl::StrFormat("%.1f", rounded);
  std::string digits = absl::StrFormat("%.0f", rounded);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatH100e(double h100e) { return absl::StrCat(Rounded(h100e), " H100e"); }

}  // namespace stargate::report
