#include "stargate/compliance/party_screening.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "stargate/core/party_name.h"

namespace stargate::compliance {
namespace {

// Lists whose match blocks a transaction outright rank first when a
// shipment's parties match several entries.
int Severity(const screen::Hit& hit) {
  if (hit.list.rfind("OFAC", 0) == 0 || hit.list.find("Specially Designated") != std::string::npos) return 3;
  if (hit.list.rfind("Entity List", 0) == 0) return 2;
  return 1;
}

}  // namespace

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
    case PartyRole::kConsignee: return "consignee";
    case PartyRole::kEndUser: return "end_user";
    case PartyRole::kOwner: return "owner";
  }
  return "consignee";
}

const char* PartyStatusName(PartyStatus status) {
  switch (status) {
    case PartyStatus::kClear: return "clear";
    case PartyStatus::kPossibleMatch: return "possible_match";
    case PartyStatus::kMatch: return "match";
  }
  return "clear";
}

std::vector<NamedParty> PartiesOf(const rules::Shipment& shipment) {
  std::vector<NamedParty> parties;
  if (!shipment.consignee.empty()) parties.push_back({PartyRole::kConsignee, "consignee", shipment.consignee});
  return parties;
}

BatchScreening ScreenParties(const Screening& screening, const std::vector<rules::Shipment>& shipments,
                             std::vector<PartyProblem>* problems) {
  BatchScreening out;
  out.of_shipment.resize(shipments.size());
  if (!screening.list) return out;
  out.enabled = true;
  out.match_threshold = screening.match_threshold;
  out.review_threshold = std::min(screening.review_threshold, screening.match_threshold);
  out.list_content_key = screening.list->info().content_key;
  out.list_entries = screening.list->info().entries;

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
            if (!party.hits.empty()) {
              party.status = party.hits.front().score >= out.match_threshold ? PartyStatus::kMatch
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
      out.of_shipment[i].push_back({named.role, named.field, index});
    }
  }
  return out;
}

std::optional<rules::RestrictedPartyMatch> RestrictedMatchOf(const BatchScreening& screening,
                                                             size_t shipment) {
  const ScreenedParty* chosen = nullptr;
  for (const PartyRef& ref : screening.of_shipment[shipment]) {
    const ScreenedParty& party = screening.parties[ref.party];
    if (party.status != PartyStatus::kMatch) continue;
    if (!chosen || Severity(party.hits.front()) > Severity(chosen->hits.front()) ||
        (Severity(party.hits.front()) == Severity(chosen->hits.front()) &&
         party.hits.front().score > chosen->hits.front().score)) {
      chosen = &party;
    }
  }
  if (!chosen) return std::nullopt;
  const screen::Hit& hit = chosen->hits.front();
  rules::RestrictedPartyMatch match;
  match.list = hit.list;
  match.entry_id = hit.entry_id;
  match.entry_name = hit.entry_name;
  match.matched_name = hit.matched_name;
  match.programs = hit.programs;
  match.score = std::round(double{hit.score} * 1e4) / 1e4;
  match.threshold = std::round(double{screening.match_threshold} * 1e4) / 1e4;
  return match;
}

}  // namespace stargate::compliance
