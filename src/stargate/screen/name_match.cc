#include "stargate/screen/name_match.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

#include "stargate/screen/internal/name_words.h"

namespace stargate::screen {
namespace {

constexpr size_t kMaxSide = kMaxTokens;
constexpr size_t kMaxSpan = 3;
// Skeletons shorter than this say too little to compare unless equal.
constexpr size_t kMinSkeleton = 2;

// A candidate alignment step: query tokens [qb, qe) with candidate [cb, ce).
struct Unit {
  uint8_t qb, qe, cb, ce;
  float similarity;
  bool weak = false;  // only particles or stop words on the query side
};

uint32_t RangeMask(int begin, int end) {
  return static_cast<uint32_t>(((uint64_t{1} << end) - 1) & ~((uint64_t{1} << begin) - 1));
}

bool IsStrong(TokenRole role) {
  return role == TokenRole::kWord || role == TokenRole::kGeneric || role == TokenRole::kNumber ||
         role == TokenRole::kInitial;
}

bool IsLetters(std::string_view s) {
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return !s.empty();
}

float Quality(float similarity, const MatchParams& p) {
  const float deficit = std::max(0.0f, 1.0f - similarity);
  return std::max(0.0f, 1.0f - p.quality_scale * std::pow(deficit, p.quality_power));
}

float CodePointSimilarity(std::u32string_view a, std::u32string_view b) {
  const size_t n = a.size(), m = b.size();
  if (std::max(n, m) == 0) return 1.0f;
  std::vector<int> prev(m + 1), row(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      row[j] =
          std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, row);
  }
  return 1.0f - static_cast<float>(prev[m]) / static_cast<float>(std::max(n, m));
}

// Tokens joined without spaces against one token: joined strings are long,
// so a shared tail ("orion technologies" / "promtechnologies") would look
// alike; only near-exact joins count.
constexpr float kMinJoined = 0.9f;
float JoinedSimilarity(float similarity) { return similarity >= kMinJoined ? similarity : 0.0f; }

// "pla" against the initials of a run of tokens, skipping stop words.
bool AcronymOf(std::string_view acronym, std::span<const MatchToken> tokens, size_t begin,
               size_t* end) {
  size_t k = 0, i = begin;
  for (; i < tokens.size() && k < acronym.size(); ++i) {
    if (tokens[i].role == TokenRole::kStop && i != begin) continue;
    if (tokens[i].text.empty() || tokens[i].text[0] != acronym[k]) return false;
    ++k;
  }
  if (k != acronym.size()) return false;
  *end = i;
  return true;
}

}  // namespace

PreparedName::PreparedName(NormalizedName name, NameKind kind)
    : name_(std::move(name)), kind_(kind) {
  folds_.reserve(name_.tokens.size());
  skeletons_.reserve(name_.tokens.size());
  for (const auto& t : name_.tokens) {
    folds_.push_back(PhoneticFold(t.text));
    skeletons_.push_back(ConsonantSkeleton(t.text));
  }
  for (size_t i = 0; i < name_.tokens.size(); ++i) {
    const auto& t = name_.tokens[i];
    tokens_.push_back({t.text, folds_[i], t.role, TokenWeight(t.text, t.role)});
    raw_.emplace_back(t.text);
    folded_.emplace_back(folds_[i]);
  }
}

float RarityWeight(uint32_t entries) {
  if (entries <= kRarityCommonEntries) return 1.0f;
  const float doublings = std::log2(static_cast<float>(entries) / kRarityCommonEntries);
  return std::max(kRarityFloor, 1.0f - kRaritySlope * doublings);
}

bool RarityApplies(TokenRole role) {
  return role == TokenRole::kWord || role == TokenRole::kGeneric;
}

void PreparedName::ApplyRarity(const TokenFrequency& frequency) {
  if (!frequency) return;
  for (MatchToken& t : tokens_) {
    if (RarityApplies(t.role)) t.weight = std::min(t.weight, RarityWeight(frequency(t.text)));
  }
}

NameView PreparedName::view() const {
  return {tokens_, name_.legal_families, kind_, name_.script_key, name_.vowelless};
}

float QualityOf(float similarity, const MatchParams& params) { return Quality(similarity, params); }

float SkeletonSimilarity(std::string_view a, std::string_view b, const MatchParams& p) {
  if (a.empty() || b.empty()) return 0.0f;
  // One consonant alike ("yhyy" / "yahia" are both "h") is weak evidence.
  if (a.size() < kMinSkeleton || b.size() < kMinSkeleton)
    return a == b ? 0.9f * p.skeleton_factor : 0.0f;
  return p.skeleton_factor * static_cast<float>(OsaSimilarity(a, b));
}

const char* PartKindName(PartKind kind) {
  switch (kind) {
    case PartKind::kMatch:
      return "match";
    case PartKind::kConflict:
      return "conflict";
    case PartKind::kQueryOnly:
      return "query_only";
    case PartKind::kCandidateOnly:
      return "list_only";
  }
  return "match";
}

float TokenSimilarity(const PreparedName& query, size_t i, const MatchToken& c,
                      const MatchParams& p) {
  const MatchToken& q = query.token(i);
  if (q.text == c.text) return 1.0f;
  const bool q_number = q.role == TokenRole::kNumber, c_number = c.role == TokenRole::kNumber;
  if (q_number || c_number) return q_number && c_number ? p.number_mismatch : 0.0f;
  const bool q_initial = q.role == TokenRole::kInitial, c_initial = c.role == TokenRole::kInitial;
  if (q_initial || c_initial) {
    if (q_initial && c_initial) return 0.0f;
    return q.text[0] == c.text[0] ? p.initial_similarity : 0.0f;
  }
  const float raw = static_cast<float>(query.raw(i).Similarity(c.text));
  // The folded forms count only where fold_factor times their similarity
  // can beat `raw`; their lengths alone often rule that out.
  const PreparedToken& folded_query = query.folded(i);
  if (p.fold_factor * static_cast<float>(folded_query.SimilarityBound(c.folded.size())) <= raw)
    return raw;
  const float folded = static_cast<float>(folded_query.Similarity(c.folded));
  return std::max(raw, p.fold_factor * folded);
}

namespace {

// Per-thread buffers: scoring runs for every candidate of every query, and
// allocating these each time cost more than the comparisons.
struct ScoreScratch {
  std::vector<Unit> units, chosen;
  std::string joined;
  std::array<std::string, kMaxSide> skeletons;
};

// Joined runs compared by skeleton: looser than kMinJoined, since a script
// without spaces between words (Burmese, Thai) gives one long token.
constexpr float kMinJoinedSkeleton = 0.75f;

ScoreScratch& ThreadScratch() {
  thread_local ScoreScratch scratch;
  return scratch;
}

// x^weight, without calling pow for the common whole weights.
float Power(float x, float weight) {
  if (weight >= 1.0f || x >= 1.0f) return x;
  return std::pow(x, weight);
}

// Small index lists (names have at most kMaxSide tokens).
struct IndexList {
  std::array<int, kMaxSide> items;
  size_t size = 0;
  void push_back(int v) { items[size++] = v; }
  int operator[](size_t k) const { return items[k]; }
  const int* begin() const { return items.data(); }
  const int* end() const { return items.data() + size; }
  template <typename Weight>
  void SortByWeightDescending(Weight weight) {  // stable insertion sort
    for (size_t a = 1; a < size; ++a) {
      const int v = items[a];
      size_t b = a;
      while (b > 0 && weight(items[b - 1]) < weight(v)) {
        items[b] = items[b - 1];
        --b;
      }
      items[b] = v;
    }
  }
};

// A word against its plural ("trader" / "traders"), unless both are generic
// words ("holding" / "holdings" name the same party).
bool IsPluralPair(const MatchToken& a, const MatchToken& b) {
  const bool a_word = a.role == TokenRole::kWord, b_word = b.role == TokenRole::kWord;
  if (!a_word && !b_word) return false;
  if ((!a_word && a.role != TokenRole::kGeneric) || (!b_word && b.role != TokenRole::kGeneric))
    return false;
  const std::string_view shorter = a.text.size() < b.text.size() ? a.text : b.text;
  const std::string_view longer = a.text.size() < b.text.size() ? b.text : a.text;
  if (shorter.size() < 4 || longer.size() != shorter.size() + 1 || longer.back() != 's')
    return false;
  return longer.substr(0, shorter.size()) == shorter;
}

// Each name carries a number the other lacks, counting repeats ("3 II" /
// "3 III" is {3, 2} against {3, 3}).
bool NumbersDiffer(std::span<const MatchToken> a, std::span<const MatchToken> b) {
  uint32_t used = 0;
  bool a_unmatched = false, b_has = false;
  for (const MatchToken& x : a) {
    if (x.role != TokenRole::kNumber) continue;
    bool found = false;
    for (size_t j = 0; j < b.size() && j < 32 && !found; ++j) {
      if (b[j].role == TokenRole::kNumber && !(used & (1u << j)) && b[j].text == x.text) {
        used |= 1u << j;
        found = true;
      }
    }
    a_unmatched |= !found;
  }
  bool b_unmatched = false;
  for (size_t j = 0; j < b.size() && j < 32; ++j) {
    if (b[j].role != TokenRole::kNumber) continue;
    b_has = true;
    b_unmatched |= !(used & (1u << j));
  }
  return a_unmatched && b_has && b_unmatched;
}

// A skeleton against the skeleton of a run of tokens joined.
float JoinedSkeleton(std::string_view skeleton, std::string_view joined, const MatchParams& p) {
  const float s = SkeletonSimilarity(skeleton, ConsonantSkeleton(joined), p);
  return s >= kMinJoinedSkeleton ? s : 0.0f;
}

}  // namespace

float ScoreName(const PreparedName& query, const NameView& candidate, const MatchParams& p,
                NameScore* explain) {
  const size_t n = std::min(query.size(), kMaxSide);
  const auto c = candidate.tokens.first(std::min(candidate.tokens.size(), kMaxSide));
  const size_t m = c.size();
  if (explain) *explain = NameScore{};
  if (n == 0 || m == 0) return 0.0f;
  ScoreScratch& scratch = ThreadScratch();
  std::vector<Unit>& units = scratch.units;
  std::vector<Unit>& chosen = scratch.chosen;
  std::string& joined = scratch.joined;
  units.clear();
  chosen.clear();

  // A lone letter in an organisation's name is part of an abbreviation
  // ("Z-R Group"), not a given name's initial: it does not stand for a word.
  const bool org_name = candidate.kind == NameKind::kOrganization;
  // Consonant skeletons, when either name comes from a script that writes few
  // vowels (list names carry none: they are worked out here).
  const bool skeletal = query.vowelless() || candidate.vowelless;
  auto& c_skeleton = scratch.skeletons;
  if (skeletal) {
    for (size_t j = 0; j < m; ++j) {
      c_skeleton[j] = ConsonantSkeleton(c[j].text);
    }
  }
  std::array<float, kMaxSide * kMaxSide> single;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < m; ++j) {
      const bool q_init = query.token(i).role == TokenRole::kInitial;
      const bool c_init = c[j].role == TokenRole::kInitial;
      float s = org_name && q_init != c_init ? 0.0f : TokenSimilarity(query, i, c[j], p);
      // Only organisations have plurals (Latvian "Lavrovs" is Lavrov).
      if (org_name && s > p.plural_similarity && IsPluralPair(query.token(i), c[j])) {
        s = p.plural_similarity;
      }
      if (skeletal && !q_init && !c_init) {
        s = std::max(s, SkeletonSimilarity(query.skeleton(i), c_skeleton[j], p));
      }
      single[i * kMaxSide + j] = s;
      if (s >= p.min_pair) {
        units.push_back({static_cast<uint8_t>(i), static_cast<uint8_t>(i + 1),
                         static_cast<uint8_t>(j), static_cast<uint8_t>(j + 1), s});
      }
    }
  }
  // Runs of adjacent tokens written as one word on the other side. Only
  // near-exact joins count, so lengths and first letters rule most out.
  // Skeleton joins are looser: spans of 4 (a Burmese name written as one
  // word against "Aung San Suu Kyi") and no length or first-letter filter.
  // Chinese, Japanese and Korean names are transliterated syllable by
  // syllable: "a li ba ba" is Alibaba.
  const bool syllables = !query.script_key().empty() || !candidate.script_key.empty();
  const size_t max_span = skeletal || syllables ? kMaxSpan + 1 : kMaxSpan;
  auto length_fits = [skeletal](size_t a, size_t b) {
    return skeletal ||
           static_cast<float>(std::min(a, b)) >= kMinJoined * static_cast<float>(std::max(a, b));
  };
  for (size_t i = 0; i < n; ++i) {
    const std::string_view qt = query.token(i).text;
    for (size_t j = 0; j + 1 < m; ++j) {
      if (c[j].text.empty() || (!skeletal && qt[0] != c[j].text[0])) continue;
      size_t length = c[j].text.size();
      for (size_t k = 1; k < max_span && j + k < m; ++k) {
        length += c[j + k].text.size();
        if (!length_fits(qt.size(), length)) continue;
        joined.assign(c[j].text);
        for (size_t t = 1; t <= k; ++t) joined.append(c[j + t].text);
        float s = JoinedSimilarity(query.raw(i).Similarity(joined));
        if (skeletal) s = std::max(s, JoinedSkeleton(query.skeleton(i), joined, p));
        if (s > 0) {
          units.push_back({static_cast<uint8_t>(i), static_cast<uint8_t>(i + 1),
                           static_cast<uint8_t>(j), static_cast<uint8_t>(j + k + 1), s});
        }
      }
    }
  }
  for (size_t j = 0; j < m; ++j) {
    const std::string_view ct = c[j].text;
    if (ct.empty()) continue;
    for (size_t i = 0; i + 1 < n; ++i) {
      if (!skeletal && query.token(i).text[0] != ct[0]) continue;
      size_t length = query.token(i).text.size();
      for (size_t k = 1; k < max_span && i + k < n; ++k) {
        length += query.token(i + k).text.size();
        if (!length_fits(ct.size(), length)) continue;
        joined.assign(query.token(i).text);
        for (size_t t = 1; t <= k; ++t) joined.append(query.token(i + t).text);
        float s = JoinedSimilarity(static_cast<float>(OsaSimilarity(ct, joined)));
        if (skeletal) s = std::max(s, JoinedSkeleton(c_skeleton[j], joined, p));
        if (s > 0) {
          units.push_back({static_cast<uint8_t>(i), static_cast<uint8_t>(i + k + 1),
                           static_cast<uint8_t>(j), static_cast<uint8_t>(j + 1), s});
        }
      }
    }
  }
  // A query acronym of an organisation's name: "PLA" / "People's Liberation
  // Army". (Not the other way round: a list token is too often some other
  // name's initials.)
  for (size_t i = 0; i < n && candidate.kind == NameKind::kOrganization; ++i) {
    const std::string_view qt = query.token(i).text;
    if (qt.size() < 3 || qt.size() > 6 || !IsLetters(qt)) continue;
    for (size_t j = 0; j + 1 < m; ++j) {
      size_t end = 0;
      if (AcronymOf(qt, c, j, &end) && end - j >= 2) {
        units.push_back({static_cast<uint8_t>(i), static_cast<uint8_t>(i + 1),
                         static_cast<uint8_t>(j), static_cast<uint8_t>(end), p.acronym_similarity});
      }
    }
  }

  // Best first; at equal similarity the smaller unit, then the pair closer to
  // the same relative position, so repeated tokens align in order.
  auto displacement = [&](const Unit& u) {
    return std::abs(static_cast<float>(u.qb) / static_cast<float>(n) -
                    static_cast<float>(u.cb) / static_cast<float>(m));
  };
  // A pair of particles or stop words ("al" / "al") goes after the others, so
  // that it cannot take a token that a longer run needs ("bdalkhalq" / "abd
  // al khaliq").
  for (Unit& u : units) {
    u.weak = true;
    for (int i = u.qb; i < u.qe && u.weak; ++i) u.weak = !IsStrong(query.token(i).role);
  }
  std::sort(units.begin(), units.end(), [&](const Unit& a, const Unit& b) {
    if (a.weak != b.weak) return b.weak;
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    const int a_size = (a.qe - a.qb) + (a.ce - a.cb), b_size = (b.qe - b.qb) + (b.ce - b.cb);
    if (a_size != b_size) return a_size < b_size;
    const float da = displacement(a), db = displacement(b);
    if (da != db) return da < db;
    return std::tie(a.qb, a.cb) < std::tie(b.qb, b.cb);
  });
  uint32_t used_q = 0, used_c = 0;
  for (const Unit& u : units) {
    const uint32_t mq = RangeMask(u.qb, u.qe), mc = RangeMask(u.cb, u.ce);
    if ((used_q & mq) || (used_c & mc)) continue;
    used_q |= mq;
    used_c |= mc;
    chosen.push_back(u);
  }

  // A word aligned with an initial on the other side only stands if that
  // side has no word left over: in "Vladimir Putin" / "Vladimir P. Kononov"
  // the surname is Kononov, and "P." does not make Putin.
  auto has_left_word = [&](bool query_side) {
    const uint32_t used = query_side ? used_q : used_c;
    const size_t size = query_side ? n : m;
    for (size_t k = 0; k < size; ++k) {
      const TokenRole role = query_side ? query.token(k).role : c[k].role;
      if (!(used & (1u << k)) && role == TokenRole::kWord) return true;
    }
    return false;
  };

  // Aligned pairs: quality from similarity; an initial standing for a word
  // counts with the initial's weight ("V." says less than "Vladimir").
  float quality = 1.0f, aligned_weight = 0.0f, extra_weight = 0.0f;
  bool word_matched = false;
  std::vector<MatchPart> parts;
  for (const Unit& u : chosen) {
    float weight = 0;
    bool q_init = false, c_init = false;
    for (int i = u.qb; i < u.qe; ++i) {
      weight += query.token(i).weight;
      q_init |= query.token(i).role == TokenRole::kInitial;
    }
    for (int j = u.cb; j < u.ce; ++j) c_init |= c[j].role == TokenRole::kInitial;
    if (c_init) weight = std::min(weight, RoleWeight(TokenRole::kInitial));
    if (!q_init && !c_init && u.similarity >= 0.8f) word_matched = true;
    const bool demoted = (q_init != c_init) && has_left_word(/*query_side=*/q_init);
    const float q = Power(demoted ? p.conflict_quality : Quality(u.similarity, p), weight);
    quality *= q;
    aligned_weight += weight;
    if (explain) {
      parts.push_back({demoted ? PartKind::kConflict : PartKind::kMatch, u.qb, u.qe, u.cb, u.ce,
                       u.similarity, q, weight});
    }
  }

  // Leftovers: paired strongest-first as conflicts, the rest are extras.
  IndexList strong_q, strong_c, weak_q, weak_c;
  for (size_t i = 0; i < n; ++i) {
    if (used_q & (1u << i)) continue;
    (IsStrong(query.token(i).role) ? strong_q : weak_q).push_back(static_cast<int>(i));
  }
  for (size_t j = 0; j < m; ++j) {
    if (used_c & (1u << j)) continue;
    (IsStrong(c[j].role) ? strong_c : weak_c).push_back(static_cast<int>(j));
  }
  auto q_weight = [&](int i) { return query.token(i).weight; };
  auto c_weight = [&](int j) { return c[j].weight; };
  strong_q.SortByWeightDescending(q_weight);
  strong_c.SortByWeightDescending(c_weight);
  const size_t conflicts = std::min(strong_q.size, strong_c.size);
  for (size_t k = 0; k < conflicts; ++k) {
    const int i = strong_q[k], j = strong_c[k];
    const float weight = std::min(query.token(i).weight, c[j].weight);
    const float q = Power(p.conflict_quality, weight);
    quality *= q;
    aligned_weight += weight;
    if (explain) {
      parts.push_back({PartKind::kConflict, static_cast<uint8_t>(i), static_cast<uint8_t>(i + 1),
                       static_cast<uint8_t>(j), static_cast<uint8_t>(j + 1),
                       single[i * kMaxSide + j], q, weight});
    }
  }
  // A repeated token ("Sergey Sergey Shoigu") adds nothing and costs nothing.
  auto repeats_matched = [&](int index, bool query_side) {
    const std::string_view text = query_side ? query.token(index).text : c[index].text;
    for (const Unit& u : chosen) {
      const int begin = query_side ? u.qb : u.cb, end = query_side ? u.qe : u.ce;
      for (int k = begin; k < end; ++k) {
        if ((query_side ? query.token(k).text : c[k].text) == text) return true;
      }
    }
    return false;
  };
  const bool org = candidate.kind == NameKind::kOrganization;
  size_t c_strong = 0;
  for (const MatchToken& t : c) c_strong += IsStrong(t.role);
  // A syllable of a Chinese, Japanese or Korean person's name that the other
  // name lacks is a different given name (李克强 is not Li Qiang), not an
  // extra middle name.
  const bool cjk_person = !org && !query.script_key().empty() && candidate.script_key.empty();
  const float lambda_q = cjk_person      ? 1.0f
                         : c_strong <= 1 ? p.lambda_single
                         : org           ? p.lambda_org
                                         : p.lambda_query;
  const float lambda_c = org ? p.lambda_org : p.lambda_candidate;
  auto add_extra = [&](int index, bool query_side) {
    const float base = query_side ? query.token(index).weight : c[index].weight;
    const float weight =
        repeats_matched(index, query_side) ? 0.0f : (query_side ? lambda_q : lambda_c) * base;
    extra_weight += weight;
    if (explain) {
      const uint8_t b = static_cast<uint8_t>(index), e = static_cast<uint8_t>(index + 1);
      parts.push_back(query_side ? MatchPart{PartKind::kQueryOnly, b, e, 0, 0, 0, 1, weight}
                                 : MatchPart{PartKind::kCandidateOnly, 0, 0, b, e, 0, 1, weight});
    }
  };
  for (size_t k = conflicts; k < strong_q.size; ++k) add_extra(strong_q[k], true);
  for (size_t k = conflicts; k < strong_c.size; ++k) add_extra(strong_c[k], false);
  for (int i : weak_q) add_extra(i, true);
  for (int j : weak_c) add_extra(j, false);

  const float coverage =
      aligned_weight > 0 ? aligned_weight / (aligned_weight + extra_weight) : 0.0f;

  // A person's name in another order, or a patronymic turned round.
  float order = 1.0f;
  if (candidate.kind == NameKind::kPerson) {
    int previous_qb = -1, previous_cb = -1;
    // Units in query order: chosen is in similarity order, so scan by qb.
    for (size_t i = 0; i < n && order == 1.0f; ++i) {
      for (const Unit& u : chosen) {
        if (u.qb != static_cast<int>(i)) continue;
        if (previous_qb >= 0 && u.cb < previous_cb) order = p.order_factor;
        previous_qb = u.qb;
        previous_cb = u.cb;
      }
    }
    // "A bin B" against "B bin A": son and father swapped.
    auto aligned_to = [&](int i) -> int {
      for (const Unit& u : chosen) {
        if (i >= u.qb && i < u.qe) return u.cb;
      }
      return -1;
    };
    for (size_t i = 1; i + 1 < n; ++i) {
      const std::string_view t = query.token(i).text;
      if (t != "bin" && t != "bint") continue;
      const int before = aligned_to(static_cast<int>(i) - 1);
      const int after = aligned_to(static_cast<int>(i) + 1);
      if (before >= 0 && after >= 0 && before > after) {
        order = std::min(order, p.patronymic_swap);
        break;
      }
    }
  }
  float legal = 1.0f;
  const uint32_t generic = 1u << static_cast<int>(LegalFamily::kGeneric);
  const uint32_t q_legal = query.legal_families() & ~generic;
  const uint32_t c_legal = candidate.legal_families & ~generic;
  if (q_legal && c_legal && !(q_legal & c_legal)) legal = p.legal_mismatch;
  float script = 1.0f;
  const std::u32string_view q_script = query.script_key();
  if (!q_script.empty() && !candidate.script_key.empty() && q_script != candidate.script_key) {
    script = Quality(CodePointSimilarity(q_script, candidate.script_key), p);
  }
  const float initials = word_matched ? 1.0f : p.only_initials;
  const float numbers = NumbersDiffer(query.view().tokens.first(n), c) ? p.number_conflict : 1.0f;

  const float score =
      std::clamp(coverage * quality * order * legal * script * initials * numbers, 0.0f, 1.0f);
  if (explain) {
    std::sort(parts.begin(), parts.end(), [](const MatchPart& a, const MatchPart& b) {
      const bool a_q = a.query_end > a.query_begin, b_q = b.query_end > b.query_begin;
      if (a_q != b_q) return a_q;
      return a_q ? a.query_begin < b.query_begin : a.candidate_begin < b.candidate_begin;
    });
    explain->score = score;
    explain->coverage = coverage;
    explain->quality = quality;
    explain->order_factor = order;
    explain->legal_factor = legal;
    explain->script_factor = script;
    explain->initials_factor = initials;
    explain->number_factor = numbers;
    explain->parts = std::move(parts);
  }
  return score;
}

float ScoreNames(std::string_view query, std::string_view candidate, NameKind kind,
                 const MatchParams& params, NameScore* explain, const TokenFrequency& frequency) {
  // The best pair of readings (NormalizeReadings).
  std::vector<PreparedName> queries, candidates;
  for (auto& reading : NormalizeReadings(query, kind)) {
    queries.emplace_back(std::move(reading), kind);
    queries.back().ApplyRarity(frequency);
  }
  for (auto& reading : NormalizeReadings(candidate, kind)) {
    candidates.emplace_back(std::move(reading), kind);
    candidates.back().ApplyRarity(frequency);
  }
  float best = -1;
  const PreparedName *best_q = nullptr, *best_c = nullptr;
  for (const PreparedName& q : queries) {
    for (const PreparedName& c : candidates) {
      const float score = ScoreName(q, c.view(), params);
      if (score > best) {
        best = score;
        best_q = &q;
        best_c = &c;
      }
    }
  }
  return ScoreName(*best_q, best_c->view(), params, explain);
}

}  // namespace stargate::screen
