// A regime: export-control rules as data. Each regime file (data/regimes/)
// gives parameters, versioned by date, to a fixed set of rule kinds written
// in C++: classification, country groups (tiers), license requirements,
// license exceptions, validated end users, caps, bilateral agreements and tier
// upgrades. Every rule carries its citation.
#ifndef STARGATE_RULES_REGIME_H_
#define STARGATE_RULES_REGIME_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/core/date.h"
#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"
#include "stargate/rules/decision.h"
#include "stargate/rules/eccn.h"
#include "stargate/rules/versioned.h"

namespace stargate::rules {

// A country group ("tier"). A country belongs to the first group, in file
// order, that lists it or one of its memberships; otherwise to the default.
struct CountryGroup {
  std::string id;    // "tier1"
  std::string name;  // "Tier 1"
  std::string description;
  Versioned<std::vector<std::string>> countries;  // ISO codes listed explicitly
  std::vector<std::string> member_of;             // memberships that put a country here (D:5)
  std::vector<std::string> except_member_of;      // ... unless it also has one of these
  bool is_default = false;
  // Entities headquartered here are treated as if the shipment went here
  // (15 CFR 742.6(a)(6)(iii)(A), formerly 744.23(a)(3)).
  bool headquarters_rule = false;
  std::string cite;
  std::string unconfirmed;
  TextLocation location;

  // Membership by list or group (not by default, not by upgrade).
  bool Contains(const Country& country, Date date) const;
};

// One row of the license-requirement table. Rows are tried in file order; the
// first whose conditions all hold decides (narrow rows come before broad ones,
// like Catala's exceptions before the base rule).
struct LicenseRow {
  std::string id;
  std::vector<Eccn> classifications;  // empty: any controlled class
  // Named products (catalogue ids): the row applies to these chips only,
  // whatever their class (an is-informed letter names products, not a TPP
  // test), and is tried before the classification decides anything.
  std::vector<std::string> accelerators;
  std::vector<std::string> tiers;                     // effective group ids; empty: any
  std::vector<std::string> destinations;              // ISO codes or memberships; empty: any
  std::vector<std::string> hq_tiers;                  // group of the consignee's HQ; empty: any
  std::optional<Date> from;                           // shipment dated on or after
  std::optional<Date> to;                             // ... and on or before
  std::optional<double> tpp_below;                    // per-chip TPP strictly below
  std::optional<double> memory_bandwidth_below_gbps;  // known and strictly below
  Outcome outcome = Outcome::kLicenseRequired;
  std::string exception;                      // for license_exception: "AIA", "NAC", ...
  std::optional<ReviewPolicy> review_policy;  // for license_required
  std::vector<std::string> try_first;         // "UVEU", "NVEU", "LPP", tried in order
  std::vector<std::string> conditions;        // a license's conditions, shown in the decision
  std::string description;
  std::string cite;
  std::string unconfirmed;
  TextLocation location;
};

// License Exception LPP (15 CFR 740.29): TPP per ultimate consignee per
// calendar year, not counted against country caps.
struct LppRule {
  std::string id = "LPP";
  Versioned<double> tpp_per_consignee_per_year;
  std::vector<std::string> not_for_hq_tiers;  // not for consignees headquartered there
  std::string cite;
  std::string unconfirmed;
};

// Universal validated end user: headquartered in Tier 1, deploys across Tier 2
// under share limits on its total compute.
struct UveuRule {
  std::string id = "UVEU";
  std::vector<std::string> hq_tiers;
  std::vector<std::string> destination_tiers;
  std::string tier1_group;  // group whose share must stay >= min_tier1_share
  std::string tier2_group;  // groups whose single-country share must stay <= max
  double min_tier1_share = 0;
  double max_single_tier2_share = 1;
  double min_us_share_for_us_hq = 0;
  std::string cite;
  std::string unconfirmed;
};

// National validated end user: an authorization per country, with an
// installed-base limit that grows by date.
struct NveuRule {
  std::string id = "NVEU";
  std::vector<std::string> destination_tiers;
  Versioned<double> installed_base_limit_tpp;  // cumulative TPP per (consignee, country)
  std::string cite;
  std::string unconfirmed;
};

enum class CapPeriod { kCumulative, kCalendarYear };

}  // namespace stargate::rules

namespace stargate {
// "cumulative", "calendar_year" (regime.cc).
template <>
const std::vector<EnumSpelling<rules::CapPeriod>>& Spellings();
}  // namespace stargate

namespace stargate::rules {

// Where a cap comes from: a regime's country cap, a bilateral agreement's
// annual quota, or a named entity's share or limit within one. Spelled
// "country_cap", "bilateral_quota", "entity_quota" (Spellings<CapKind>).
enum class CapKind { kCountryCap, kBilateralQuota, kEntityQuota };

// A cumulative limit on licensed TPP: per country (in the listed tiers or
// countries), optionally per consignee, over a window that is either one
// stretch of dates or each calendar year within it.
struct CapRule {
  std::string id;
  CapKind kind = CapKind::kCountryCap;
  std::string description;
  std::vector<std::string> tiers;
  std::vector<std::string> countries;
  std::string consignee;                    // display name; empty: every consignee
  std::vector<std::string> consignee_keys;  // normalized names that match
  std::vector<Eccn> classifications;
  Date from;
  Date to;
  CapPeriod period = CapPeriod::kCumulative;
  double limit_tpp = 0;  // per window, before upgrades
  std::string share_of;  // entity quota: a share of another cap's limit
  double share = 0;
  // What a shipment that would go over the cap gets.
  Outcome on_exceed = Outcome::kProhibited;
  std::optional<ReviewPolicy> on_exceed_review;  // when on_exceed is license_required
  std::optional<ReviewPolicy> review_within;     // overrides the row's policy within the cap
  std::string agreement;                         // bilateral agreement id, if it comes from one
  // "<regime>/<cap>" of the cap this one continues (same limit, same window):
  // both count against one instance, so a regime change does not reset it.
  std::string counts_as;
  std::string cite;
  std::string unconfirmed;
  TextLocation location;
};

struct AgreementEntity {
  std::string name;
  std::vector<std::string> aliases;
  std::optional<double> share;      // of the annual quota
  std::optional<double> limit_tpp;  // or a limit of its own
  CapPeriod period = CapPeriod::kCalendarYear;
};

// A government-to-government deal: an annual country quota and named-entity
// shares. Compiled into CapRules; kept for `regime show`.
struct BilateralAgreement {
  std::string id;
  std::string name;
  std::string country;
  Date from;
  Date to;
  std::optional<double> annual_quota_tpp;
  std::vector<AgreementEntity> entities;
  std::string cite;
  std::string unconfirmed;
};

// What tier upgrades and cap multipliers look at in a country's profile.
enum class Criterion {
  kG2gAgreement,
  kSecurityAgreementSigned,
  kDatacenterSecurityStandard,
  kExportControlAlignment,
  kNoDiversionIncidents,
  kPartnerAgreementSigned,
  // The program's values (docs/regimes.md): a Freedom House score at least
  // the upgrade's min_freedom_score; a data-protection zone among the
  // upgrade's data_protection_zones. Written `{min_freedom_score: 70}` and
  // `{data_protection_zone: [EU, UK]}` in a regime's criteria.
  kMinFreedomScore,
  kDataProtectionZone,
};
// The values the parameterised criteria compare with.
struct CriterionParameters {
  double min_freedom_score = 0;
  std::vector<std::string> data_protection_zones;
};
}  // namespace stargate::rules

namespace stargate {
// "country_cap", ...; "g2g_agreement", ... (regime.cc).
template <>
const std::vector<EnumSpelling<rules::CapKind>>& Spellings();
template <>
const std::vector<EnumSpelling<rules::Criterion>>& Spellings();
}  // namespace stargate

namespace stargate::rules {

// Forms of the one table (Spellings<Criterion>) for the module's callers.
const char* CriterionName(Criterion criterion);
const char* CriterionDescription(Criterion criterion);
// With the parameters: "Freedom House score at least 70 (rated Free)".
std::string CriterionDescription(Criterion criterion, const CriterionParameters& parameters);
std::optional<Criterion> ParseCriterion(std::string_view name);
std::vector<std::string> CriterionNames();
// Whether the criterion is written with a value ({name: value}).
bool CriterionTakesValue(Criterion criterion);

struct CriterionResult {
  Criterion criterion;
  bool met = false;
  std::string evidence;     // "compliance.g2g_agreement = true (source: ...)"
  std::string description;  // CriterionDescription with the upgrade's parameters
};
// On `date`: a compliance flag given with a date holds only from that date.
bool CriterionMet(Criterion criterion, const Country& country, Date date,
                  const CriterionParameters& parameters = {});
CriterionResult EvaluateCriterion(Criterion criterion, const Country& country, Date date,
                                  const CriterionParameters& parameters = {});

// A path up: a country in one of `from_tiers` meeting every criterion moves to
// `unlock_tier`, or has cap `unlock_cap` multiplied by `factor`.
struct TierUpgrade {
  std::string id;
  std::string name;
  std::vector<std::string> from_tiers;
  std::vector<Criterion> criteria;
  CriterionParameters parameters;
  std::string unlock_tier;
  std::string unlock_cap;
  double factor = 1;
  std::string cite;
  std::string unconfirmed;

  bool MetBy(const Country& country, Date date) const;
};

// A dated change in the law, for `stargate regime timeline`: what changed on
// which day, with its citation. Regimes list the changes they encode.
struct TimelineEvent {
  Date date;
  std::string change;
  std::string cite;
  std::vector<std::string> sources;    // URLs or keys of docs/sources.md
  std::vector<std::string> countries;  // ISO codes the change is about; empty: every country
  std::string unconfirmed;
};

// A stretch of days: from `from` through `to` (open-ended without `to`).
struct DatedWindow {
  Date from;
  std::optional<Date> to;
  bool Contains(Date date) const { return !(date < from) && !(to && *to < date); }
};

// The BIS affiliates rule (90 FR 47201): a listed party's treatment reaches
// entities it owns 50% or more of, in the windows in which it is in force.
struct AffiliatesRule {
  std::vector<DatedWindow> in_force;
  std::string cite;
  std::vector<std::string> sources;
  std::string unconfirmed;
};

// An import duty on named chips (e.g. Section 232, Proclamation 11002): a
// cost, not a license requirement. Finance and planning apply it.
struct Duty {
  std::string id;
  std::string name;
  double rate = 0;                        // of the customs value, 0.25 = 25%
  std::vector<std::string> accelerators;  // catalogue ids the duty names
  Date from;
  std::optional<Date> to;
  std::vector<std::string> exemptions;  // plain words, each as the proclamation gives it
  std::string cite;
  std::vector<std::string> sources;
  std::string unconfirmed;
};

struct Regime {
  std::string id;
  std::string name;
  std::string summary;
  std::string cite;
  std::vector<std::string> sources;
  std::vector<std::string> notes;
  std::optional<Date> effective_from;  // first day in force
  std::optional<Date> effective_to;    // last day in force; none: open-ended
  // The day compliance was required (a rule may take effect before it is
  // enforced; the AI diffusion framework never reached its compliance date).
  std::optional<Date> compliance_date;
  bool by_date = true;  // chosen by date (false: only by name, e.g. illustrative)
  bool illustrative = false;
  Date reference_date;              // the date `tier`/`diff` use when none is given
  std::string home_country = "US";  // shipments there are not exports
  ClassificationRule classification;
  std::vector<CountryGroup> groups;
  std::vector<LicenseRow> license_rows;
  std::optional<LppRule> lpp;
  std::optional<UveuRule> uveu;
  std::optional<NveuRule> nveu;
  std::vector<BilateralAgreement> agreements;
  std::vector<CapRule> caps;
  std::vector<TierUpgrade> upgrades;
  std::vector<TimelineEvent> timeline;
  std::optional<AffiliatesRule> affiliates_rule;
  std::vector<Duty> duties;
  std::string file;

  int GroupIndex(std::string_view id) const;  // -1 when absent
  const CountryGroup* FindGroup(std::string_view id) const;
  int DefaultGroupIndex() const;
  const CapRule* FindCap(std::string_view id) const;
  bool InForceOn(Date date) const;
  std::string EffectiveRange() const;  // "2025-01-13 .. 2025-05-12"
};

class RegimeCatalog {
 public:
  RegimeCatalog() = default;
  explicit RegimeCatalog(std::vector<Regime> regimes);

  const std::vector<Regime>& regimes() const { return regimes_; }
  const Regime* Find(std::string_view id) const;
  // The by-date regime in force on `date`; nullptr when none is.
  const Regime* InForceOn(Date date) const;
  std::vector<std::string> ids() const;
  // The first day any by-date regime is in force.
  std::optional<Date> EarliestDate() const;

 private:
  std::vector<Regime> regimes_;  // by-date regimes by effective_from, then the others
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_REGIME_H_
