// String similarity of name tokens: optimal-string-alignment distance
// (Levenshtein plus adjacent transpositions, "Marcon"/"Macron" is one edit),
// computed bit-parallel (Hyyrö 2003) against a prepared query token, and
// Jaro-Winkler.
#ifndef STARGATE_SCREEN_SIMILARITY_H_
#define STARGATE_SCREEN_SIMILARITY_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stargate::screen {

// Plain dynamic-programming OSA distance; any length.
int OsaDistance(std::string_view a, std::string_view b);

// 1 - distance / longer length, in [0, 1]; 1 for two empty strings.
double OsaSimilarity(std::string_view a, std::string_view b);

// Jaro-Winkler similarity with the usual prefix scale 0.1 (up to 4 characters).
double JaroWinkler(std::string_view a, std::string_view b);

// A token prepared once and compared with many others in O(length of the
// other) machine-word steps. Tokens longer than 64 bytes fall back to the
// plain algorithm.
class PreparedToken {
 public:
  PreparedToken() = default;
  explicit PreparedToken(std::string_view text);

  const std::string& text() const { return text_; }
  int Distance(std::string_view other) const;
  double Similarity(std::string_view other) const;
  // An upper bound of Similarity() against any text of `other_length`
  // bytes: the lengths alone force |n - m| edits. Lets callers skip a
  // comparison that cannot change their answer.
  double SimilarityBound(size_t other_length) const {
    const size_t n = text_.size();
    const size_t longer = std::max(n, other_length),
                 diff = n > other_length ? n - other_length : other_length - n;
    return longer == 0 ? 1.0 : 1.0 - static_cast<double>(diff) / static_cast<double>(longer);
  }

 private:
  std::string text_;
  std::array<uint64_t, 256> masks_{};
};

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_SIMILARITY_H_
