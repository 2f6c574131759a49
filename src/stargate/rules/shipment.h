// A shipment the engine decides on: a quantity of one accelerator type going
// to a consignee in a destination country on a date.
#ifndef STARGATE_RULES_SHIPMENT_H_
#define STARGATE_RULES_SHIPMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "stargate/core/date.h"
#include "stargate/rules/decision.h"

namespace stargate::rules {

// A chip that is not in the catalogue, described by its metrics.
struct HypotheticalChip {
  double tpp = 0;
  double die_area_mm2 = 0;
  std::optional<double> memory_bandwidth_gbps;
};

// Spelled "uveu", "nveu"; kNone is the field left out (decision.cc).
enum class VeuKind { kNone, kUniversal, kNational };
}  // namespace stargate::rules

namespace stargate {
template <>
const std::vector<EnumSpelling<rules::VeuKind>>& Spellings();
}  // namespace stargate

namespace stargate::rules {

// ---- Restricted-party matches (filled by the caller from screening) --------
// Screening is done by the caller (the compliance module, with the screen
// module) before deciding; the engine turns each match into the treatment the
// regulations give its list, and a shipment with several matches (consignee,
// end user, listed owners) takes the most restrictive:
//   OFAC SDN                 -> prohibited (31 CFR 501, the SDN entry)
//   OFAC non-SDN lists       -> needs review: sectoral and investment
//                               restrictions block no export by themselves
//   BIS Entity List          -> license required for all items subject to the
//                               EAR, reviewed under the entry's policy
//                               (`license_policy`); presumption of denial when
//                               the list read gave none, and the trace says so
//                               (15 CFR 744.11, Supp. No. 4 to part 744)
//   BIS Denied Persons List  -> prohibited (the denial order, 15 CFR 764.3(a)(2))
//   BIS Military End-User    -> license required, presumption of denial (15 CFR 744.21)
//   BIS Unverified List      -> no license exception; a UVL statement before a
//                               shipment that needs no license (15 CFR 744.15)
//   any other list           -> prohibited (held for a person to clear)
// A match scored below `threshold` but at or above `review_threshold` is a
// possible match: the shipment is held as `needs_review`, with the candidates
// and scores in the trace.
enum class RestrictedList {
  kUnknown,  // inferred from `list` by name
  kOfacSdn,
  kOfacNonSdn,  // OFAC's consolidated non-SDN lists (SSI, NS-CMIC...): held for review
  kEntityList,
  kDeniedPersons,
  kMilitaryEndUser,
  kUnverified,
  kOther,
};

struct RestrictedPartyMatch {
  std::string list;  // "OFAC SDN", "Entity List (EL) - Bureau of Industry and Security", ...
  std::string entry_id;
  std::string entry_name;  // the entry's primary name
  std::string matched_name;
  std::vector<std::string> programs;
  double score = 0;
  double threshold = 0;  // the decision threshold
  RestrictedList kind = RestrictedList::kUnknown;
  std::string party;  // which party matched: "consignee" (default), "end_user", "owner NAME"
  double review_threshold = 0;  // 0: no review band (a score under `threshold` is no match)
  // Entity List columns, as the list gives them (empty/unset when it gives none).
  std::string license_requirement;             // "For all items subject to the EAR. ..."
  std::optional<ReviewPolicy> license_policy;  // the entry's review policy
  std::string federal_register;                // "80 FR 69852"
};

// One owner of the consignee and the share of it they hold (0..1), for the
// rule that treats an entity owned 50% or more by listed parties as listed
// (BIS affiliates rule).
struct Owner {
  std::string name;
  double share = 0;
};

struct Shipment {
  std::string id;
  Date date;
  std::string accelerator;  // catalogue id; empty when `hypothetical` is set
  std::optional<HypotheticalChip> hypothetical;
  long long quantity = 0;
  std::string destination;  // ISO alpha-2
  std::string consignee;
  std::string consignee_hq;  // ISO alpha-2; empty: taken as the destination
  std::string end_use;
  std::string end_user;       // the party that uses the chips; empty: not given
  std::vector<Owner> owners;  // the consignee's owners; empty: not given
  VeuKind veu = VeuKind::kNone;
  // Restricted-party matches (see above). `restricted_party` is the single
  // consignee match older callers set; `restricted_parties` holds every match
  // and possible match. A decided match counts the shipment against no cap.
  std::optional<RestrictedPartyMatch> restricted_party;
  std::vector<RestrictedPartyMatch> restricted_parties;
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_SHIPMENT_H_
