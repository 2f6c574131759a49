// Regime file sections that decide: license-requirement rows, caps, bilateral
// agreements (compiled into caps) and tier upgrades.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "stargate/core/text.h"
#include "stargate/rules/cap_usage.h"
#include "stargate/rules/internal/regime_yaml.h"

namespace stargate::rules::internal {
namespace {

constexpr const char* kDateExpected = "a date such as 2025-01-13";

std::string Kind(const std::string& what, const std::string& id) {
  return id.empty() ? what : absl::StrCat(what, " '", id, "'");
}

std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool ReadOutcome(RecordReader& r, const std::string& kind, Outcome* out) {
  if (!Required(r, kind, "outcome", OneOf(OutcomeNames()))) return false;
  std::string text;
  if (!r.Text("outcome", &text)) return false;
  if (auto o = ParseOutcome(text)) {
    *out = *o;
    return true;
  }
  std::string what = absl::StrCat("outcome '", text, "' is not known");
  if (auto near = ClosestMatch(text, OutcomeNames()))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  r.Report(r.Child("outcome"), what, OneOf(OutcomeNames()));
  return false;
}

// on_exceed: prohibited, or a license with a review policy.
void ReadOnExceed(RecordReader& r, CapRule* cap) {
  YAML::Node node = r.Child("on_exceed");
  if (!node) return;
  const std::vector<std::string> choices = {"prohibited", "presumption_of_denial", "case_by_case"};
  std::string text;
  if (!r.ScalarText(node, "on_exceed", &text)) return;
  if (text == "prohibited") {
    cap->on_exceed = Outcome::kProhibited;
  } else if (text == "presumption_of_denial" || text == "case_by_case") {
    cap->on_exceed = Outcome::kLicenseRequired;
    cap->on_exceed_review = *ParseReviewPolicy(text);
  } else {
    std::string what = absl::StrCat("on_exceed '", text, "' is not known");
    if (auto near = ClosestMatch(text, choices))
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    r.Report(node, what, OneOf(choices));
  }
}

bool ReadPeriod(RecordReader& r, CapPeriod* out) {
  YAML::Node node = r.Child("period");
  if (!node) return true;
  std::string text;
  if (!r.ScalarText(node, "period", &text)) return false;
  if (auto period = ParseEnum<CapPeriod>(text)) {
    *out = *period;
    return true;
  }
  r.Report(node, absl::StrCat("period '", text, "' is not known"), OneOf(EnumNames<CapPeriod>()));
  return false;
}

void CheckDateOrder(RecordReader& r, const YAML::Node& node, const std::string& kind, Date from,
                    Date to) {
  if (to < from) {
    r.Report(
        node["to"],
        absl::StrCat(kind, " ends (", to.ToString(), ") before it starts (", from.ToString(), ")"),
        "to >= from");
  }
}

std::vector<std::string> CapIds(const Regime& regime) {
  std::vector<std::string> ids;
  for (const auto& c : regime.caps) ids.push_back(c.id);
  return ids;
}

}  // namespace

void ReadLicenseRows(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                     Regime* regime) {
  std::vector<std::string> exceptions;
  if (regime->lpp) exceptions.push_back(regime->lpp->id);
  if (regime->uveu) exceptions.push_back(regime->uveu->id);
  if (regime->nveu) exceptions.push_back(regime->nveu->id);
  for (const auto& item : list) {
    RecordReader r(item, file, "license requirement", d);
    if (!r.is_map()) continue;
    LicenseRow row;
    row.location = r.location();
    r.Id("id", &row.id);
    const std::string kind = Kind("license requirement", row.id);
    r.set_kind(kind);
    ReadEccns(r, "classifications", &row.classifications);
    ReadTextList(r, "accelerators", &row.accelerators);
    ReadTextList(r, "conditions", &row.conditions);
    ReadGroupRefs(r, *regime, "tiers", &row.tiers);
    ReadPlaces(r, "destinations", &row.destinations);
    ReadGroupRefs(r, *regime, "hq_tiers", &row.hq_tiers);
    ReadOptionalDate(r, "from", &row.from);
    ReadOptionalDate(r, "to", &row.to);
    double value = 0;
    if (r.Number("tpp_below", &value, kPositive, false)) row.tpp_below = value;
    if (r.Number("memory_bandwidth_below_gbps", &value, kPositive, false)) {
      row.memory_bandwidth_below_gbps = value;
    }
    const bool has_outcome = ReadOutcome(r, kind, &row.outcome);
    r.Text("exception", &row.exception, false);
    ReadReviewPolicy(r, "review_policy", &row.review_policy);
    YAML::Node tries = r.Child("try");
    r.Text("description", &row.description, false);
    ReadCite(r, &row.cite, &row.unconfirmed);
    if (has_outcome && row.outcome == Outcome::kLicenseException && row.exception.empty()) {
      r.Report(item, absl::StrCat(kind, " grants a license exception but names none"),
               "exception: AIA (or another exception's name)");
    }
    if (has_outcome && row.outcome != Outcome::kLicenseException && !row.exception.empty()) {
      r.Report(
          item["exception"],
          absl::StrCat(kind, " names an exception but its outcome is ", OutcomeName(row.outcome)),
          "outcome: license_exception, or no exception");
    }
    if (has_outcome && row.outcome == Outcome::kLicenseRequired && !row.review_policy &&
        !item["review_policy"].IsDefined()) {
      r.Report(item, absl::StrCat(kind, " requires a license but gives no review_policy"),
               OneOf(ReviewPolicyNames()));
    }
    if (has_outcome && row.outcome != Outcome::kLicenseRequired && row.review_policy) {
      r.Report(item["review_policy"],
               absl::StrCat(kind, " gives a review_policy but its outcome is ",
                            OutcomeName(row.outcome)),
               "outcome: license_required, or no review_policy");
    }
    if (tries) {
      if (!tries.IsSequence()) {
        r.Report(tries, "try is not a list", "a list of exception names such as [UVEU, LPP]");
      } else if (has_outcome && row.outcome != Outcome::kLicenseRequired) {
        r.Report(tries,
                 absl::StrCat(kind, " lists exceptions to try but does not require a license"),
                 "outcome: license_required with try");
      } else {
        for (const auto& t : tries) {
          std::string name;
          if (!r.ScalarText(t, "an entry of try", &name)) continue;
          if (std::find(exceptions.begin(), exceptions.end(), name) == exceptions.end()) {
            std::string what =
                absl::StrCat("exception '", name, "' in try is not defined in this regime");
            if (auto near = ClosestMatch(name, exceptions))
              absl::StrAppend(&what, " (did you mean '", *near, "'?)");
            r.Report(t, what,
                     exceptions.empty() ? "an exception defined under license_exceptions or "
                                          "validated_end_users"
                                        : OneOf(exceptions));
            continue;
          }
          row.try_first.push_back(name);
        }
      }
    }
    r.Finish();
    if (row.id.empty()) continue;
    for (const auto& other : regime->license_rows) {
      if (other.id == row.id) {
        r.Report(item["id"], absl::StrCat("license requirement id '", row.id, "' is given twice"),
                 "unique row ids");
      }
    }
    regime->license_rows.push_back(std::move(row));
  }
}

void ReadCaps(const YAML::Node& list, const std::string& file, DiagnosticList* d, Regime* regime) {
  for (const auto& item : list) {
    RecordReader r(item, file, "cap", d);
    if (!r.is_map()) continue;
    CapRule cap;
    cap.kind = CapKind::kCountryCap;
    cap.location = r.location();
    r.Id("id", &cap.id);
    const std::string kind = Kind("cap", cap.id);
    r.set_kind(kind);
    r.Text("description", &cap.description);
    r.Text("counts_as", &cap.counts_as, false);
    ReadGroupRefs(r, *regime, "tiers", &cap.tiers);
    YAML::Node countries = r.Child("countries");
    if (countries) {
      if (!countries.IsSequence()) {
        r.Report(countries, "countries is not a list", "a list of ISO 3166 alpha-2 codes");
      } else {
        for (const auto& c : countries) {
          std::string code;
          if (r.ScalarCountryCode(c, "an entry of countries", &code)) cap.countries.push_back(code);
        }
      }
    }
    std::vector<std::string> consignees;
    ReadTextList(r, "consignees", &consignees);
    for (const auto& name : consignees) cap.consignee_keys.push_back(NormalizeConsignee(name));
    if (!consignees.empty()) {
      cap.consignee = consignees.front();
      cap.kind = CapKind::kEntityQuota;
    }
    ReadEccns(r, "classifications", &cap.classifications);
    if (Required(r, kind, "from", kDateExpected)) ReadDate(r, "from", &cap.from);
    if (Required(r, kind, "to", kDateExpected)) ReadDate(r, "to", &cap.to);
    ReadPeriod(r, &cap.period);
    YAML::Node share_of = r.Child("share_of");
    if (share_of) {
      std::string parent;
      if (r.ScalarText(share_of, "share_of", &parent)) {
        if (regime->FindCap(parent)) {
          cap.share_of = parent;
        } else {
          std::string what = absl::StrCat("share_of '", parent, "' is not a cap defined above");
          if (auto near = ClosestMatch(parent, CapIds(*regime)))
            absl::StrAppend(&what, " (did you mean '", *near, "'?)");
          r.Report(share_of, what, "the id of a cap listed before this one");
        }
      }
      r.Number("share", &cap.share, kFraction);
    } else {
      r.Number("limit_tpp", &cap.limit_tpp, kNonNegative);
    }
    ReadOnExceed(r, &cap);
    ReadReviewPolicy(r, "review_within", &cap.review_within);
    ReadCite(r, &cap.cite, &cap.unconfirmed);
    r.Finish();
    if (cap.tiers.empty() && cap.countries.empty()) {
      r.Report(item, absl::StrCat(kind, " applies nowhere"), "tiers or countries");
    }
    CheckDateOrder(r, item, kind, cap.from, cap.to);
    if (cap.id.empty()) continue;
    if (regime->FindCap(cap.id)) {
      r.Report(item["id"], absl::StrCat("cap id '", cap.id, "' is given twice"), "unique cap ids");
      continue;
    }
    regime->caps.push_back(std::move(cap));
  }
}

void ReadAgreements(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                    Regime* regime) {
  for (const auto& item : list) {
    RecordReader r(item, file, "bilateral agreement", d);
    if (!r.is_map()) continue;
    BilateralAgreement a;
    r.Id("id", &a.id);
    const std::string kind = Kind("bilateral agreement", a.id);
    r.set_kind(kind);
    r.Text("name", &a.name);
    r.CountryCode("country", &a.country);
    if (Required(r, kind, "from", kDateExpected)) ReadDate(r, "from", &a.from);
    if (Required(r, kind, "to", kDateExpected)) ReadDate(r, "to", &a.to);
    std::vector<Eccn> classifications;
    ReadEccns(r, "classifications", &classifications);
    double quota = 0;
    if (r.Number("annual_quota_tpp", &quota, kPositive, false)) a.annual_quota_tpp = quota;
    CapRule base;
    ReadOnExceed(r, &base);
    ReadReviewPolicy(r, "review_within", &base.review_within);
    ReadCite(r, &a.cite, &a.unconfirmed);
    Provenance provenance;
    r.ReadProvenance(&provenance);
    YAML::Node entities;
    r.Sequence("entities", &entities, false);
    r.Finish();
    CheckDateOrder(r, item, kind, a.from, a.to);
    if (a.id.empty() || a.country.empty()) continue;

    base.countries = {a.country};
    base.classifications = classifications;
    base.from = a.from;
    base.to = a.to;
    base.agreement = a.id;
    base.cite = a.cite;
    base.unconfirmed = a.unconfirmed;
    base.location = r.location();
    if (a.annual_quota_tpp) {
      CapRule quota_cap = base;
      quota_cap.id = a.id + "-quota";
      quota_cap.kind = CapKind::kBilateralQuota;
      quota_cap.description = absl::StrCat(a.name, ": annual quota for ", a.country);
      quota_cap.period = CapPeriod::kCalendarYear;
      quota_cap.limit_tpp = *a.annual_quota_tpp;
      regime->caps.push_back(std::move(quota_cap));
    }
    if (entities) {
      for (const auto& e : entities) {
        RecordReader er(e, file, absl::StrCat("entity of ", kind), d);
        if (!er.is_map()) continue;
        AgreementEntity entity;
        er.Text("name", &entity.name);
        ReadTextList(er, "aliases", &entity.aliases);
        double value = 0;
        if (er.Number("share", &value, kFraction, false)) entity.share = value;
        if (er.Number("limit_tpp", &value, kPositive, false)) entity.limit_tpp = value;
        entity.period = entity.share ? CapPeriod::kCalendarYear : CapPeriod::kCumulative;
        ReadPeriod(er, &entity.period);
        er.Finish();
        if (entity.name.empty()) continue;
        if (entity.share.has_value() == entity.limit_tpp.has_value()) {
          er.Report(e,
                    absl::StrCat("entity '", entity.name, "' of ", kind,
                                 " needs exactly one of share and limit_tpp"),
                    "share: fraction of the annual quota, or limit_tpp: N");
          continue;
        }
        if (entity.share && !a.annual_quota_tpp) {
          er.Report(e,
                    absl::StrCat("entity '", entity.name, "' has a share but ", kind,
                                 " has no annual_quota_tpp"),
                    "annual_quota_tpp on the agreement, or limit_tpp on the entity");
          continue;
        }
        CapRule cap = base;
        cap.id = absl::StrCat(a.id, "-", Slug(entity.name));
        cap.kind = CapKind::kEntityQuota;
        cap.consignee = entity.name;
        cap.consignee_keys = {NormalizeConsignee(entity.name)};
        for (const auto& alias : entity.aliases)
          cap.consignee_keys.push_back(NormalizeConsignee(alias));
        cap.period = entity.period;
        if (entity.share) {
          cap.share_of = a.id + "-quota";
          cap.share = *entity.share;
          cap.description = absl::StrCat(a.name, ": ", entity.name, "'s share (",
                                         *entity.share * 100, "%) of the ", a.country, " quota");
        } else {
          cap.limit_tpp = *entity.limit_tpp;
          cap.description =
              absl::StrCat(a.name, ": authorization for ", entity.name, " in ", a.country);
        }
        a.entities.push_back(entity);
        regime->caps.push_back(std::move(cap));
      }
    }
    regime->agreements.push_back(std::move(a));
  }
}

// {min_freedom_score: 70} or {data_protection_zone: [EU, UK]}: a criterion
// with its value, one per map.
void ReadValuedCriterion(RecordReader& r, const YAML::Node& item, TierUpgrade* up) {
  const char* expected =
      "{min_freedom_score: N} with N in 0..100, or {data_protection_zone: [ZONE, ...]}";
  if (item.size() != 1) {
    r.Report(item, "a criterion with a value must be a map of one key", expected);
    return;
  }
  const auto entry = item.begin();
  std::string name;
  if (!r.ScalarText(entry->first, "a criterion", &name)) return;
  const YAML::Node value = entry->second;
  if (name == "min_freedom_score") {
    std::string text;
    char* end = nullptr;
    double score = -1;
    if (r.ScalarText(value, "min_freedom_score", &text)) score = std::strtod(text.c_str(), &end);
    if (!end || end == text.c_str() || *end != '\0' || !(score >= 0 && score <= 100)) {
      r.Report(value, absl::StrCat("min_freedom_score '", text, "' is not a score in 0..100"),
               "a Freedom House score from 0 to 100, e.g. 70");
      return;
    }
    up->parameters.min_freedom_score = score;
    up->criteria.push_back(Criterion::kMinFreedomScore);
  } else if (name == "data_protection_zone") {
    std::vector<std::string> zones;
    if (value.IsSequence()) {
      for (const auto& z : value) {
        std::string zone;
        if (r.ScalarText(z, "a data-protection zone", &zone) && !zone.empty())
          zones.push_back(zone);
      }
    }
    if (zones.empty()) {
      r.Report(value, "data_protection_zone names no zone",
               "a list of zones as countries.yaml writes them, e.g. [EU, UK]");
      return;
    }
    up->parameters.data_protection_zones = std::move(zones);
    up->criteria.push_back(Criterion::kDataProtectionZone);
  } else if (ParseCriterion(name)) {
    r.Report(entry->first, absl::StrCat("criterion '", name, "' takes no value"), expected);
  } else {
    r.Report(entry->first, absl::StrCat("criterion '", name, "' is not known"),
             OneOf(CriterionNames()));
  }
}

void ReadUpgrades(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                  Regime* regime) {
  for (const auto& item : list) {
    RecordReader r(item, file, "tier upgrade", d);
    if (!r.is_map()) continue;
    TierUpgrade up;
    r.Id("id", &up.id);
    const std::string kind = Kind("tier upgrade", up.id);
    r.set_kind(kind);
    r.Text("name", &up.name);
    if (Required(r, kind, "from_tiers", "a list of group ids")) {
      ReadGroupRefs(r, *regime, "from_tiers", &up.from_tiers);
    }
    YAML::Node criteria;
    if (r.Sequence("criteria", &criteria)) {
      for (const auto& c : criteria) {
        if (c.IsMap()) {
          ReadValuedCriterion(r, c, &up);
          continue;
        }
        std::string name;
        if (!r.ScalarText(c, "a criterion", &name)) continue;
        if (auto criterion = ParseCriterion(name)) {
          if (CriterionTakesValue(*criterion)) {
            r.Report(c, absl::StrCat("criterion '", name, "' needs a value"),
                     name == "min_freedom_score" ? "{min_freedom_score: 70}"
                                                 : "{data_protection_zone: [EU, UK]}");
            continue;
          }
          up.criteria.push_back(*criterion);
          continue;
        }
        std::string what = absl::StrCat("criterion '", name, "' is not known");
        if (auto near = ClosestMatch(name, CriterionNames()))
          absl::StrAppend(&what, " (did you mean '", *near, "'?)");
        r.Report(c, what, OneOf(CriterionNames()));
      }
    }
    ReadGroupRef(r, *regime, "unlocks_tier", &up.unlock_tier);
    YAML::Node cap = r.Child("unlocks_cap");
    if (cap) {
      std::string id;
      if (r.ScalarText(cap, "unlocks_cap", &id)) {
        if (regime->FindCap(id)) {
          up.unlock_cap = id;
        } else {
          std::string what = absl::StrCat("unlocks_cap '", id, "' is not a cap of this regime");
          if (auto near = ClosestMatch(id, CapIds(*regime)))
            absl::StrAppend(&what, " (did you mean '", *near, "'?)");
          r.Report(cap, what, "the id of a cap under caps");
        }
      }
      r.Number("factor", &up.factor, kPositive);
    }
    ReadCite(r, &up.cite, &up.unconfirmed);
    r.Finish();
    const bool tier = item["unlocks_tier"].IsDefined(), capped = cap.IsDefined();
    if (tier == capped) {
      r.Report(item, absl::StrCat(kind, " must unlock exactly one thing"),
               "unlocks_tier: GROUP, or unlocks_cap: CAP with factor: N");
    }
    if (up.criteria.empty() && criteria.IsSequence()) {
      r.Report(criteria, absl::StrCat(kind, " has no criteria"), "at least one criterion");
    }
    if (!up.id.empty()) regime->upgrades.push_back(std::move(up));
  }
}

}  // namespace stargate::rules::internal
