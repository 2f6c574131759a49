// Small text utilities: "did you mean" suggestions for misspelled keys and ids.
#ifndef STARGATE_CORE_TEXT_H_
#define STARGATE_CORE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stargate {

// Levenshtein distance, case-insensitive.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo
// (distance at most a third of the word's length, and at least 1 allowed).
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

// "one of a, b, c" (for "expected" messages).
std::string OneOf(const std::vector<std::string>& choices);

}  // namespace stargate

#endif  // STARGATE_CORE_TEXT_H_
