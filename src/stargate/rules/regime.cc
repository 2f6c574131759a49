#include "stargate/rules/regime.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stargate {

template <>
const std::vector<EnumSpelling<rules::CapPeriod>>& Spellings() {
  using rules::CapPeriod;
  static const std::vector<EnumSpelling<CapPeriod>> k = {
      {CapPeriod::kCumulative, "cumulative"}, {CapPeriod::kCalendarYear, "calendar_year"}};
  return k;
}

template <>
const std::vector<EnumSpelling<rules::CapKind>>& Spellings() {
  using rules::CapKind;
  static const std::vector<EnumSpelling<CapKind>> k = {
      {CapKind::kCountryCap, "country_cap"},
      {CapKind::kBilateralQuota, "bilateral_quota"},
      {CapKind::kEntityQuota, "entity_quota"}};
  return k;
}

template <>
const std::vector<EnumSpelling<rules::Criterion>>& Spellings() {
  using rules::Criterion;
  static const std::vector<EnumSpelling<Criterion>> k = {
      {Criterion::kG2gAgreement, "g2g_agreement"},
      {Criterion::kSecurityAgreementSigned, "security_agreement_signed"},
      {Criterion::kDatacenterSecurityStandard, "datacenter_security_standard"},
      {Criterion::kExportControlAlignment, "export_control_alignment"},
      {Criterion::kNoDiversionIncidents, "no_diversion_incidents"},
      {Criterion::kPartnerAgreementSigned, "partner_agreement_signed"},
      {Criterion::kMinFreedomScore, "min_freedom_score"},
      {Criterion::kDataProtectionZone, "data_protection_zone"}};
  return k;
}

}  // namespace stargate

namespace stargate::rules {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string Evidence(const Country& c, std::string fact) {
  if (!c.provenance.sources.empty()) {
    absl::StrAppend(&fact, " (source: ", absl::StrJoin(c.provenance.sources, ", "), ")");
  } else if (!c.provenance.assumption.empty()) {
    absl::StrAppend(&fact, " (assumption: ", c.provenance.assumption, ")");
  }
  return fact;
}

const char* Bool(bool b) { return b ? "true" : "false"; }

}  // namespace

bool CountryGroup::Contains(const Country& country, Date date) const {
  if (const auto* listed = countries.At(date); listed && rules::Contains(*listed, country.iso2)) {
    return true;
  }
  bool member = false;
  for (const auto& group : member_of) member = member || country.IsMemberOf(group);
  if (!member) return false;
  for (const auto& group : except_member_of) {
    if (country.IsMemberOf(group)) return false;
  }
  return true;
}

const char* CriterionName(Criterion criterion) { return SpellingOf(criterion); }

const char* CriterionDescription(Criterion criterion) {
  switch (criterion) {
    case Criterion::kG2gAgreement:
      return "government-to-government technology security agreement with the US";
    case Criterion::kSecurityAgreementSigned:
      return "chip and model-weight security agreement signed";
    case Criterion::kDatacenterSecurityStandard:
      return "US data-center security standard adopted";
    case Criterion::kExportControlAlignment:
      return "export controls aligned with the US";
    case Criterion::kNoDiversionIncidents:
      return "no recorded diversion of controlled chips";
    case Criterion::kPartnerAgreementSigned:
      return "partner agreement signed (partner status signed or operating)";
    case Criterion::kMinFreedomScore:
      return "Freedom House score at least the minimum";
    case Criterion::kDataProtectionZone:
      return "data protection in an accepted zone";
  }
  return "?";
}

std::string CriterionDescription(Criterion criterion, const CriterionParameters& parameters) {
  switch (criterion) {
    case Criterion::kMinFreedomScore:
      return absl::StrCat("Freedom House score at least ", parameters.min_freedom_score,
                          parameters.min_freedom_score >= kFreedomHouseFreeMinScore
                              ? " of 100 (rated Free)"
                              : " of 100");
    case Criterion::kDataProtectionZone:
      return absl::StrCat("data protected under the law of an accepted zone (",
                          absl::StrJoin(parameters.data_protection_zones, ", "), ")");
    default:
      return CriterionDescription(criterion);
  }
}

bool CriterionTakesValue(Criterion criterion) {
  return criterion == Criterion::kMinFreedomScore || criterion == Criterion::kDataProtectionZone;
}

std::vector<std::string> CriterionNames() { return EnumNames<Criterion>(); }

std::optional<Criterion> ParseCriterion(std::string_view name) {
  return ParseEnum<Criterion>(name);
}

bool CriterionMet(Criterion criterion, const Country& c, Date date,
                  const CriterionParameters& parameters) {
  const ComplianceProfile& p = c.compliance;
  switch (criterion) {
    case Criterion::kG2gAgreement:
      return p.Holds("g2g_agreement", p.g2g_agreement, date);
    case Criterion::kSecurityAgreementSigned:
      return p.Holds("security_agreement_signed", p.security_agreement_signed, date);
    case Criterion::kDatacenterSecurityStandard:
      return p.Holds("datacenter_security_standard", p.datacenter_security_standard, date);
    case Criterion::kExportControlAlignment:
      return p.Holds("export_control_alignment", p.export_control_alignment, date);
    case Criterion::kNoDiversionIncidents:
      return p.diversion_incidents == 0;
    case Criterion::kPartnerAgreementSigned:
      return c.partner_status == PartnerStatus::kSigned ||
             c.partner_status == PartnerStatus::kOperating;
    case Criterion::kMinFreedomScore:
      return c.freedom_score >= parameters.min_freedom_score;
    case Criterion::kDataProtectionZone:
      return Contains(parameters.data_protection_zones, c.data_protection_zone);
  }
  return false;
}

CriterionResult EvaluateCriterion(Criterion criterion, const Country& c, Date date,
                                  const CriterionParameters& parameters) {
  const ComplianceProfile& p = c.compliance;
  CriterionResult r{criterion, false, "", CriterionDescription(criterion, parameters)};
  auto flag = [&](const char* field, bool value) {
    r.met = p.Holds(field, value, date);
    std::string fact = absl::StrCat(c.iso2, " compliance.", field, " = ", Bool(value));
    if (auto since = p.since.find(field); value && since != p.since.end()) {
      absl::StrAppend(&fact, " from ", since->second.ToString(),
                      r.met ? "" : absl::StrCat(" (not yet on ", date.ToString(), ")"));
    }
    r.evidence = Evidence(c, std::move(fact));
  };
  switch (criterion) {
    case Criterion::kG2gAgreement:
      flag("g2g_agreement", p.g2g_agreement);
      break;
    case Criterion::kSecurityAgreementSigned:
      flag("security_agreement_signed", p.security_agreement_signed);
      break;
    case Criterion::kDatacenterSecurityStandard:
      flag("datacenter_security_standard", p.datacenter_security_standard);
      break;
    case Criterion::kExportControlAlignment:
      flag("export_control_alignment", p.export_control_alignment);
      break;
    case Criterion::kNoDiversionIncidents:
      r.met = p.diversion_incidents == 0;
      r.evidence = Evidence(
          c, absl::StrCat(c.iso2, " compliance.diversion_incidents = ", p.diversion_incidents));
      break;
    case Criterion::kPartnerAgreementSigned: {
      const bool signed_up = c.partner_status == PartnerStatus::kSigned ||
                             c.partner_status == PartnerStatus::kOperating;
      r.met = signed_up;
      r.evidence =
          Evidence(c, absl::StrCat(c.iso2, " partner_status = ", EnumName(c.partner_status)));
      break;
    }
    case Criterion::kMinFreedomScore:
      r.met = CriterionMet(criterion, c, date, parameters);
      r.evidence = Evidence(c, absl::StrCat(c.iso2, " freedom_score = ", c.freedom_score,
                                            " (minimum ", parameters.min_freedom_score, ")"));
      break;
    case Criterion::kDataProtectionZone:
      r.met = CriterionMet(criterion, c, date, parameters);
      r.evidence = Evidence(
          c,
          absl::StrCat(c.iso2, " data_protection_zone = ", c.data_protection_zone,
                       " (accepted: ", absl::StrJoin(parameters.data_protection_zones, ", "), ")"));
      break;
  }
  return r;
}

bool TierUpgrade::MetBy(const Country& country, Date date) const {
  for (Criterion c : criteria) {
    if (!CriterionMet(c, country, date, parameters)) return false;
  }
  return true;
}

int Regime::GroupIndex(std::string_view group_id) const {
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].id == group_id) return static_cast<int>(i);
  }
  return -1;
}

const CountryGroup* Regime::FindGroup(std::string_view group_id) const {
  const int i = GroupIndex(group_id);
  return i < 0 ? nullptr : &groups[i];
}

int Regime::DefaultGroupIndex() const {
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].is_default) return static_cast<int>(i);
  }
  return -1;
}

const CapRule* Regime::FindCap(std::string_view cap_id) const {
  for (const auto& cap : caps) {
    if (cap.id == cap_id) return &cap;
  }
  return nullptr;
}

bool Regime::InForceOn(Date date) const {
  if (!by_date || !effective_from) return false;
  if (date < *effective_from) return false;
  return !effective_to || date <= *effective_to;
}

std::string Regime::EffectiveRange() const {
  if (!effective_from) return "not in force by date (named only)";
  return absl::StrCat(effective_from->ToString(), " .. ",
                      effective_to ? effective_to->ToString() : std::string("(open)"));
}

RegimeCatalog::RegimeCatalog(std::vector<Regime> regimes) : regimes_(std::move(regimes)) {
  std::stable_sort(regimes_.begin(), regimes_.end(), [](const Regime& a, const Regime& b) {
    const bool da = a.by_date && a.effective_from, db = b.by_date && b.effective_from;
    if (da != db) return da;
    if (da) return *a.effective_from < *b.effective_from;
    return a.id < b.id;
  });
}

const Regime* RegimeCatalog::Find(std::string_view id) const {
  for (const auto& r : regimes_) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const Regime* RegimeCatalog::InForceOn(Date date) const {
  for (const auto& r : regimes_) {
    if (r.InForceOn(date)) return &r;
  }
  return nullptr;
}

std::vector<std::string> RegimeCatalog::ids() const {
  std::vector<std::string> out;
  for (const auto& r : regimes_) out.push_back(r.id);
  return out;
}

std::optional<Date> RegimeCatalog::EarliestDate() const {
  std::optional<Date> earliest;
  for (const auto& r : regimes_) {
    if (r.by_date && r.effective_from && (!earliest || *r.effective_from < *earliest)) {
      earliest = r.effective_from;
    }
  }
  return earliest;
}

}  // namespace stargate::rules
