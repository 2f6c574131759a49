// The decision for one shipment, rule by rule: regime, classification, tier,
// headquarters, license requirement, then the exceptions the requirement
// allows (tried in order, Catala-style: the first that applies wins), then
// the caps a licensed shipment counts against. Trace text is only built when
// a trace is asked for, so the common path allocates almost nothing.
#include <algorithm>
#include <cmath>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "stargate/rules/engine.h"

namespace stargate::rules {
namespace {

constexpr const char* kExportCite = "15 CFR 734.13 (export: shipment out of the United States)";

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Within a limit, allowing for the rounding of sums of large numbers.
bool WithinLimit(double total, double limit) {
  return total <= limit + 1e-12 * std::max(1.0, std::fabs(limit));
}

std::string Percent(double share) { return absl::StrFormat("%.2f%%", share * 100); }

uint64_t CapKey(int regime, int rule, int country, int window, int consignee) {
  return (static_cast<uint64_t>(regime & 0xff) << 56) | (static_cast<uint64_t>(rule & 0xff) << 48) |
         (static_cast<uint64_t>(country & 0xfff) << 36) |
         (static_cast<uint64_t>(window & 0xfff) << 24) |
         static_cast<uint64_t>(consignee & 0xffffff);
}

}  // namespace

class Decider {
 public:
  Decider(const Engine& engine, const ResolvedShipment& s, UsageState* state,
          const DecideOptions& options, Decision* d)
      : engine_(engine),
        resolved_(s),
        shipment_(*s.shipment),
        regime_(engine.regime(s.regime)),
        state_(state),
        options_(options),
        decision_(*d),
        trace_(options.trace) {}

  void Run();

 private:
  void Step(std::string rule, std::vector<TraceInput> inputs, std::string result,
            std::string cite) {
    decision_.trace.push_back(
        {std::move(rule), std::move(inputs), std::move(result), std::move(cite)});
  }
  const std::string& Code(int country) const { return engine_.country_codes()[country]; }
  const std::string& ConsigneeKey() {
    if (state_) return state_->ConsigneeKey(resolved_.consignee);
    if (consignee_key_.empty()) consignee_key_ = NormalizeConsignee(shipment_.consignee);
    return consignee_key_;
  }

  // Restricted-party matches; true when they decide the shipment.
  bool DecideRestrictedParties();
  void RunRules();
  void TraceClassification(const Classification& c);
  void TraceTier(const GroupAssignment& ga);
  const LicenseRow* FindRow(Eccn eccn, int effective_group, int hq_group) const;
  bool TryUveu(int destination_group, int hq_group);
  bool TryNveu(int destination_group);
  bool TryLpp(int hq_group);
  void ApplyCaps(int destination_group);

  const Engine& engine_;
  const ResolvedShipment& resolved_;
  const Shipment& shipment_;
  const Regime& regime_;
  UsageState* state_;
  const DecideOptions& options_;
  Decision& decision_;
  const bool trace_;
  std::string consignee_key_;
  bool unverified_ = false;  // an Unverified List party: no license exception
};

void Decider::Run() {
  RunRules();
  if (!unverified_) return;
  // 15 CFR 744.15: no license exception for a UVL party; a shipment that needs
  // no license needs the party's UVL statement first.
  if (decision_.outcome == Outcome::kLicenseException) {
    decision_.outcome = Outcome::kLicenseRequired;
    decision_.exception.clear();
    decision_.conditions.push_back(
        "no license exception for an Unverified List party (15 CFR 744.15)");
  } else if (decision_.outcome == Outcome::kNoLicenseRequired) {
    decision_.conditions.push_back(
        "a UVL statement from the listed party before shipping (15 CFR 744.15(b))");
  }
}

void Decider::RunRules() {
  const Date date = shipment_.date;
  decision_.id = shipment_.id;
  decision_.regime = regime_.id;
  decision_.tpp_total = resolved_.tpp_total;
  if (trace_) {
    const bool by_date = options_.regime_choice == kRegimeByDate;
    Step("regime", {{"date", date.ToString()}, {"choice", std::string(options_.regime_choice)}},
         absl::StrCat(regime_.id, by_date ? " is in force on " + date.ToString() : " (named)",
                      "; in force ", regime_.EffectiveRange()),
         regime_.cite);
  }

  const Classification c = engine_.ClassifyChip(resolved_.regime, resolved_, trace_);
  decision_.classification = c.eccn;
  if (trace_) TraceClassification(c);

  const GroupAssignment ga = engine_.GroupOf(resolved_.regime, resolved_.destination, date);
  decision_.tier = regime_.groups[ga.group].id;
  if (trace_) TraceTier(ga);

  if ((shipment_.restricted_party || !shipment_.restricted_parties.empty()) &&
      DecideRestrictedParties()) {
    return;
  }

  if (Code(resolved_.destination) == regime_.home_country) {
    if (trace_) {
      Step("domestic", {{"destination", Code(resolved_.destination)}},
           absl::StrCat("a shipment within ", regime_.home_country,
                        " is not an export: no license required"),
           kExportCite);
    }
    return;
  }

  int effective = ga.group;
  const GroupAssignment hq = resolved_.hq == resolved_.destination
                                 ? ga
                                 : engine_.GroupOf(resolved_.regime, resolved_.hq, date);
  if (resolved_.hq_given && resolved_.hq != resolved_.destination) {
    const CountryGroup& hq_group = regime_.groups[hq.group];
    if (hq_group.headquarters_rule && hq.group != ga.group) {
      effective = hq.group;
      if (trace_) {
        Step("headquarters", {{"consignee_hq", Code(resolved_.hq)}, {"hq_tier", hq_group.id}},
             absl::StrCat("consignee headquartered in ", Code(resolved_.hq), " (", hq_group.name,
                          "): the shipment is treated as going to ", hq_group.id),
             hq_group.cite);
      }
    }
  }

  // A rule on named products (an is-informed letter) applies whatever the
  // chip's class, so it is tried before the classification decides.
  const LicenseRow* row = engine_.FindNamedRow(resolved_.regime, resolved_.accelerator, effective,
                                               hq.group, resolved_.destination, date);
  if (!row) {
    if (c.indeterminate) {
      decision_.outcome = Outcome::kIndeterminate;
      if (trace_) {
        Step(
            "license-requirement",
            {{"tpp", resolved_.chip.tpp}, {"die_area_mm2", std::string("unknown")}},
            absl::StrCat("indeterminate: TPP ", FormatTpp(resolved_.chip.tpp),
                         " is below 3A090.a.1 but a performance-density test (3A090.a.2, .b) could "
                         "make the chip controlled, and its die area is unknown; the shipment is "
                         "held until the die area is known (fail closed)"),
            regime_.classification.cite);
      }
      return;
    }
    if (c.eccn == Eccn::kNotControlled) {
      if (trace_) {
        Step("license-requirement", {{"classification", std::string(EccnName(c.eccn))}},
             "not controlled under 3A090: no license required", regime_.classification.cite);
      }
      return;
    }

    row = FindRow(c.eccn, effective, hq.group);
    if (!row) {
      if (trace_) {
        Step("license-requirement",
             {{"classification", std::string(EccnName(c.eccn))},
              {"tier", regime_.groups[effective].id}},
             absl::StrCat("no license requirement for ", EccnName(c.eccn), " to ",
                          regime_.groups[effective].id, ": no license required"),
             regime_.cite);
      }
      return;
    }
  }
  if (trace_) {
    std::string result = std::string(OutcomeName(row->outcome));
    if (!row->exception.empty()) absl::StrAppend(&result, " (", row->exception, ")");
    if (row->review_policy) absl::StrAppend(&result, ", ", ReviewPolicyName(*row->review_policy));
    if (!row->try_first.empty()) {
      absl::StrAppend(&result, "; first try ", absl::StrJoin(row->try_first, ", "));
    }
    if (!row->description.empty()) absl::StrAppend(&result, ": ", row->description);
    Step(
        "license-requirement/" + row->id,
        {{"classification", std::string(EccnName(c.eccn))}, {"tier", regime_.groups[effective].id}},
        std::move(result), row->cite);
  }

  switch (row->outcome) {
    case Outcome::kNoLicenseRequired:
      return;
    case Outcome::kLicenseException:
      decision_.outcome = Outcome::kLicenseException;
      decision_.exception = row->exception;
      return;
    case Outcome::kProhibited:
    case Outcome::kIndeterminate:
    case Outcome::kNeedsReview:
      decision_.outcome = row->outcome;
      return;
    case Outcome::kLicenseRequired:
      break;
  }
  for (const auto& name : row->try_first) {
    if (regime_.uveu && name == regime_.uveu->id && TryUveu(ga.group, hq.group)) return;
    if (regime_.nveu && name == regime_.nveu->id && TryNveu(ga.group)) return;
    if (regime_.lpp && name == regime_.lpp->id && TryLpp(hq.group)) return;
  }
  decision_.outcome = Outcome::kLicenseRequired;
  decision_.review_policy = row->review_policy;
  decision_.conditions = row->conditions;
  if (trace_ && !row->conditions.empty()) {
    Step("license-conditions/" + row->id, {},
         absl::StrCat("a license carries: ", absl::StrJoin(row->conditions, "; ")), row->cite);
  }
  if (row->review_policy == ReviewPolicy::kPresumptionOfDenial) return;
  ApplyCaps(ga.group);
}

namespace {

RestrictedList KindOf(const RestrictedPartyMatch& m) {
  if (m.kind != RestrictedList::kUnknown) return m.kind;
  const std::string& list = m.list;
  auto has = [&](const char* text) { return list.find(text) != std::string::npos; };
  if (has("non-SDN")) return RestrictedList::kOfacNonSdn;
  if (has("SDN") || has("Specially Designated")) return RestrictedList::kOfacSdn;
  if (has("Entity List")) return RestrictedList::kEntityList;
  if (has("Denied Persons") || has("DPL")) return RestrictedList::kDeniedPersons;
  if (has("Unverified") || has("UVL")) return RestrictedList::kUnverified;
  if (has("Military End User") || has("Military End-User") || has("MEU")) {
    return RestrictedList::kMilitaryEndUser;
  }
  return RestrictedList::kOther;
}

// The regulation behind a list.
std::string RestrictedPartyCite(RestrictedList kind, const std::string& list) {
  switch (kind) {
    case RestrictedList::kOfacSdn:
      return "31 CFR part 501 and chapter V (OFAC: Specially Designated Nationals and Blocked "
             "Persons List)";
    case RestrictedList::kOfacNonSdn:
      return "31 CFR chapter V (OFAC Consolidated Sanctions List, non-SDN: sectoral and investment "
             "restrictions)";
    case RestrictedList::kEntityList:
      return "15 CFR 744.11 and Supplement No. 4 to part 744 (Entity List)";
    case RestrictedList::kDeniedPersons:
      return "15 CFR 764.3(a)(2) and the denial order (Denied Persons List)";
    case RestrictedList::kUnverified:
      return "15 CFR 744.15 and Supplement No. 6 to part 744 (Unverified List)";
    case RestrictedList::kMilitaryEndUser:
      return "15 CFR 744.21 and Supplement No. 7 to part 744 (Military End-User List)";
    case RestrictedList::kUnknown:
    case RestrictedList::kOther:
      break;
  }
  return "15 CFR part 744 (end-user controls; list: " + list + ")";
}

// How restrictive a decided match is (higher wins).
int Severity(RestrictedList kind) {
  switch (kind) {
    case RestrictedList::kOfacSdn:
    case RestrictedList::kDeniedPersons:
    case RestrictedList::kOther:
    case RestrictedList::kUnknown:
      return 4;
    case RestrictedList::kEntityList:
    case RestrictedList::kMilitaryEndUser:
      return 3;
    case RestrictedList::kOfacNonSdn:
      return 2;
    case RestrictedList::kUnverified:
      return 1;
  }
  return 4;
}

}  // namespace

bool Decider::DecideRestrictedParties() {
  // Every match: the older single consignee match, then the list.
  absl::InlinedVector<const RestrictedPartyMatch*, 4> matches;
  if (shipment_.restricted_party) matches.push_back(&*shipment_.restricted_party);
  for (const auto& m : shipment_.restricted_parties) matches.push_back(&m);
  const RestrictedPartyMatch* worst = nullptr;
  int worst_severity = 0;
  std::vector<const RestrictedPartyMatch*> possible;
  for (const RestrictedPartyMatch* m : matches) {
    const bool decided = AtLeast(m->score, m->threshold);
    if (!decided) {
      if (m->review_threshold > 0 && AtLeast(m->score, m->review_threshold)) possible.push_back(m);
      continue;
    }
    const int severity = Severity(KindOf(*m));
    if (severity > worst_severity) {
      worst = m;
      worst_severity = severity;
    }
  }
  if (trace_) {
    for (const RestrictedPartyMatch* m : matches) {
      const RestrictedList kind = KindOf(*m);
      const bool decided = AtLeast(m->score, m->threshold);
      const bool review =
          !decided && m->review_threshold > 0 && AtLeast(m->score, m->review_threshold);
      std::vector<TraceInput> inputs = {
          {"party", m->party.empty() ? std::string("consignee") : m->party},
          {"list", m->list},
          {"entry", absl::StrCat(m->entry_id, " ", m->entry_name)},
          {"matched_name", m->matched_name},
          {"programs", absl::StrJoin(m->programs, ", ")},
          {"score", m->score},
          {"threshold", m->threshold}};
      if (m->review_threshold > 0) inputs.push_back({"review_threshold", m->review_threshold});
      std::string result;
      if (decided) {
        result = absl::StrFormat("'%s' matches %s entry %s (%s) with score %.3f >= %.3f",
                                 m->matched_name.empty() ? shipment_.consignee : m->matched_name,
                                 m->list, m->entry_id, m->entry_name, m->score, m->threshold);
        switch (kind) {
          case RestrictedList::kOfacSdn:
            absl::StrAppend(&result, ": blocked person, prohibited");
            break;
          case RestrictedList::kDeniedPersons:
            absl::StrAppend(&result, ": denial order, prohibited");
            break;
          case RestrictedList::kEntityList:
            absl::StrAppend(
                &result, ": license required ",
                m->license_requirement.empty() ? "for all items subject to the EAR"
                                               : "(" + m->license_requirement + ")",
                ", ",
                m->license_policy
                    ? absl::StrCat(ReviewPolicyName(*m->license_policy), " (the entry's policy)")
                    : std::string("presumption_of_denial: the entry's own review policy was not "
                                  "in the list read, so the policy most entries carry applies"));
            if (!m->federal_register.empty()) absl::StrAppend(&result, "; ", m->federal_register);
            break;
          case RestrictedList::kMilitaryEndUser:
            absl::StrAppend(&result, ": license required, presumption_of_denial");
            break;
          case RestrictedList::kOfacNonSdn:
            absl::StrAppend(
                &result,
                ": an OFAC non-SDN list (sectoral or investment restrictions) blocks no "
                "export by itself; held for a person to review");
            break;
          case RestrictedList::kUnverified:
            absl::StrAppend(&result,
                            ": no license exception may be used, and a UVL statement is needed "
                            "before a shipment that needs no license");
            break;
          case RestrictedList::kUnknown:
          case RestrictedList::kOther:
            absl::StrAppend(&result, ": held as prohibited (list without a modelled treatment)");
            break;
        }
      } else if (review) {
        result = absl::StrFormat(
            "possible match: %s entry %s (%s) scored %.3f, below the decision threshold %.3f but "
            "at or above the review threshold %.3f: needs review",
            m->list, m->entry_id, m->entry_name, m->score, m->threshold, m->review_threshold);
      } else {
        result = absl::StrFormat("%s entry %s scored %.3f, below every threshold: no match",
                                 m->list, m->entry_id, m->score);
      }
      Step("restricted-party", std::move(inputs), std::move(result),
           RestrictedPartyCite(kind, m->list));
    }
  }
  if (!worst) {
    if (possible.empty()) return false;
    decision_.outcome = Outcome::kNeedsReview;
    return true;
  }
  switch (KindOf(*worst)) {
    case RestrictedList::kEntityList:
      decision_.outcome = Outcome::kLicenseRequired;
      decision_.review_policy = worst->license_policy.value_or(ReviewPolicy::kPresumptionOfDenial);
      return true;
    case RestrictedList::kMilitaryEndUser:
      decision_.outcome = Outcome::kLicenseRequired;
      decision_.review_policy = ReviewPolicy::kPresumptionOfDenial;
      return true;
    case RestrictedList::kOfacNonSdn:
      decision_.outcome = Outcome::kNeedsReview;
      return true;
    case RestrictedList::kUnverified:
      if (!possible.empty()) {
        decision_.outcome = Outcome::kNeedsReview;
        return true;
      }
      unverified_ = true;  // decided by the rules, then adjusted in Run()
      return false;
    default:
      decision_.outcome = Outcome::kProhibited;
      return true;
  }
}

void Decider::TraceClassification(const Classification& c) {
  std::vector<TraceInput> inputs = {{"tpp", resolved_.chip.tpp}};
  if (resolved_.chip.density_known()) {
    inputs.push_back({"die_area_mm2", resolved_.chip.die_area_mm2});
    inputs.push_back({"performance_density", resolved_.chip.performance_density()});
  } else {
    inputs.push_back({"die_area_mm2", std::string("unknown")});
  }
  if (!resolved_.chip.datacenter) inputs.push_back({"datacenter", false});
  inputs.push_back({"quantity", static_cast<double>(shipment_.quantity)});
  inputs.push_back({"tpp_total", decision_.tpp_total});
  std::string result;
  if (c.indeterminate) {
    result =
        "indeterminate: TPP is below 3A090.a.1 and the die area is unknown, so the "
        "performance-density tests (3A090.a.2, .b.1, .b.2) cannot be decided";
  } else if (c.eccn == Eccn::kNotControlled) {
    result = "not_controlled: no 3A090 test is met";
    std::vector<std::string> failed;
    for (const auto& t : c.tests) failed.push_back(absl::StrCat(t.id, " (", t.condition, ")"));
    if (!failed.empty()) absl::StrAppend(&result, " — ", absl::StrJoin(failed, "; "));
  } else {
    std::string condition;
    for (const auto& t : c.tests) {
      if (t.id == c.decided_by) condition = t.condition;
    }
    result = absl::StrCat(EccnName(c.eccn), ": ", c.decided_by, " is met (", condition, ")");
  }
  Step("classification", std::move(inputs), std::move(result), regime_.classification.cite);
}

void Decider::TraceTier(const GroupAssignment& ga) {
  const CountryGroup& g = regime_.groups[ga.group];
  const Country& country = engine_.scenario().countries[resolved_.destination];
  std::string why;
  const CountryGroup& base = regime_.groups[ga.base_group];
  if (ga.via == GroupVia::kListed) why = absl::StrCat("listed in ", base.id);
  if (ga.via == GroupVia::kMembership) {
    std::vector<std::string> hits;
    for (const auto& m : base.member_of) {
      if (country.IsMemberOf(m)) hits.push_back(m);
    }
    why = absl::StrCat("member of ", absl::StrJoin(hits, ", "));
  }
  if (ga.via == GroupVia::kDefault)
    why = absl::StrCat("not listed elsewhere: ", base.id, " by default");
  std::string cite = g.cite;
  if (ga.upgrade >= 0) {
    const TierUpgrade& up = regime_.upgrades[ga.upgrade];
    absl::StrAppend(&why, "; promoted from ", base.id, " by ", up.id, " (criteria met: ");
    std::vector<std::string> names;
    for (Criterion c : up.criteria) names.emplace_back(CriterionName(c));
    absl::StrAppend(&why, absl::StrJoin(names, ", "), ")");
    cite = up.cite;
  }
  Step("tier",
       {{"country", country.iso2}, {"memberships", absl::StrJoin(country.memberships, " ")}},
       absl::StrCat(g.id, " (", g.name, "): ", why), cite);
}

const LicenseRow* Decider::FindRow(Eccn eccn, int effective_group, int hq_group) const {
  return engine_.FindRow(resolved_.regime, eccn, effective_group, hq_group, resolved_.destination,
                         shipment_.date, resolved_.chip);
}

bool Decider::TryUveu(int destination_group, int hq_group) {
  if (shipment_.veu != VeuKind::kUniversal) return false;
  const UveuRule& u = *regime_.uveu;
  const std::string rule = "exception/" + u.id;
  if (!Contains(u.destination_tiers, regime_.groups[destination_group].id)) {
    if (trace_) {
      Step(rule, {{"veu", std::string("uveu")}, {"tier", regime_.groups[destination_group].id}},
           absl::StrCat("not available: UVEU covers ", absl::StrJoin(u.destination_tiers, ", "),
                        " destinations"),
           u.cite);
    }
    return false;
  }
  if (!Contains(u.hq_tiers, regime_.groups[hq_group].id)) {
    if (trace_) {
      Step(rule, {{"veu", std::string("uveu")}, {"consignee_hq", Code(resolved_.hq)}},
           absl::StrCat("not available: the consignee is headquartered in ", Code(resolved_.hq),
                        " (", regime_.groups[hq_group].id, "); UVEU needs headquarters in ",
                        absl::StrJoin(u.hq_tiers, ", ")),
           u.cite);
    }
    return false;
  }
  if (state_) {
    if (!state_->TracksFleet(resolved_.consignee)) {
      state_->TrackFleet(resolved_.consignee, engine_.country_codes());
      state_->AddFleet(resolved_.consignee, resolved_.destination, decision_.tpp_total);
    }
    const int tier1 = regime_.GroupIndex(u.tier1_group);
    double total = 0, in_tier1 = 0, in_home = 0, here = 0;
    const UsageState::Fleet& fleet = *state_->FleetOf(resolved_.consignee);
    for (size_t country = 0; country < fleet.size(); ++country) {
      const double tpp = fleet[country];
      if (tpp == 0) continue;
      const int c = static_cast<int>(country);
      total += tpp;
      if (engine_.GroupOf(resolved_.regime, c, shipment_.date).group == tier1) in_tier1 += tpp;
      if (Code(c) == regime_.home_country) in_home += tpp;
      if (c == resolved_.destination) here += tpp;
    }
    const double tier1_share = total > 0 ? in_tier1 / total : 0;
    const double here_share = total > 0 ? here / total : 0;
    const double home_share = total > 0 ? in_home / total : 0;
    const bool us_hq = Code(resolved_.hq) == regime_.home_country;
    std::vector<std::string> failures;
    if (!AtLeast(tier1_share, u.min_tier1_share)) {
      failures.push_back(absl::StrCat("share in ", u.tier1_group, " ", Percent(tier1_share), " < ",
                                      Percent(u.min_tier1_share)));
    }
    if (!WithinLimit(here_share, u.max_single_tier2_share)) {
      failures.push_back(absl::StrCat("share in ", Code(resolved_.destination), " ",
                                      Percent(here_share), " > ",
                                      Percent(u.max_single_tier2_share)));
    }
    if (us_hq && !AtLeast(home_share, u.min_us_share_for_us_hq)) {
      failures.push_back(absl::StrCat("share in ", regime_.home_country, " ", Percent(home_share),
                                      " < ", Percent(u.min_us_share_for_us_hq),
                                      " for a consignee headquartered there"));
    }
    if (trace_) {
      std::vector<TraceInput> inputs = {
          {"fleet_tpp", total}, {"tier1_share", tier1_share}, {"destination_share", here_share}};
      if (us_hq) inputs.push_back({"us_share", home_share});
      Step(rule, std::move(inputs),
           failures.empty() ? absl::StrCat("authorized: shares within limits (", u.tier1_group, " ",
                                           Percent(tier1_share), ", ", Code(resolved_.destination),
                                           " ", Percent(here_share), ")")
                            : absl::StrCat("not available: ", absl::StrJoin(failures, "; ")),
           u.cite);
    }
    if (!failures.empty()) return false;
  } else if (trace_) {
    Step(rule, {{"veu", std::string("uveu")}}, "authorized (share rules are checked on fleets)",
         u.cite);
  }
  decision_.outcome = Outcome::kLicenseException;
  decision_.exception = u.id;
  return true;
}

bool Decider::TryNveu(int destination_group) {
  if (shipment_.veu != VeuKind::kNational) return false;
  const NveuRule& n = *regime_.nveu;
  const std::string rule = "exception/" + n.id;
  if (!Contains(n.destination_tiers, regime_.groups[destination_group].id)) {
    if (trace_) {
      Step(rule, {{"veu", std::string("nveu")}, {"tier", regime_.groups[destination_group].id}},
           absl::StrCat("not available: NVEU covers ", absl::StrJoin(n.destination_tiers, ", "),
                        " destinations"),
           n.cite);
    }
    return false;
  }
  const double* limit = n.installed_base_limit_tpp.At(shipment_.date);
  if (!limit) {
    if (trace_) {
      Step(rule, {{"date", shipment_.date.ToString()}}, "not available: no NVEU limit on this date",
           n.cite);
    }
    return false;
  }
  if (state_) {
    const uint64_t key =
        CapKey(resolved_.regime, 0xff, resolved_.destination, 0, resolved_.consignee);
    int slot = state_->FindCap(key);
    if (slot < 0) {
      slot = state_->AddCap(
          key, engine_.NveuInstanceId(regime_, resolved_.destination, ConsigneeKey()), *limit);
    }
    UsageState::CapInstance& cap = state_->cap(slot);
    cap.limit = *limit;  // the installed-base limit grows by date
    if (!WithinLimit(cap.used + decision_.tpp_total, cap.limit)) {
      if (trace_) {
        Step(rule,
             {{"limit_tpp", cap.limit}, {"used_tpp", cap.used}, {"tpp_total", decision_.tpp_total}},
             absl::StrCat("not available: ", FormatTpp(cap.used), " + ",
                          FormatTpp(decision_.tpp_total),
                          " TPP would exceed the installed-base limit of ", FormatTpp(cap.limit)),
             n.cite);
      }
      return false;
    }
    const double before = cap.used;
    cap.used += decision_.tpp_total;
    decision_.caps.push_back({cap.id, cap.limit, before, cap.used});
    if (trace_) {
      Step(rule,
           {{"limit_tpp", cap.limit}, {"used_tpp", before}, {"tpp_total", decision_.tpp_total}},
           absl::StrCat("authorized: ", FormatTpp(cap.used), " of ", FormatTpp(cap.limit),
                        " TPP installed-base limit used"),
           n.cite);
    }
  } else if (trace_) {
    Step(rule, {{"limit_tpp", *limit}}, "authorized", n.cite);
  }
  decision_.outcome = Outcome::kLicenseException;
  decision_.exception = n.id;
  return true;
}

bool Decider::TryLpp(int hq_group) {
  const LppRule& l = *regime_.lpp;
  const std::string rule = "exception/" + l.id;
  if (Contains(l.not_for_hq_tiers, regime_.groups[hq_group].id)) {
    if (trace_) {
      Step(rule, {{"consignee_hq", Code(resolved_.hq)}},
           absl::StrCat("not available to a consignee headquartered in ",
                        regime_.groups[hq_group].id),
           l.cite);
    }
    return false;
  }
  const double* limit = l.tpp_per_consignee_per_year.At(shipment_.date);
  if (!limit) {
    if (trace_) Step(rule, {}, "not available on this date", l.cite);
    return false;
  }
  const int year = shipment_.date.year();
  if (state_) {
    double& used = state_->Lpp(resolved_.consignee, year);
    if (!WithinLimit(used + decision_.tpp_total, *limit)) {
      if (trace_) {
        Step(rule,
             {{"consignee", shipment_.consignee},
              {"year", static_cast<double>(year)},
              {"limit_tpp", *limit},
              {"used_tpp", used},
              {"tpp_total", decision_.tpp_total}},
             absl::StrCat("not available: ", FormatTpp(used), " + ", FormatTpp(decision_.tpp_total),
                          " TPP would exceed ", FormatTpp(*limit), " per consignee in ", year),
             l.cite);
      }
      return false;
    }
    const double before = used;
    used += decision_.tpp_total;
    decision_.caps.push_back({absl::StrCat(l.id, "/", ConsigneeKey(), "/", year), *limit, before,
                              used, ConsigneeKey(), year});
    if (trace_) {
      Step(rule,
           {{"consignee", shipment_.consignee},
            {"year", static_cast<double>(year)},
            {"limit_tpp", *limit},
            {"used_tpp", before},
            {"tpp_total", decision_.tpp_total}},
           absl::StrCat("applies: ", FormatTpp(used), " of ", FormatTpp(*limit), " TPP used in ",
                        year, "; not counted against country caps"),
           l.cite);
    }
  } else {
    if (!WithinLimit(decision_.tpp_total, *limit)) return false;
    if (trace_) Step(rule, {{"limit_tpp", *limit}}, "applies", l.cite);
  }
  decision_.outcome = Outcome::kLicenseException;
  decision_.exception = l.id;
  return true;
}

void Decider::ApplyCaps(int destination_group) {
  if (!state_) return;  // without usage, caps are left to whoever asked (the planner's constraints)
  const std::string& key = ConsigneeKey();
  const Date date = shipment_.date;
  CapQuery query;
  query.regime = resolved_.regime;
  query.country = resolved_.destination;
  query.date = date;
  query.group = destination_group;
  query.classification = decision_.classification;
  query.consignee = ConsigneeFilter::kMatch;
  query.consignee_key = key;
  absl::InlinedVector<int, 8> applicable;  // no fixed limit: more spill to the heap
  engine_.ApplicableCaps(query, &applicable);
  struct Hit {
    const CapRule* rule;
    int slot;
  };
  absl::InlinedVector<Hit, 8> hits;
  for (int i : applicable) {
    const CapRule& cap = regime_.caps[i];
    const int window = cap.period == CapPeriod::kCalendarYear ? date.year() - 1900 : 0;
    const uint64_t cap_key = CapKey(resolved_.regime, i, resolved_.destination, window, 0);
    int slot = state_->FindCap(cap_key);
    if (slot < 0) {
      slot = state_->AddCap(cap_key,
                            engine_.CapInstanceId(regime_, cap, resolved_.destination, date.year()),
                            engine_.CapLimit(regime_, cap, resolved_.destination, date));
    } else if (!regime_.upgrades.empty()) {
      // Upgrades that multiply a limit hold from their (dated) criteria.
      state_->cap(slot).limit = engine_.CapLimit(regime_, cap, resolved_.destination, date);
    }
    hits.push_back({&cap, slot});
  }
  const int count = static_cast<int>(hits.size());
  const CapRule* refused_by = nullptr;
  for (int i = 0; i < count; ++i) {
    const auto& inst = state_->cap(hits[i].slot);
    if (!WithinLimit(inst.used + decision_.tpp_total, inst.limit)) {
      refused_by = hits[i].rule;
      break;
    }
  }
  for (int i = 0; i < count; ++i) {
    auto& inst = state_->cap(hits[i].slot);
    const double before = inst.used;
    if (!refused_by) inst.used += decision_.tpp_total;
    decision_.caps.push_back({inst.id, inst.limit, before, inst.used});
    if (!refused_by && hits[i].rule->review_within)
      decision_.review_policy = hits[i].rule->review_within;
    if (trace_) {
      const bool over = !WithinLimit(before + decision_.tpp_total, inst.limit);
      std::string result =
          refused_by ? (over ? absl::StrCat("exceeded: ", FormatTpp(before), " + ",
                                            FormatTpp(decision_.tpp_total), " TPP > ",
                                            FormatTpp(inst.limit), "; ",
                                            OutcomeName(hits[i].rule->on_exceed))
                             : absl::StrCat("within (", FormatTpp(inst.limit - before),
                                            " TPP left) but not used: another cap refused"))
                     : absl::StrCat("within: ", FormatTpp(inst.used), " of ", FormatTpp(inst.limit),
                                    " TPP used, ", FormatTpp(std::max(0.0, inst.limit - inst.used)),
                                    " left");
      Step("cap/" + hits[i].rule->id,
           {{"cap", inst.id},
            {"limit_tpp", inst.limit},
            {"used_tpp", before},
            {"tpp_total", decision_.tpp_total}},
           std::move(result), hits[i].rule->cite);
    }
  }
  if (refused_by) {
    decision_.outcome = refused_by->on_exceed;
    decision_.review_policy = refused_by->on_exceed == Outcome::kLicenseRequired
                                  ? refused_by->on_exceed_review
                                  : std::nullopt;
  }
}

Decision Engine::Decide(const ResolvedShipment& shipment, UsageState* state,
                        const DecideOptions& options) const {
  Decision d;
  Decider(*this, shipment, state, options, &d).Run();
  return d;
}

void Engine::DecideInto(const ResolvedShipment& shipment, UsageState* state,
                        const DecideOptions& options, Decision* out) const {
  Decider(*this, shipment, state, options, out).Run();
}

}  // namespace stargate::rules
