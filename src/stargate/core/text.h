// Small text utilities: "did you mean" suggestions for misspelled keys and ids,
// and short excerpts of user text for messages.
#ifndef STARGATE_CORE_TEXT_H_
#define STARGATE_CORE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stargate {

// Levenshtein distance, case-insensitive.
int EditDistance(std::string_view a, std::string_view b);

// The candidate `word` is a short form of ("H100" for "H100-SXM": the start of
// its name up to a '-', '_' or ' ', any case), else the one closest to it if
// close enough to be a plausible typo (distance at most a third of the word's
// length, and at least 1 allowed).
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

// At most `max_chars` characters of `text` for a message, "..." marking a cut;
// control characters and bytes that are not UTF-8 are shown as \n, \t,
// \xNN, so that a hostile value cannot flood or garble a terminal or log.
std::string Excerpt(std::string_view text, size_t max_chars = 40);

// "one of a, b, c" (for "expected" messages).
std::string OneOf(const std::vector<std::string>& choices);

}  // namespace stargate

#endif  // STARGATE_CORE_TEXT_H_
