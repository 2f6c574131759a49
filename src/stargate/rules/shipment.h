// A shipment the engine decides on: a quantity of one accelerator type going
// to a consignee in a destination country on a date.
#ifndef STARGATE_RULES_SHIPMENT_H_
#define STARGATE_RULES_SHIPMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "stargate/core/date.h"

namespace stargate::rules {

// A chip that is not in the catalogue, described by its metrics.
struct HypotheticalChip {
  double tpp = 0;
  double die_area_mm2 = 0;
  std::optional<double> memory_bandwidth_gbps;
};

enum class VeuKind { kNone, kUniversal, kNational };

// A restricted-party list entry the consignee's name matched (restricted-party
// screening is done by the caller, with the screen module, before deciding).
struct RestrictedPartyMatch {
  std::string list;        // "OFAC SDN", "Entity List (EL) - Bureau of Industry and Security", ...
  std::string entry_id;
  std::string entry_name;  // the entry's primary name
  std::string matched_name;
  std::vector<std::string> programs;
  double score = 0;
  double threshold = 0;
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
  // Set when screening matched the consignee: the shipment is prohibited and
  // counts against no cap.
  std::optional<RestrictedPartyMatch> restricted_party;
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_SHIPMENT_H_
