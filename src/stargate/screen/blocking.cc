#include "stargate/screen/internal/blocking.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "stargate/screen/similarity.h"

namespace stargate::screen {
namespace {

// Dictionary tokens at least this similar to a query token put their names
// forward: the similarity at which a token pair's quality factor alone
// (name_match.h) falls to the threshold, so a pair below it cannot be part
// of a hit. Never below kMinBlockFloor. `ScreenOptions::exhaustive` checks
// that blocking loses no hit.
constexpr float kMinBlockFloor = 0.6f;

float SolveBlockFloor(float threshold, float weight, const MatchParams& params) {
  float lo = kMinBlockFloor, hi = 1.0f;
  for (int k = 0; k < 20; ++k) {
    const float mid = (lo + hi) / 2;
    (std::pow(QualityOf(mid, params), std::min(weight, 1.0f)) >= threshold ? hi : lo) = mid;
  }
  return lo;
}

// BlockFloor is asked for a handful of (threshold, weight) pairs per
// query; solving costs 20 pow calls, so the answers are kept per thread.
float BlockFloor(float threshold, float weight, const MatchParams& params) {
  struct Solved {
    float threshold, weight, scale, power, floor;
  };
  thread_local std::vector<Solved> solved;
  for (const Solved& x : solved) {
    if (x.threshold == threshold && x.weight == weight && x.scale == params.quality_scale &&
        x.power == params.quality_power) {
      return x.floor;
    }
  }
  const float floor = SolveBlockFloor(threshold, weight, params);
  if (solved.size() > 64) solved.clear();
  solved.push_back({threshold, weight, params.quality_scale, params.quality_power, floor});
  return floor;
}

struct Scratch {
  std::vector<uint32_t> masks;  // per name: bit i = query token i found a similar token
  std::vector<uint32_t> touched;
  std::vector<uint32_t> hashes;
  std::vector<std::span<const ListIndex::Key>> keys;
  std::vector<uint32_t> found;
  // Per dictionary token: bit k = lookup k found it (the first 64 lookups),
  // so counting a name's matches needs no search. Zero between queries.
  std::vector<uint64_t> found_by;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

TokenRole DictionaryRole(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return TokenRole::kNumber;
  }
  if (text.size() == 1) return TokenRole::kInitial;
  return TokenRole::kWord;
}

// The query tokens whose presence blocking tracks per list name: every
// distinctive token (not particles, stop words or initials, which match too
// much to look up and weigh little).
uint32_t TrackedTokens(const PreparedName& q) {
  uint32_t tracked = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    const TokenRole role = q.token(i).role;
    if (role == TokenRole::kWord || role == TokenRole::kGeneric || role == TokenRole::kNumber) {
      tracked |= 1u << i;
    }
  }
  return tracked;
}

// The query tokens whose posting lists may drive the search: distinctive
// words if the name has any, else generic words and numbers, else everything.
uint32_t BlockingTokens(const PreparedName& q) {
  uint32_t words = 0, fallback = 0, all = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    const TokenRole role = q.token(i).role;
    all |= 1u << i;
    if (role == TokenRole::kWord) words |= 1u << i;
    if (role == TokenRole::kGeneric || role == TokenRole::kNumber) fallback |= 1u << i;
  }
  return words ? words : (fallback ? fallback : all);
}

// One thing to look up: a query token (or adjacent tokens joined), with the
// query tokens it stands for in each reading (person, organisation).
struct Lookup {
  std::string text;
  const PreparedName* query = nullptr;  // for a single token: its prepared forms
  size_t token = 0;
  bool joined = false;
  uint32_t bits[2] = {0, 0};
  size_t hash_begin = 0, hash_end = 0;  // its keys in Scratch::hashes
  std::vector<uint32_t> tokens;         // similar dictionary tokens, sorted
  std::vector<uint32_t> join_names;     // names whose joined tokens or acronym it is
  size_t volume = 0;                    // postings it would walk
  uint32_t driving[2] = {0, 0};         // bits it walks postings for
  bool repeated = false;                // stands for the same token twice in a reading
  float floor = kMinBlockFloor;         // BlockFloor for its tokens
};

// An upper bound on the score of a list name with `strong` distinctive
// tokens, from which blocking tokens found it: quality and the factors are
// at most 1; a query token that found nothing similar either stays extra
// (costing lambda times its weight in the coverage) or, when the list name
// has a distinctive token left over for it, pairs with that token at
// similarity below kBlockFloor (quality at most q(kBlockFloor)). Most names
// a common token brings in fail this cheaply.
float Bound(const PreparedName& q, uint32_t tracked, uint32_t found, uint32_t strong, float lambda,
            const std::array<float, kMaxTokens>& low_quality) {
  float matched = 0;
  std::array<std::pair<float, float>, kMaxTokens> missing;  // weight, low quality
  size_t n_missing = 0, q_strong_found = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    const float w = q.token(i).weight;
    if ((tracked & (1u << i)) && !(found & (1u << i))) {
      missing[n_missing++] = {w, low_quality[i]};
    } else {
      matched += w;
      if (q.token(i).role != TokenRole::kStop && q.token(i).role != TokenRole::kParticle) {
        ++q_strong_found;
      }
    }
  }
  if (n_missing == 0) return 1.0f;
  const size_t left_over = strong > q_strong_found ? strong - q_strong_found : 0;
  // Lightest missing tokens pair with the left-over list tokens (their
  // quality factor is closest to 1); the rest are extras.
  std::sort(missing.begin(), missing.begin() + n_missing);
  const size_t paired = std::min(left_over, n_missing);
  float quality = 1.0f, extra = 0.0f;
  for (size_t k = 0; k < n_missing; ++k) {
    if (k < paired) {
      quality *= missing[k].second;
      matched += missing[k].first;
    } else {
      extra += lambda * missing[k].first;
    }
  }
  return quality * matched / (matched + extra);
}

// Finds the list names that may score at least the threshold and the query
// tokens that found each (Scratch::touched, Scratch::masks).
//
// Each distinct query token is looked up once for both readings of the
// query. Then, per reading, the rarest tokens are chosen that a name must
// share at least one of to reach the threshold (a name with only the common
// ones cannot, by Bound); only their posting lists are walked, and the
// common tokens ("muhammad", "trading") are checked on those names alone.
class Blocker {
 public:
  Blocker(const ListIndex& index, Scratch& scratch, const MatchParams& params, float threshold,
          const PreparedName* const (&q)[2], const uint32_t (&tracked)[2],
          const uint32_t (&blocking)[2], const std::array<float, kMaxTokens> (&low_quality)[2])
      : index_(index),
        s_(scratch),
        params_(params),
        threshold_(threshold),
        q_(q),
        tracked_(tracked),
        blocking_(blocking),
        low_quality_(low_quality) {
    if (s_.masks.size() < index.name_count()) s_.masks.resize(index.name_count(), 0);
    if (s_.found_by.size() < index.token_count()) s_.found_by.resize(index.token_count(), 0);
  }
  ~Blocker() {
    for (const Lookup& l : lookups_) {
      for (uint32_t t : l.tokens) s_.found_by[t] = 0;
    }
  }

  float Lambda(int kind, uint32_t strong) const {
    if (strong <= 1) return params_.lambda_single;
    return kind == static_cast<int>(NameKind::kOrganization) ? params_.lambda_org
                                                             : params_.lambda_query;
  }

  // The best Bound over every possible size of list name.
  float MaxBound(int kind, uint32_t found) const {
    float best = 0;
    for (uint32_t strong = 1; strong <= q_[kind]->size() + 1; ++strong) {
      best = std::max(best, Bound(*q_[kind], tracked_[kind], found, strong, Lambda(kind, strong),
                                  low_quality_[kind]));
    }
    return best;
  }

  void Run() {
    CollectLookups();
    FindTokens();
    ChooseDrivers();
    // Walk the drivers' postings: every name they reach is a candidate.
    for (const Lookup& l : lookups_) {
      if (!(l.driving[0] | l.driving[1])) continue;
      for (uint32_t t : l.tokens) {
        for (uint32_t name : index_.postings(index_.token(t))) Touch(l, name, l.driving);
      }
      for (uint32_t name : l.join_names) Touch(l, name, l.driving);
    }
    // The other tokens only add to names already found.
    for (const Lookup& l : lookups_) {
      const uint32_t rest[2] = {l.bits[0] & ~l.driving[0], l.bits[1] & ~l.driving[1]};
      if (!(rest[0] | rest[1])) continue;
      for (uint32_t name : s_.touched) {
        const uint32_t b = rest[static_cast<int>(index_.name_kind(name))];
        if (b == 0 || (s_.masks[name] & b) == b) continue;
        if (const size_t count = Count(l, name)) s_.masks[name] |= Limit(l, b, count);
      }
    }
  }

 private:
  void CollectLookups() {
    auto add = [&](std::string_view text, int kind, uint32_t bits, const PreparedName* query,
                   size_t token, bool joined) {
      for (Lookup& l : lookups_) {
        if (l.text == text && l.joined == joined) {
          l.bits[kind] |= bits;
          return;
        }
      }
      Lookup l;
      l.text = std::string(text);
      l.query = query;
      l.token = token;
      l.joined = joined;
      l.bits[kind] = bits;
      lookups_.push_back(std::move(l));
    };
    for (int k = 0; k < 2; ++k) {
      const PreparedName& q = *q_[k];
      for (size_t i = 0; i < q.size(); ++i) {
        if (tracked_[k] & (1u << i)) add(q.token(i).text, k, 1u << i, &q, i, false);
      }
      // "ALHARAMEIN" for "al-Haramain": the word after the particle.
      for (size_t i = 0; i < q.size(); ++i) {
        const std::string_view text = q.token(i).text;
        if ((tracked_[k] & (1u << i)) && text.size() >= 6 &&
            (text.substr(0, 2) == "al" || text.substr(0, 2) == "el")) {
          add(text.substr(2), k, 1u << i, &q, i, true);
        }
      }
      // The query joins what the list splits: "van der bilt" / "vanderbilt".
      for (size_t i = 0; i + 1 < q.size(); ++i) {
        std::string joined(q.token(i).text);
        for (size_t n = 1; n < 3 && i + n < q.size(); ++n) {
          joined.append(q.token(i + n).text);
          const uint32_t bits = ((1u << (n + 1)) - 1) << i;
          if (bits & tracked_[k]) add(joined, k, bits & tracked_[k], &q, i, true);
        }
      }
    }
    for (Lookup& l : lookups_) {
      float weight = 1.0f;
      for (int k = 0; k < 2; ++k) {
        l.repeated |= !l.joined && __builtin_popcount(l.bits[k]) > 1;
        for (size_t i = 0; i < q_[k]->size(); ++i) {
          if (l.bits[k] & (1u << i)) weight = std::min(weight, q_[k]->token(i).weight);
        }
      }
      l.floor = BlockFloor(threshold_, l.joined ? 1.0f : weight, params_);
    }
  }

  // The dictionary tokens similar to each lookup, through the deletion and
  // fold keys, all fetched together.
  void FindTokens() {
    s_.hashes.clear();
    for (Lookup& l : lookups_) {
      l.hash_begin = s_.hashes.size();
      const int edits = ListIndex::MaxEdits(l.text.size());
      ListIndex::DeletionHashes('D', l.text, l.joined ? std::min(edits, 1) : edits, &s_.hashes);
      if (!l.joined) {
        const std::string_view folded = l.query->token(l.token).folded;
        s_.hashes.push_back(ListIndex::KeyHash('F', folded));
        ListIndex::DeletionHashes('G', folded, ListIndex::MaxFoldEdits(folded.size()), &s_.hashes);
      }
      // A query from a script that writes few vowels: list tokens with its
      // skeleton, or its skeleton less one consonant.
      if (l.query->vowelless()) {
        const std::string skeleton =
            l.joined ? ConsonantSkeleton(l.text) : std::string(l.query->skeleton(l.token));
        if (!skeleton.empty()) {
          s_.hashes.push_back(ListIndex::KeyHash('S', skeleton));
          if (skeleton.size() >= 3) ListIndex::DeletionHashes('S', skeleton, 1, &s_.hashes);
        }
      }
      l.hash_end = s_.hashes.size();
    }
    index_.TokenKeysMany(s_.hashes, &s_.keys);
    for (Lookup& l : lookups_) {
      s_.found.clear();
      for (size_t k = l.hash_begin; k < l.hash_end; ++k) {
        for (const auto& key : s_.keys[k]) s_.found.push_back(key.target);
      }
      std::sort(s_.found.begin(), s_.found.end());
      s_.found.erase(std::unique(s_.found.begin(), s_.found.end()), s_.found.end());
      index_.PrefetchTokens(s_.found);
      for (uint32_t t : s_.found) {
        const ListIndex::Token& token = index_.token(t);
        if (!Similar(l, index_.TokenText(token), token)) continue;
        l.tokens.push_back(t);
        l.volume += token.postings_end - token.postings_begin;
      }
      const size_t slot = static_cast<size_t>(&l - lookups_.data());
      if (slot < 64) {
        for (uint32_t t : l.tokens) s_.found_by[t] |= uint64_t{1} << slot;
      }
      // The list writes as one token what the query splits, or an acronym.
      if (!l.joined) {
        for (const auto& key : index_.JoinKeys(ListIndex::KeyHash('J', l.text))) {
          l.join_names.push_back(key.target);
        }
        std::sort(l.join_names.begin(), l.join_names.end());
        l.volume += l.join_names.size();
      }
    }
  }

  // Per reading: the rarest query tokens until the others alone cannot
  // reach the threshold.
  void ChooseDrivers() {
    for (int k = 0; k < 2; ++k) {
      std::array<std::pair<size_t, int>, kMaxTokens> volume{};
      size_t n = 0;
      for (size_t i = 0; i < q_[k]->size(); ++i) {
        if (!(blocking_[k] & tracked_[k] & (1u << i))) continue;
        size_t v = 0;
        for (const Lookup& l : lookups_) v += (l.bits[k] & (1u << i)) ? l.volume : 0;
        volume[n++] = {v, static_cast<int>(i)};
      }
      std::sort(volume.begin(), volume.begin() + n);
      uint32_t drivers = 0;
      for (size_t r = 0; r < n; ++r) {
        if (MaxBound(k, tracked_[k] & ~drivers) < threshold_) break;
        drivers |= 1u << volume[r].second;
      }
      for (Lookup& l : lookups_) l.driving[k] = (l.bits[k] & drivers) ? l.bits[k] : 0;
    }
  }

  // How many of the name's tokens the lookup found (1 for a joined match).
  size_t Count(const Lookup& l, uint32_t name) const {
    size_t count = 0;
    const size_t slot = static_cast<size_t>(&l - lookups_.data());
    if (slot < 64) {
      for (uint32_t t : index_.name_token_ids(name)) count += (s_.found_by[t] >> slot) & 1;
    } else {
      for (uint32_t t : index_.name_token_ids(name)) {
        count += std::binary_search(l.tokens.begin(), l.tokens.end(), t);
      }
    }
    if (count == 0) count = std::binary_search(l.join_names.begin(), l.join_names.end(), name);
    return count;
  }

  // A query token written twice ("Muhammad al-Muhammad") is found twice only
  // in a name that has it twice: keep as many of the bits as the name has
  // matching tokens.
  static uint32_t Limit(const Lookup& l, uint32_t bits, size_t count) {
    if (!l.repeated) return bits;
    uint32_t kept = 0;
    for (uint32_t b = bits; b != 0 && count > 0; --count) {
      const uint32_t lowest = b & (~b + 1);
      kept |= lowest;
      b &= ~lowest;
    }
    return kept;
  }

  // Whether a dictionary token is at least kBlockFloor similar to the
  // lookup, cheapest tests first.
  bool Similar(const Lookup& lookup, std::string_view text, const ListIndex::Token& token) const {
    const float floor = lookup.floor;
    const PreparedName& q = *lookup.query;
    if (q.vowelless()) {
      const std::string skeleton =
          lookup.joined ? ConsonantSkeleton(lookup.text) : std::string(q.skeleton(lookup.token));
      if (SkeletonSimilarity(skeleton, ConsonantSkeleton(text), params_) >= floor) return true;
    }
    if (lookup.joined) return OsaSimilarity(lookup.text, text) >= floor;
    const MatchToken& mine = q.token(lookup.token);
    if (mine.role == TokenRole::kWord || mine.role == TokenRole::kGeneric) {
      const TokenRole role = DictionaryRole(text);
      if (role == TokenRole::kNumber || role == TokenRole::kInitial) return false;
      // Lengths alone bound each similarity: skip what cannot reach the floor.
      const PreparedToken& raw = q.raw(lookup.token);
      if (raw.SimilarityBound(text.size()) >= floor && raw.Similarity(text) >= floor) return true;
      const PreparedToken& folded = q.folded(lookup.token);
      const std::string_view token_folded = index_.TokenFolded(token);
      if (params_.fold_factor * folded.SimilarityBound(token_folded.size()) < floor) return false;
      return params_.fold_factor * folded.Similarity(token_folded) >= floor;
    }
    const MatchToken candidate{text, index_.TokenFolded(token), DictionaryRole(text), 1.0f};
    return TokenSimilarity(q, lookup.token, candidate, params_) >= floor;
  }

  void Touch(const Lookup& l, uint32_t name, const uint32_t (&bits)[2]) {
    uint32_t b = bits[static_cast<int>(index_.name_kind(name))];
    if (b == 0) return;
    if (l.repeated) b = Limit(l, b, Count(l, name));
    if (s_.masks[name] == 0) s_.touched.push_back(name);
    s_.masks[name] |= b;
  }

  const ListIndex& index_;
  Scratch& s_;
  const MatchParams& params_;
  const float threshold_;
  const PreparedName* const (&q_)[2];
  const uint32_t (&tracked_)[2];
  const uint32_t (&blocking_)[2];
  const std::array<float, kMaxTokens> (&low_quality_)[2];
  std::vector<Lookup> lookups_;
};

}  // namespace

std::vector<uint32_t> FindCandidates(const ListIndex& index, const PreparedName* const (&query)[2],
                                     float threshold, const MatchParams& params) {
  Scratch& scratch = ThreadScratch();
  const uint32_t tracked[2] = {TrackedTokens(*query[0]), TrackedTokens(*query[1])};
  const uint32_t blocking[2] = {BlockingTokens(*query[0]), BlockingTokens(*query[1])};
  // The most a query token that found nothing similar can keep of the
  // quality when it pairs with some other list token.
  std::array<float, kMaxTokens> low_quality[2];
  for (int k = 0; k < 2; ++k) {
    for (size_t i = 0; i < query[k]->size(); ++i) {
      const float w = std::min(query[k]->token(i).weight, 1.0f);
      const float floor = BlockFloor(threshold, w, params);
      low_quality[k][i] = std::pow(std::max(params.conflict_quality, QualityOf(floor, params)), w);
    }
  }
  Blocker blocker(index, scratch, params, threshold, query, tracked, blocking, low_quality);
  blocker.Run();
  // Many names share a reading, a mask and a count of strong tokens, and so
  // a Bound: each is worked out once per query.
  struct Known {
    uint64_t key = ~uint64_t{0};
    bool passes = false;
  };
  std::array<Known, 256> known;
  std::vector<uint32_t> candidates;
  for (uint32_t name_id : scratch.touched) {
    const int kind = static_cast<int>(index.name_kind(name_id));
    const uint32_t strong = index.strong_tokens(name_id);
    const uint32_t mask = scratch.masks[name_id];
    scratch.masks[name_id] = 0;
    const uint64_t key =
        (uint64_t{mask} << 32) | (uint64_t{strong} << 1) | static_cast<uint64_t>(kind);
    Known& slot = known[(mask * 31u + strong * 2u + static_cast<uint32_t>(kind)) & 255u];
    if (slot.key != key) {
      slot.key = key;
      slot.passes = Bound(*query[kind], tracked[kind], mask, strong, blocker.Lambda(kind, strong),
                          low_quality[kind]) >= threshold;
    }
    if (slot.passes) candidates.push_back(name_id);
  }
  scratch.touched.clear();
  return candidates;
}

}  // namespace stargate::screen
