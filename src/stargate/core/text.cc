#include "stargate/core/text.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/utf8.h"

namespace stargate {

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

namespace {

// True when `word` is how `candidate` begins up to a separator, ignoring
// case: "H100" names the start of "H100-SXM" (a user's short name for it),
// while "H20" is no part of "H200-SXM".
bool NamesTheStartOf(std::string_view word, std::string_view candidate) {
  if (word.empty() || candidate.size() <= word.size()) return false;
  const char next = candidate[word.size()];
  if (next != '-' && next != '_' && next != ' ') return false;
  return EditDistance(word, candidate.substr(0, word.size())) == 0;
}

}  // namespace

std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  // A short form of a longer name beats any typo: "H100" -> "H100-SXM", not "H20".
  for (const auto& candidate : candidates) {
    if (NamesTheStartOf(word, candidate)) return candidate;
  }
  const int allowed = std::max<int>(1, static_cast<int>(word.size()) / 3);
  std::optional<std::string> best;
  int best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    // The distance is at least the difference in length: skipping those
    // keeps a hostile megabyte-long word from costing seconds.
    const size_t longer = std::max(word.size(), candidate.size());
    const size_t shorter = std::min(word.size(), candidate.size());
    if (longer - shorter > static_cast<size_t>(allowed)) continue;
    const int d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string Excerpt(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0, i = 0;
  while (i < text.size() && chars < max_chars) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = Utf8SequenceLength(text, i);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F || n == 0) {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    } else {
      out.append(text.substr(i, n));
      i += n;
      ++chars;
      continue;
    }
    ++i;
    ++chars;
  }
  if (i < text.size()) out += "...";
  return out;
}

std::string OneOf(const std::vector<std::string>& choices) {
  if (choices.size() == 1) return choices[0];
  return "one of " + absl::StrJoin(choices, ", ");
}

}  // namespace stargate
