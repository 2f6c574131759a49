#include "stargate/screen/internal/name_words.h"

#include "absl/container/flat_hash_map.h"
#include "stargate/screen/internal/name_forms.h"

namespace stargate::screen {
namespace {

// Debian's Abseil has its own string_view: the tables are looked up with it.
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool HasRole(std::string_view token, SmallWordRole role) {
  const auto& words = BuiltInNameForms().small_words;
  auto it = words.find(Key(token));
  return it != words.end() && it->second == role;
}

}  // namespace

std::optional<LegalFormMatch> MatchLegalForm(const std::vector<std::string>& tokens, size_t begin) {
  const auto& table = BuiltInNameForms().legal_by_first;
  auto it = table.find(tokens[begin]);
  if (it == table.end()) return std::nullopt;
  for (const LegalPhrase& phrase : it->second) {
    const auto& words = phrase.words;
    if (begin + words.size() > tokens.size()) continue;
    bool all = true;
    for (size_t k = 1; k < words.size() && all; ++k) all = tokens[begin + k] == words[k];
    if (!all) continue;
    LegalFormMatch match;
    match.length = static_cast<int>(words.size());
    match.family = phrase.family;
    match.ambiguous = phrase.ambiguous;
    return match;
  }
  return std::nullopt;
}

bool IsTitle(std::string_view token) { return HasRole(token, SmallWordRole::kTitle); }
bool IsStopWord(std::string_view token) { return HasRole(token, SmallWordRole::kStop); }
bool IsNameParticle(std::string_view token) { return HasRole(token, SmallWordRole::kParticle); }
bool IsGenericOrgWord(std::string_view token) {
  return BuiltInNameForms().business_words.contains(Key(token));
}
float BusinessWordWeight(std::string_view token) {
  const auto& words = BuiltInNameForms().business_words;
  auto it = words.find(Key(token));
  return it == words.end() ? 1.0f : it->second;
}
bool IsVesselPrefix(std::string_view token) {
  return BuiltInNameForms().vessel_prefixes.contains(Key(token));
}
const std::vector<std::string>* OrgExpansion(std::string_view token) {
  const auto& expansions = BuiltInNameForms().org_expansions;
  auto it = expansions.find(Key(token));
  return it == expansions.end() ? nullptr : &it->second;
}

std::string ReplaceScriptWords(std::string_view utf8) {
  std::string out(utf8);
  for (const auto& [native, latin] : BuiltInNameForms().script_words) {
    for (size_t at = out.find(native); at != std::string::npos;
         at = out.find(native, at + latin.size() + 2)) {
      out.replace(at, native.size(), " " + latin + " ");
    }
  }
  return out;
}

std::optional<int> NumberWordValue(std::string_view token, bool roman) {
  static const auto* words = new absl::flat_hash_map<std::string_view, int>{
      {"zero", 0},      {"one", 1},      {"two", 2},        {"three", 3},      {"four", 4},
      {"five", 5},      {"six", 6},      {"seven", 7},      {"eight", 8},      {"nine", 9},
      {"ten", 10},      {"eleven", 11},  {"twelve", 12},    {"thirteen", 13},  {"fourteen", 14},
      {"fifteen", 15},  {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},  {"nineteen", 19},
      {"twenty", 20},   {"thirty", 30},  {"forty", 40},     {"fourty", 40},    {"fifty", 50},
      {"sixty", 60},    {"seventy", 70}, {"eighty", 80},    {"ninety", 90},    {"hundred", 100},
      {"first", 1},     {"second", 2},   {"third", 3},      {"fourth", 4},     {"fifth", 5},
      {"sixth", 6},     {"seventh", 7},  {"eighth", 8},     {"ninth", 9},      {"tenth", 10},
      {"eleventh", 11}, {"twelfth", 12}, {"twentieth", 20}, {"thirtieth", 30}, {"fortieth", 40},
      {"fiftieth", 50}};
  if (auto it = words->find(token); it != words->end()) return it->second;
  // "1st", "22nd", "3rd", "44th"
  if (token.size() >= 3) {
    const std::string_view suffix = token.substr(token.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
      int value = 0;
      const std::string_view digits = token.substr(0, token.size() - 2);
      for (char c : digits) {
        if (c < '0' || c > '9' || value > 100000) return std::nullopt;
        value = value * 10 + (c - '0');
      }
      return value;
    }
  }
  if (roman) {
    static const auto* numerals = new absl::flat_hash_map<std::string_view, int>{
        {"i", 1},    {"ii", 2},    {"iii", 3},    {"iv", 4},   {"v", 5},
        {"vi", 6},   {"vii", 7},   {"viii", 8},   {"ix", 9},   {"x", 10},
        {"xi", 11},  {"xii", 12},  {"xiii", 13},  {"xiv", 14}, {"xv", 15},
        {"xvi", 16}, {"xvii", 17}, {"xviii", 18}, {"xix", 19}, {"xx", 20}};
    if (auto it = numerals->find(token); it != numerals->end()) return it->second;
  }
  return std::nullopt;
}

std::string_view CanonicalWord(std::string_view token) {
  const auto& spellings = BuiltInNameForms().spellings;
  if (auto it = spellings.find(Key(token)); it != spellings.end()) return it->second;
  return token;
}

}  // namespace stargate::screen
