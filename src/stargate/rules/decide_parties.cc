// The restricted-party step of a decision: the parties' matches on the
// screening lists (Entity List, Denied Persons, Unverified, Military End-User,
// OFAC), each traced with its citation, and whether they decide the shipment.
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/rules/internal/decider.h"

namespace stargate::rules::internal {

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

}  // namespace stargate::rules::internal
