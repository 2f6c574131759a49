// Screening the parties of a batch: the consignee and end user of every
// shipment, each distinct name once per batch, against the configured lists.
// A score at or above the match threshold is a match (the party is the
// listed entry); between the review and the match thresholds it is a
// possible match that holds the shipment for review, never a silent pass.
#ifndef STARGATE_COMPLIANCE_PARTY_SCREENING_H_
#define STARGATE_COMPLIANCE_PARTY_SCREENING_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/compliance/lists.h"
#include "stargate/rules/rules.h"
#include "stargate/screen/screen.h"

namespace stargate::compliance {

// A decision acts on a listing by itself only from this score: below it, a
// name the screener finds (at its own threshold, 0.70, where about one hit in
// ten is another party: docs/screening.md) holds the shipment for a person to
// review rather than refusing it (docs/screening.md: the review band).
inline constexpr float kDefaultMatchThreshold = 0.85f;
inline constexpr float kDefaultReviewThreshold = screen::kDefaultThreshold;

enum class PartyRole { kConsignee, kEndUser, kOwner };
const char* PartyRoleName(PartyRole role);  // "consignee", "end_user", "owner"

enum class PartyStatus { kClear, kPossibleMatch, kMatch };
const char* PartyStatusName(PartyStatus status);  // "clear", "possible_match", "match"

struct ScreenedParty {
  std::string name;       // as first written in the batch
  std::string canonical;  // core/party_name.h: one party however it is spelt
  PartyRole role = PartyRole::kConsignee;
  PartyStatus status = PartyStatus::kClear;
  std::vector<screen::Hit> hits;  // at or above the review threshold, best first
};

class ScreeningCache;

struct Screening {
  std::shared_ptr<const screen::ScreeningList> list;  // null: screening off
  float match_threshold = kDefaultMatchThreshold;
  float review_threshold = kDefaultReviewThreshold;
  // Results kept across batches (a server's requests), keyed by the name as
  // written; valid for this list and these thresholds only. May be null.
  std::shared_ptr<ScreeningCache> cache;
  // The manifest's lists with their data dates; empty when the lists were
  // named directly (--list), whose dates are not known.
  std::vector<ListDate> list_dates;
};

// Screening results by spelling, shared by the threads of a server: a
// request names one or two parties, and screening one costs tens of
// microseconds, far more than deciding its shipment. Bounded: a shard that
// fills up is emptied.
class ScreeningCache {
 public:
  explicit ScreeningCache(size_t capacity = size_t{1} << 16);
  ~ScreeningCache();
  std::optional<ScreenedParty> Find(const std::string& spelling) const;
  void Insert(const std::string& spelling, const ScreenedParty& party);

 private:
  struct Shard;
  size_t per_shard_;
  std::unique_ptr<Shard[]> shards_;
};

// A party of one shipment: which field, and which screened party it is.
struct PartyRef {
  PartyRole role;
  std::string field;  // "consignee", "end_user"
  size_t party;       // index into BatchScreening::parties
  int owner = -1;     // for an owner: its index in Shipment::owners
};

struct BatchScreening {
  bool enabled = false;
  float match_threshold = 0, review_threshold = 0;
  std::string list_content_key;  // which lists (hex SHA-256 of their files)
  size_t list_entries = 0;
  std::vector<ListDate> list_dates;  // as Screening::list_dates
  std::vector<ScreenedParty> parties;
  std::vector<std::vector<PartyRef>> of_shipment;  // per shipment, its parties
};

// The (role, field, name) parties of a shipment: consignee and end user.
struct NamedParty {
  PartyRole role;
  std::string field;
  std::string name;
  int owner = -1;  // for an owner: its index in Shipment::owners
};
std::vector<NamedParty> PartiesOf(const rules::Shipment& shipment);

// Screens every distinct party once. A name the screener cannot take (no
// letter or digit, too long) is an input problem of each shipment that
// carries it, in `problems` as (shipment index, field, what, expected).
BatchScreening ScreenParties(const Screening& screening,
                             const std::vector<rules::Shipment>& shipments,
                             std::vector<rules::ShipmentProblem>* problems);

// Whether the BIS affiliates rule holds for a shipment (rules/affiliates_rule.h),
// and its citation for the trace.
struct OwnershipRules {
  bool affiliates_in_force = false;
  std::string affiliates_citation;  // the rule and its window, or why it is not in force
  // Out: set when Entity List or Military End-User owners hold 50% or more
  // but the affiliates rule is not in force on the date (the trace says so).
  std::optional<rules::TraceStep> not_applied;
};

// Every match and possible match among a shipment's parties, as the rules
// engine takes them (rules/shipment.h): the consignee and the end user by
// their own listing; the consignee again when listed owners hold 50% or more
// of it in all, under OFAC's 50 Percent Rule (blocked owners, always) or the
// BIS affiliates rule (Entity List and Military End-User owners, while in
// force). A hit on an OFAC weak alias alone is no match. Empty: all clear.
std::vector<rules::RestrictedPartyMatch> RestrictedMatchesOf(const BatchScreening& screening,
                                                             size_t shipment,
                                                             const rules::Shipment& s,
                                                             OwnershipRules* rules);

}  // namespace stargate::compliance

#endif  // STARGATE_COMPLIANCE_PARTY_SCREENING_H_
