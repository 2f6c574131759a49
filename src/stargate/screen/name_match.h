// Scoring one query name against one list name, with the explanation.
//
// Tokens of the two names are aligned one to one (or one to an adjacent run
// of 2-3 tokens: "vanderbilt" / "van der bilt", "PLA" / "People's Liberation
// Army") by best token similarity first. Then
//
//   score = coverage * quality * factors
//
// quality is the product over aligned pairs of q(similarity)^weight, with
// q(s) = 1 - a (1 - s)^p, so that one poor pair sinks the score however many
// other tokens agree ("... Hasan al-Dulaimi" is not "... Hasan al-Tikriti"); a
// token left over on both sides is a conflict ("Daniel Tusk" / "Donald Tusk")
// and multiplies by conflict_quality^weight. coverage is the aligned weight
// over the aligned weight plus lambda times the weight of tokens only one name
// has ("Vladimir Vladimirovich Putin" / "Vladimir Putin"): extra names dilute,
// they do not contradict. The factors are small penalties for a person's name
// in another order, a patronymic turned round ("X bin Y" / "Y bin X"), legal
// forms of different families (AG vs GmbH) and, for names written in Chinese,
// Japanese or Korean characters on both sides, a different character.
// Token weights come from the token's role: a particle says less than a
// surname.
#ifndef STARGATE_SCREEN_NAME_MATCH_H_
#define STARGATE_SCREEN_NAME_MATCH_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/screen/normalize.h"
#include "stargate/screen/similarity.h"

namespace stargate::screen {

struct MatchParams {
  // Token similarity: max(OSA similarity, fold_factor * OSA similarity of
  // the phonetic folds).
  float fold_factor = 0.9f;
  float initial_similarity = 0.9f;  // "V" against "Vladimir"
  float number_mismatch = 0.6f;     // "Fund 5" against "Fund 6"
  float acronym_similarity = 0.8f;  // "PLA" against "People's Liberation Army"
  // Pairs below this similarity are not aligned (they become conflicts).
  float min_pair = 0.5f;
  // q(s) = max(0, 1 - quality_scale * (1 - s)^quality_power)
  float quality_scale = 4.2f;
  float quality_power = 2.32f;
  float conflict_quality = 0.3f;
  float lambda_query = 0.3f;       // weight of a query token the list name lacks
  float lambda_candidate = 0.25f;  // weight of a list-name token the query lacks
  float lambda_org = 0.3f;         // either, in an organisation's name
  // A query token a one-token list name lacks: "VLADIMIR" alone (an alias)
  // is not "Vladimir Putin".
  float lambda_single = 0.6f;
  float order_factor = 0.95f;    // a person's name with tokens in another order
  float patronymic_swap = 0.5f;  // "X bin Y" against "Y bin X"
  float legal_mismatch = 0.8f;   // legal forms of different families
  float only_initials = 0.5f;    // nothing but initials matched
  // Both names' types known and different: a vessel is not the company that
  // owns it, whatever the names share ("ARK III" / "ARK III Shipping Ltd").
  float type_mismatch = 0.5f;
  // Identifiers the query gives that the entry's contradict (screen.h
  // ScreenOptions::imo, birth_year): an IMO number names one hull, so another
  // one says another vessel; a year of birth may be misrecorded, so it says
  // less.
  float identifier_mismatch = 0.3f;
  float birth_year_mismatch = 0.6f;
  // The query's country against the countries the list ties the entry to:
  // none of them is the query's (another jurisdiction) counts against, one
  // of them counts a little for (the score capped at 1). A listed party may
  // trade from elsewhere, so a differing country only lowers the score.
  // assumption: chosen so that a full name match in another country (1.0 ->
  // 0.9) stays a match, and one at the review threshold falls below it.
  float country_mismatch = 0.9f;
  float country_match = 1.05f;
  // A distinctive word against its plural ("Global Trader" / "Global
  // Traders"): sibling companies are often named so; the edit distance alone
  // (one letter) would call them the same.
  float plural_similarity = 0.6f;
  // Both names carry numbers and none is shared: "ARK II" / "ARK III",
  // "Fund VIII" / "Fund IX" are different vessels and vehicles.
  float number_conflict = 0.55f;
  // Names from scripts that write few vowels (Hebrew, Arabic, Thai, Burmese)
  // are also compared by their consonant skeletons, at this factor.
  float skeleton_factor = 0.92f;
};

// A name's tokens as the matcher reads them (views into an index or into a
// normalized query).
struct MatchToken {
  std::string_view text;
  std::string_view folded;
  TokenRole role = TokenRole::kWord;
  float weight = 1.0f;
};

struct NameView {
  std::span<const MatchToken> tokens;
  uint32_t legal_families = 0;
  NameKind kind = NameKind::kOrganization;
  std::u32string_view script_key;  // see NormalizedName::script_key
  bool vowelless = false;          // see NormalizedName::vowelless
};

// How many entries of the list have a name with this (normalized) token.
using TokenFrequency = std::function<uint32_t(std::string_view token)>;

// Rarity from the list itself (issue 20): a word that more than
// kRarityCommonEntries entries have in their names says little about which
// entry is meant, whether business-words.tsv knows it or not ("state",
// "iran", "petrochemical" in the SDN list). Its weight falls by
// kRaritySlope per doubling above that count, to kRarityFloor; a token's
// weight is the lower of this and its role's or business word's weight.
// assumption: the constants were set on the tune split (screen_eval --rarity).
inline constexpr uint32_t kRarityCommonEntries = 25;
inline constexpr float kRaritySlope = 0.2f;
inline constexpr float kRarityFloor = 0.4f;
float RarityWeight(uint32_t entries);
// Whether rarity applies to a token of this role (words and business words;
// particles, initials and numbers keep their own weights).
bool RarityApplies(TokenRole role);

// A query name normalized one way (as a person or as an organisation) with
// its tokens prepared for fast distance computations.
class PreparedName {
 public:
  PreparedName() = default;
  explicit PreparedName(NormalizedName name, NameKind kind);
  PreparedName(const PreparedName&) = delete;
  PreparedName& operator=(const PreparedName&) = delete;
  PreparedName(PreparedName&&) = default;
  PreparedName& operator=(PreparedName&&) = default;

  const NormalizedName& normalized() const { return name_; }
  // Lowers each word's weight to RarityWeight(frequency(word)).
  void ApplyRarity(const TokenFrequency& frequency);
  NameView view() const;
  size_t size() const { return tokens_.size(); }
  const MatchToken& token(size_t i) const { return tokens_[i]; }
  const PreparedToken& raw(size_t i) const { return raw_[i]; }
  const PreparedToken& folded(size_t i) const { return folded_[i]; }
  // ConsonantSkeleton of token i (kept here, not in MatchToken, so that list
  // tokens stay small: they are read for every candidate).
  std::string_view skeleton(size_t i) const { return skeletons_[i]; }
  uint32_t legal_families() const { return name_.legal_families; }
  std::u32string_view script_key() const { return name_.script_key; }
  bool vowelless() const { return name_.vowelless; }

 private:
  NormalizedName name_;
  NameKind kind_ = NameKind::kOrganization;
  std::vector<std::string> folds_, skeletons_;
  std::vector<MatchToken> tokens_;
  std::vector<PreparedToken> raw_, folded_;
};

// The quality factor of an aligned pair with this similarity:
// max(0, 1 - quality_scale * (1 - similarity)^quality_power).
float QualityOf(float similarity, const MatchParams& params);

// Similarity of two consonant skeletons (ConsonantSkeleton), times
// skeleton_factor; 0 for an empty one.
float SkeletonSimilarity(std::string_view a, std::string_view b, const MatchParams& params);

// Similarity of query token i with a candidate token, in [0, 1].
float TokenSimilarity(const PreparedName& query, size_t i, const MatchToken& candidate,
                      const MatchParams& params);

enum class PartKind : uint8_t { kMatch, kConflict, kQueryOnly, kCandidateOnly };
const char* PartKindName(PartKind kind);

// One step of the explanation: query tokens [query_begin, query_end) against
// candidate tokens [candidate_begin, candidate_end); an empty range on one side
// for kQueryOnly / kCandidateOnly.
struct MatchPart {
  PartKind kind = PartKind::kMatch;
  uint8_t query_begin = 0, query_end = 0;
  uint8_t candidate_begin = 0, candidate_end = 0;
  float similarity = 0;
  float quality = 1;  // factor this part contributes to the quality product
  float weight = 0;   // the part's weight (for extras: already times lambda)
};

struct NameScore {
  float score = 0;
  float coverage = 1;
  float quality = 1;
  float order_factor = 1;
  float legal_factor = 1;
  float script_factor = 1;
  float initials_factor = 1;
  float number_factor = 1;       // number_conflict when the names' numbers differ
  std::vector<MatchPart> parts;  // only when asked for
};

// The score of `candidate` for `query`, in [0, 1]. Fills `explain` (parts in
// query order) when it is not null.
float ScoreName(const PreparedName& query, const NameView& candidate, const MatchParams& params,
                NameScore* explain = nullptr);

// Convenience for tests and evaluation: normalizes both names as `kind`;
// with `frequency`, both names' words weigh by their rarity in that list.
float ScoreNames(std::string_view query, std::string_view candidate, NameKind kind,
                 const MatchParams& params = {}, NameScore* explain = nullptr,
                 const TokenFrequency& frequency = {});

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_NAME_MATCH_H_
