// Regime file sections that define a regime's vocabulary: the regime block,
// classification thresholds, country groups, license exceptions and
// validated end users.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/rules/internal/regime_yaml.h"

namespace stargate::rules::internal {
namespace {

std::string Kind(const std::string& what, const std::string& id) {
  return id.empty() ? what : absl::StrCat(what, " '", id, "'");
}

}  // namespace

void ReadRegimeBlock(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                     Regime* regime) {
  RecordReader r(node, file, "regime", d);
  if (!r.is_map()) return;
  r.Id("id", &regime->id);
  const std::string kind = Kind("regime", regime->id);
  r.set_kind(kind);
  r.Text("name", &regime->name);
  r.Text("summary", &regime->summary, false);
  r.Text("cite", &regime->cite);
  ReadOptionalDate(r, "effective_from", &regime->effective_from);
  ReadOptionalDate(r, "effective_to", &regime->effective_to);
  ReadOptionalDate(r, "compliance_date", &regime->compliance_date);
  r.Bool("by_date", &regime->by_date);
  r.Bool("illustrative", &regime->illustrative);
  std::optional<Date> reference;
  ReadOptionalDate(r, "reference_date", &reference);
  r.CountryCode("home_country", &regime->home_country, false);
  ReadTextList(r, "notes", &regime->notes);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  regime->sources = provenance.sources;
  r.Finish();
  const bool from_given = node["effective_from"].IsDefined();
  if (regime->by_date && !regime->effective_from && !from_given) {
    r.Report(node, absl::StrCat(kind, " is chosen by date but has no effective_from"),
             "effective_from: YYYY-MM-DD, or by_date: false");
  }
  if (regime->effective_from && regime->effective_to &&
      *regime->effective_to < *regime->effective_from) {
    r.Report(node["effective_to"],
             absl::StrCat(kind, " ends (", regime->effective_to->ToString(), ") before it starts (",
                          regime->effective_from->ToString(), ")"),
             "effective_to >= effective_from");
  }
  if (reference) {
    regime->reference_date = *reference;
  } else if (regime->effective_from) {
    regime->reference_date = *regime->effective_from;
  } else if (!from_given) {
    r.Report(node, absl::StrCat(kind, " has neither effective_from nor reference_date"),
             "reference_date: YYYY-MM-DD (the date a regime named only by id is looked at)");
  }
}

void ReadClassification(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                        Regime* regime) {
  const std::string kind = "classification";
  RecordReader r(node, file, kind, d);
  if (!r.is_map()) return;
  ClassificationRule& c = regime->classification;
  const std::pair<const char*, Versioned<double>*> fields[] = {
      {"a_tpp_min", &c.a_tpp_min},
      {"a_density_tpp_min", &c.a_density_tpp_min},
      {"a_density_min", &c.a_density_min},
      {"b_tpp_min", &c.b_tpp_min},
      {"b_density_min", &c.b_density_min},
      {"b_wide_tpp_min", &c.b_wide_tpp_min},
      {"b_wide_density_min", &c.b_wide_density_min},
      {"non_datacenter_tpp_min", &c.non_datacenter_tpp_min}};
  for (const auto& [key, out] : fields) {
    if (Required(r, kind, key, "a number >= 0, or {YYYY-MM-DD: number}")) {
      ReadVersionedNumber(r, key, kNonNegative, out);
    }
  }
  ReadCite(r, &c.cite, &c.unconfirmed);
  r.Finish();
}

void ReadGroups(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                Regime* regime) {
  int defaults = 0;
  for (const auto& item : list) {
    RecordReader r(item, file, "group", d);
    if (!r.is_map()) continue;
    CountryGroup g;
    g.location = r.location();
    r.Id("id", &g.id);
    const std::string kind = Kind("group", g.id);
    r.set_kind(kind);
    r.Text("name", &g.name);
    r.Text("description", &g.description, false);
    ReadVersionedCodes(r, "countries", &g.countries);
    ReadPlaces(r, "member_of", &g.member_of);
    ReadPlaces(r, "except_member_of", &g.except_member_of);
    r.Bool("default", &g.is_default);
    r.Bool("headquarters_rule", &g.headquarters_rule);
    ReadCite(r, &g.cite, &g.unconfirmed);
    r.Finish();
    if (g.id.empty()) continue;
    if (regime->GroupIndex(g.id) >= 0) {
      r.Report(item["id"], absl::StrCat("group id '", g.id, "' is given twice"),
               "unique group ids");
      continue;
    }
    if (!g.is_default && g.countries.empty() && g.member_of.empty()) {
      r.Report(item, absl::StrCat(kind, " has no members"),
               "countries, member_of, or default: true");
    }
    if (g.is_default) ++defaults;
    regime->groups.push_back(std::move(g));
  }
  if (defaults != 1) {
    d->Add(LocationOf(file, list),
           defaults == 0 ? "no group is the default"
                         : absl::StrCat(defaults, " groups are marked default"),
           "exactly one group with default: true (where unlisted countries go)");
  }
}

void ReadLicenseExceptions(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                           Regime* regime) {
  RecordReader section(node, file, "license_exceptions", d);
  if (!section.is_map()) return;
  YAML::Node lpp = section.Child("lpp");
  section.Finish();
  if (!lpp) return;
  const std::string kind = "license exception lpp";
  RecordReader r(lpp, file, kind, d);
  if (!r.is_map()) return;
  LppRule rule;
  r.Id("id", &rule.id, false);
  if (Required(r, kind, "tpp_per_consignee_per_year", "a number > 0, or {YYYY-MM-DD: number}")) {
    ReadVersionedNumber(r, "tpp_per_consignee_per_year", kPositive,
                        &rule.tpp_per_consignee_per_year);
  }
  ReadGroupRefs(r, *regime, "not_for_hq_tiers", &rule.not_for_hq_tiers);
  ReadCite(r, &rule.cite, &rule.unconfirmed);
  r.Finish();
  regime->lpp = std::move(rule);
}

void ReadValidatedEndUsers(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                           Regime* regime) {
  RecordReader section(node, file, "validated_end_users", d);
  if (!section.is_map()) return;
  YAML::Node uveu = section.Child("uveu");
  YAML::Node nveu = section.Child("nveu");
  section.Finish();
  if (uveu) {
    const std::string kind = "validated end user uveu";
    RecordReader r(uveu, file, kind, d);
    if (r.is_map()) {
      UveuRule u;
      r.Id("id", &u.id, false);
      if (Required(r, kind, "hq_tiers", "a list of group ids")) {
        ReadGroupRefs(r, *regime, "hq_tiers", &u.hq_tiers);
      }
      if (Required(r, kind, "destination_tiers", "a list of group ids")) {
        ReadGroupRefs(r, *regime, "destination_tiers", &u.destination_tiers);
      }
      if (Required(r, kind, "tier1_group", "a group id")) {
        ReadGroupRef(r, *regime, "tier1_group", &u.tier1_group);
      }
      if (Required(r, kind, "tier2_group", "a group id")) {
        ReadGroupRef(r, *regime, "tier2_group", &u.tier2_group);
      }
      r.Number("min_tier1_share", &u.min_tier1_share, kFraction);
      r.Number("max_single_tier2_share", &u.max_single_tier2_share, kFraction);
      r.Number("min_us_share_for_us_hq", &u.min_us_share_for_us_hq, kFraction);
      ReadCite(r, &u.cite, &u.unconfirmed);
      r.Finish();
      regime->uveu = std::move(u);
    }
  }
  if (nveu) {
    const std::string kind = "validated end user nveu";
    RecordReader r(nveu, file, kind, d);
    if (r.is_map()) {
      NveuRule n;
      r.Id("id", &n.id, false);
      if (Required(r, kind, "destination_tiers", "a list of group ids")) {
        ReadGroupRefs(r, *regime, "destination_tiers", &n.destination_tiers);
      }
      if (Required(r, kind, "installed_base_limit_tpp", "a number > 0, or {YYYY-MM-DD: number}")) {
        ReadVersionedNumber(r, "installed_base_limit_tpp", kPositive, &n.installed_base_limit_tpp);
      }
      ReadCite(r, &n.cite, &n.unconfirmed);
      r.Finish();
      regime->nveu = std::move(n);
    }
  }
}

}  // namespace stargate::rules::internal

namespace stargate::rules::internal {

void ReadTimeline(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                  Regime* regime) {
  for (const auto& item : list) {
    RecordReader r(item, file, "timeline entry", d);
    if (!r.is_map()) continue;
    TimelineEvent e;
    if (Required(r, "timeline entry", "date", "YYYY-MM-DD")) ReadDate(r, "date", &e.date);
    r.Text("change", &e.change);
    ReadPlaces(r, "countries", &e.countries);
    ReadCite(r, &e.cite, &e.unconfirmed);
    Provenance provenance;
    r.ReadProvenance(&provenance);
    e.sources = provenance.sources;
    r.Finish();
    regime->timeline.push_back(std::move(e));
  }
}

void ReadAffiliatesRule(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                        Regime* regime) {
  RecordReader r(node, file, "affiliates_rule", d);
  if (!r.is_map()) return;
  AffiliatesRule rule;
  YAML::Node windows;
  if (r.Sequence("in_force", &windows)) {
    for (const auto& w : windows) {
      RecordReader wr(w, file, "window of affiliates_rule", d);
      if (!wr.is_map()) continue;
      DatedWindow window;
      if (Required(wr, "window of affiliates_rule", "from", "YYYY-MM-DD")) {
        ReadDate(wr, "from", &window.from);
      }
      ReadOptionalDate(wr, "to", &window.to);
      wr.Finish();
      if (window.to && *window.to < window.from) {
        wr.Report(w["to"], "the window ends before it starts", "to >= from");
        continue;
      }
      rule.in_force.push_back(window);
    }
  }
  ReadCite(r, &rule.cite, &rule.unconfirmed);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  rule.sources = provenance.sources;
  r.Finish();
  regime->affiliates_rule = std::move(rule);
}

void ReadDuties(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                Regime* regime) {
  for (const auto& item : list) {
    RecordReader r(item, file, "duty", d);
    if (!r.is_map()) continue;
    Duty duty;
    r.Id("id", &duty.id);
    r.set_kind(Kind("duty", duty.id));
    r.Text("name", &duty.name);
    r.Number("rate", &duty.rate, kFraction);
    ReadTextList(r, "accelerators", &duty.accelerators);
    if (Required(r, "duty", "from", "YYYY-MM-DD")) ReadDate(r, "from", &duty.from);
    ReadOptionalDate(r, "to", &duty.to);
    ReadTextList(r, "exemptions", &duty.exemptions);
    ReadCite(r, &duty.cite, &duty.unconfirmed);
    Provenance provenance;
    r.ReadProvenance(&provenance);
    duty.sources = provenance.sources;
    r.Finish();
    regime->duties.push_back(std::move(duty));
  }
}

}  // namespace stargate::rules::internal
