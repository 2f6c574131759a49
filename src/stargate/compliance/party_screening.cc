#include "stargate/compliance/party_screening.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/party_name.h"

namespace stargate::compliance {
namespace {}  // namespace

struct ScreeningCache::Shard {
  mutable std::mutex mutex;
  absl::flat_hash_map<std::string, ScreenedParty> parties;
};

namespace {
constexpr size_t kShards = 16;
}  // namespace

ScreeningCache::ScreeningCache(size_t capacity)
    : per_shard_(std::max<size_t>(1, capacity / kShards)), shards_(new Shard[kShards]) {}
ScreeningCache::~ScreeningCache() = default;

std::optional<ScreenedParty> ScreeningCache::Find(const std::string& spelling) const {
  Shard& shard = shards_[absl::HashOf(spelling) % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.parties.find(spelling);
  if (it == shard.parties.end()) return std::nullopt;
  return it->second;
}

void ScreeningCache::Insert(const std::string& spelling, const ScreenedParty& party) {
  Shard& shard = shards_[absl::HashOf(spelling) % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  if (shard.parties.size() >= per_shard_) shard.parties.clear();
  shard.parties.emplace(spelling, party);
}

const char* PartyRoleName(PartyRole role) {
  switch (role) {
    case PartyRole::kConsignee:
      return "consignee";
    case PartyRole::kEndUser:
      return "end_user";
    case PartyRole::kOwner:
      return "owner";
  }
  return "consignee";
}

const char* PartyStatusName(PartyStatus status) {
  switch (status) {
    case PartyStatus::kClear:
      return "clear";
    case PartyStatus::kPossibleMatch:
      return "possible_match";
    case PartyStatus::kMatch:
      return "match";
  }
  return "clear";
}

std::vector<NamedParty> PartiesOf(const rules::Shipment& shipment) {
  std::vector<NamedParty> parties;
  if (!shipment.consignee.empty())
    parties.push_back({PartyRole::kConsignee, "consignee", shipment.consignee});
  if (!shipment.end_user.empty())
    parties.push_back({PartyRole::kEndUser, "end_user", shipment.end_user});
  for (size_t i = 0; i < shipment.owners.size(); ++i) {
    if (shipment.owners[i].name.empty()) continue;
    parties.push_back({PartyRole::kOwner, absl::StrCat("owners[", i, "]"), shipment.owners[i].name,
                       static_cast<int>(i)});
  }
  return parties;
}

const screen::Hit* DecisiveHit(const ScreenedParty& party) {
  for (const screen::Hit& hit : party.hits) {
    if (hit.name_role != screen::NameRole::kWeakAka) return &hit;
  }
  return nullptr;
}

BatchScreening ScreenParties(const Screening& screening,
                             const std::vector<rules::Shipment>& shipments,
                             std::vector<rules::ShipmentProblem>* problems) {
  BatchScreening out;
  out.of_shipment.resize(shipments.size());
  if (!screening.list) return out;
  out.enabled = true;
  out.match_threshold = screening.match_threshold;
  out.review_threshold = std::min(screening.review_threshold, screening.match_threshold);
  out.list_content_key = screening.list->info().content_key;
  out.list_entries = screening.list->info().entries;
  out.list_dates = screening.list_dates;

  screen::ScreenOptions options;
  options.threshold = out.review_threshold;
  options.max_hits = 5;
  // A batch repeats few names many times: each spelling is canonicalized
  // once, and each party (canonical name) is screened once.
  absl::flat_hash_map<std::string, size_t> by_spelling, by_canonical;
  absl::flat_hash_map<std::string, std::string> unscreenable;  // canonical -> why
  constexpr size_t kUnscreenable = static_cast<size_t>(-1);
  for (size_t i = 0; i < shipments.size(); ++i) {
    for (const NamedParty& named : PartiesOf(shipments[i])) {
      size_t index = kUnscreenable;
      std::string canonical;
      if (auto it = by_spelling.find(named.name); it != by_spelling.end()) {
        index = it->second;
      } else {
        std::optional<ScreenedParty> cached;
        if (screening.cache) cached = screening.cache->Find(named.name);
        canonical = cached ? cached->canonical : CanonicalPartyName(named.name);
        if (auto found = by_canonical.find(canonical); found != by_canonical.end()) {
          index = found->second;
        } else if (cached) {
          cached->name = named.name;
          cached->role = named.role;
          index = out.parties.size();
          out.parties.push_back(std::move(*cached));
          by_canonical.emplace(canonical, index);
        } else if (!unscreenable.contains(canonical)) {
          auto hits = screen::Screen(*screening.list, FoldedPartyName(named.name), options);
          if (!hits.ok()) {
            unscreenable[canonical] = std::string(hits.status().message());
          } else {
            ScreenedParty party;
            party.name = named.name;
            party.canonical = canonical;
            party.role = named.role;
            party.hits = std::move(*hits);
            // A hit on a weak alias alone is kept for the record but
            // decides nothing (OFAC FAQ 124: not expected to be screened).
            if (const screen::Hit* hit = DecisiveHit(party)) {
              party.status = hit->score >= out.match_threshold ? PartyStatus::kMatch
                                                               : PartyStatus::kPossibleMatch;
            }
            if (screening.cache) screening.cache->Insert(named.name, party);
            index = out.parties.size();
            out.parties.push_back(std::move(party));
            by_canonical.emplace(canonical, index);
          }
        }
        if (index != kUnscreenable) by_spelling.emplace(named.name, index);
      }
      if (index == kUnscreenable) {
        if (canonical.empty()) canonical = CanonicalPartyName(named.name);
        problems->push_back({i, named.field, unscreenable[canonical],
                             "a party name the screening lists can be searched for"});
        continue;
      }
      out.of_shipment[i].push_back({named.role, named.field, index, named.owner});
    }
  }
  return out;
}

namespace {

double Round4(double x) { return std::round(x * 1e4) / 1e4; }

// The Entity List's policy column in words ("Presumption of denial.").
std::optional<rules::ReviewPolicy> PolicyOfText(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower.find("presumption of denial") != std::string::npos)
    return rules::ReviewPolicy::kPresumptionOfDenial;
  if (lower.find("presumption of approval") != std::string::npos)
    return rules::ReviewPolicy::kPresumptionOfApproval;
  if (lower.find("case-by-case") != std::string::npos ||
      lower.find("case by case") != std::string::npos) {
    return rules::ReviewPolicy::kCaseByCase;
  }
  return std::nullopt;
}

rules::RestrictedPartyMatch MatchOf(const screen::Hit& hit, const BatchScreening& screening,
                                    std::string party) {
  rules::RestrictedPartyMatch match;
  match.list = hit.list;
  match.entry_id = hit.entry_id;
  match.entry_name = hit.entry_name;
  match.matched_name = hit.matched_name;
  match.programs = hit.programs;
  match.score = Round4(hit.score);
  match.threshold = Round4(screening.match_threshold);
  match.review_threshold = Round4(screening.review_threshold);
  match.party = std::move(party);
  match.license_requirement = hit.license_requirement;
  match.license_policy = PolicyOfText(hit.license_policy);
  match.federal_register = hit.federal_register_notice;
  return match;
}

enum class OwnerRule { kNone, kOfac, kAffiliates };

// Which 50% rule an owner's listing brings in: OFAC's for blocked persons
// (the SDN list, always), the BIS affiliates rule for the Entity List and the
// Military End-User List (only while it is in force).
OwnerRule RuleOf(const screen::Hit& hit) {
  if (hit.list.find("non-SDN") != std::string::npos) return OwnerRule::kNone;
  if (hit.list == "OFAC SDN" || hit.list.find("Specially Designated") != std::string::npos)
    return OwnerRule::kOfac;
  if (hit.list.rfind("Entity List", 0) == 0 ||
      hit.list.find("Military End User") != std::string::npos) {
    return OwnerRule::kAffiliates;
  }
  return OwnerRule::kNone;
}

// A party's best hit on each list it is found on (a weak alias excepted), at
// or above the review threshold: the rules take the most restrictive.
std::vector<const screen::Hit*> BestHitPerList(const ScreenedParty& party) {
  std::vector<const screen::Hit*> best;
  if (party.status == PartyStatus::kClear) return best;
  for (const screen::Hit& hit : party.hits) {
    if (hit.name_role == screen::NameRole::kWeakAka) continue;
    auto same = std::find_if(best.begin(), best.end(),
                             [&](const screen::Hit* b) { return b->list == hit.list; });
    if (same == best.end()) {
      best.push_back(&hit);
    } else if (hit.score > (*same)->score) {
      *same = &hit;
    }
  }
  return best;
}

}  // namespace

std::vector<rules::RestrictedPartyMatch> RestrictedMatchesOf(const BatchScreening& screening,
                                                             size_t shipment,
                                                             const rules::Shipment& s,
                                                             OwnershipRules* rules) {
  std::vector<rules::RestrictedPartyMatch> matches;
  struct OwnerShare {
    double listed = 0, possible = 0;
    std::vector<std::string> names;
    const screen::Hit* best_listed = nullptr;
    const screen::Hit* best_possible = nullptr;
  };
  OwnerShare ofac, affiliates;
  for (const PartyRef& ref : screening.of_shipment[shipment]) {
    const ScreenedParty& party = screening.parties[ref.party];
    const std::vector<const screen::Hit*> hits = BestHitPerList(party);
    if (ref.role != PartyRole::kOwner) {
      for (const screen::Hit* hit : hits) matches.push_back(MatchOf(*hit, screening, ref.field));
      continue;
    }
    // Owners: listed ones count, by share, toward the 50% rules (each owner
    // once per rule, by its best hit under that rule).
    if (ref.owner < 0 || static_cast<size_t>(ref.owner) >= s.owners.size()) continue;
    const double share = s.owners[ref.owner].share;
    for (const OwnerRule rule : {OwnerRule::kOfac, OwnerRule::kAffiliates}) {
      const screen::Hit* hit = nullptr;
      for (const screen::Hit* h : hits) {
        if (RuleOf(*h) == rule && (!hit || h->score > hit->score)) hit = h;
      }
      if (!hit) continue;
      OwnerShare& total = rule == OwnerRule::kOfac ? ofac : affiliates;
      const bool listed = hit->score >= screening.match_threshold;
      (listed ? total.listed : total.possible) += share;
      total.names.push_back(absl::StrCat(party.name, " ", Round4(share * 100), "%",
                                         listed ? "" : " (possible match)"));
      const screen::Hit*& best = listed ? total.best_listed : total.best_possible;
      if (!best || hit->score > best->score) best = hit;
    }
  }
  // Listed owners holding 50% or more in all decide; a share that reaches
  // 50% only with possible matches holds the shipment for review (the
  // possible match's own score, in the review band, says so).
  // Half, less a rounding margin: shares of 0.3 and 0.2 must reach it.
  constexpr double kHalf = 0.5 - 1e-9;
  const auto add_owned = [&](const OwnerShare& total, const std::string& rule) {
    const screen::Hit* hit = total.listed >= kHalf                    ? total.best_listed
                             : total.listed + total.possible >= kHalf ? total.best_possible
                                                                      : nullptr;
    if (!hit) return;
    matches.push_back(MatchOf(
        *hit, screening,
        absl::StrCat("consignee, owned ", Round4((total.listed + total.possible) * 100),
                     "% by listed owners (", absl::StrJoin(total.names, ", "), ") under ", rule)));
  };
  add_owned(ofac, "OFAC's 50 Percent Rule (revised guidance of 13 August 2014)");
  if (rules->affiliates_in_force) {
    add_owned(affiliates, rules->affiliates_citation);
  } else if (affiliates.listed + affiliates.possible >= kHalf) {
    rules->not_applied = rules::TraceStep{
        "affiliates-rule",
        {{"owners", absl::StrJoin(affiliates.names, ", ")}, {"date", s.date.ToString()}},
        absl::StrCat("Entity List or Military End-User owners hold ",
                     Round4((affiliates.listed + affiliates.possible) * 100),
                     "% of the consignee, but the BIS affiliates rule is not in force on this "
                     "date: not applied"),
        rules->affiliates_citation};
  }
  return matches;
}

}  // namespace stargate::compliance
