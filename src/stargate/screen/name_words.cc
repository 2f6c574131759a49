#include "stargate/screen/name_words.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace stargate::screen {
namespace {

struct LegalFormEntry {
  const char* phrase;  // normalized tokens, space-separated
  LegalFamily family;
};

using F = LegalFamily;

// Phrases are written as the tokenizer leaves them: lower case, apostrophes
// dropped, dotted initialisms joined ("L.L.C." -> "llc", "Sp. z o.o." -> "sp z oo").
constexpr LegalFormEntry kLegalForms[] = {
    {"co", F::kGeneric},
    {"company", F::kGeneric},
    {"corp", F::kGeneric},
    {"corporation", F::kGeneric},
    {"inc", F::kGeneric},
    {"incorporated", F::kGeneric},
    {"ltd", F::kGeneric},
    {"limited", F::kGeneric},
    {"cia", F::kGeneric},
    {"bhd", F::kGeneric},
    {"berhad", F::kGeneric},
    {"llc", F::kLimitedLiability},
    {"limited liability company", F::kLimitedLiability},
    {"limited liability co", F::kLimitedLiability},
    {"ooo", F::kLimitedLiability},
    {"obshchestvo s ogranichennoy otvetstvennostyu", F::kLimitedLiability},
    {"obshestvo s ogranichennoj otvetstvennostju", F::kLimitedLiability},
    {"gmbh", F::kLimitedLiability},
    {"gesellschaft mit beschraenkter haftung", F::kLimitedLiability},
    {"gesellschaft mit beschrankter haftung", F::kLimitedLiability},
    {"sarl", F::kLimitedLiability},
    {"srl", F::kLimitedLiability},
    {"societatea cu raspundere limitata", F::kLimitedLiability},
    {"societa a responsabilita limitata", F::kLimitedLiability},
    {"sociedad de responsabilidad limitada", F::kLimitedLiability},
    {"sp z oo", F::kLimitedLiability},
    {"spolka z ograniczona odpowiedzialnoscia", F::kLimitedLiability},
    {"ltda", F::kLimitedLiability},
    {"sro", F::kLimitedLiability},
    {"sia", F::kLimitedLiability},
    {"doo", F::kLimitedLiability},
    {"kft", F::kLimitedLiability},
    {"tov", F::kLimitedLiability},
    {"wll", F::kLimitedLiability},
    {"fzllc", F::kLimitedLiability},
    {"jsc", F::kJointStock},
    {"ojsc", F::kJointStock},
    {"cjsc", F::kJointStock},
    {"pjsc", F::kJointStock},
    {"oao", F::kJointStock},
    {"zao", F::kJointStock},
    {"pao", F::kJointStock},
    {"ao", F::kJointStock},
    {"joint stock company", F::kJointStock},
    {"joint stock co", F::kJointStock},
    {"open joint stock company", F::kJointStock},
    {"closed joint stock company", F::kJointStock},
    {"public joint stock company", F::kJointStock},
    {"aktsionernoye obshchestvo", F::kJointStock},
    {"aktsionernoe obshchestvo", F::kJointStock},
    {"akcionernoe obsestvo", F::kJointStock},
    {"otkrytoye aktsionernoye obshchestvo", F::kJointStock},
    {"zakrytoye aktsionernoye obshchestvo", F::kJointStock},
    {"publichnoye aktsionernoye obshchestvo", F::kJointStock},
    {"ag", F::kStockCorporation},
    {"aktiengesellschaft", F::kStockCorporation},
    {"kk", F::kStockCorporation},
    {"kabushiki kaisha", F::kStockCorporation},
    {"plc", F::kPublicLimited},
    {"public limited company", F::kPublicLimited},
    {"sa", F::kSocieteAnonyme},
    {"spa", F::kSocieteAnonyme},
    {"sal", F::kSocieteAnonyme},
    {"sa de cv", F::kSocieteAnonyme},
    {"sab de cv", F::kSocieteAnonyme},
    {"societe anonyme", F::kSocieteAnonyme},
    {"sociedad anonima", F::kSocieteAnonyme},
    {"societa per azioni", F::kSocieteAnonyme},
    {"sas", F::kSimplifiedStock},
    {"societe par actions simplifiee", F::kSimplifiedStock},
    {"bv", F::kPrivateLimited},
    {"pte", F::kPrivateLimited},
    {"pty", F::kPrivateLimited},
    {"pvt", F::kPrivateLimited},
    {"sdn", F::kPrivateLimited},
    {"sendirian", F::kPrivateLimited},
    {"nv", F::kPublicCompanyNv},
    {"ab", F::kNordicStock},
    {"as", F::kNordicStock},
    {"asa", F::kNordicStock},
    {"aps", F::kNordicStock},
    {"oy", F::kNordicStock},
    {"oyj", F::kNordicStock},
    {"lp", F::kPartnership},
    {"llp", F::kPartnership},
    {"limited partnership", F::kPartnership},
    {"limited liability partnership", F::kPartnership},
    {"kg", F::kPartnership},
    {"gp", F::kPartnership},
    {"bvba", F::kBelgianPrivate},
    {"sprl", F::kBelgianPrivate},
    {"ano", F::kNonProfit},
    {"ev", F::kNonProfit},
    {"na", F::kNationalBank},
    {"fze", F::kFreeZone},
    {"fzco", F::kFreeZone},
    {"fzc", F::kFreeZone},
    {"pt", F::kIndonesian},
    {"tbk", F::kIndonesian},
};

// Short forms that are also ordinary name words (Arabic "as", Portuguese
// "na", "Co" as a surname): only stripped from organisation names.
constexpr const char* kAmbiguousForms[] = {
    "co", "sa", "as",  "ab",  "ag",  "ao",  "na",  "nv",  "bv",  "oy",  "pt",  "kg",  "gp", "lp",
    "ev", "kk", "sal", "ano", "spa", "sas", "cia", "sdn", "tov", "doo", "aps", "pte", "sia"};

struct LegalTable {
  // First token -> phrases starting with it, longest first.
  absl::flat_hash_map<std::string, std::vector<std::pair<std::vector<std::string>, F>>> by_first;
  absl::flat_hash_set<std::string> ambiguous;
};

const LegalTable& Legal() {
  static const LegalTable* table = [] {
    auto* t = new LegalTable;
    for (const auto& entry : kLegalForms) {
      std::vector<std::string> words = absl::StrSplit(entry.phrase, ' ');
      t->by_first[words[0]].push_back({words, entry.family});
    }
    for (auto& [first, phrases] : t->by_first) {
      std::sort(phrases.begin(), phrases.end(),
                [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
    for (const char* form : kAmbiguousForms) t->ambiguous.insert(form);
    return t;
  }();
  return *table;
}

using WordSet = absl::flat_hash_set<std::string_view>;

const WordSet& Titles() {
  static const WordSet* set = new WordSet{
      "mr",      "mrs",  "ms",        "miss",       "dr",        "prof",     "professor", "sir",
      "dame",    "lord", "president", "praesident", "prasident", "monsieur", "madame",    "mme",
      "mlle",    "herr", "frau",      "senor",      "senora",    "sheikh",   "shaikh",    "sheik",
      "shaykh",  "haji", "hajji",     "alhaji",     "mullah",    "mulla",    "maulvi",    "mawlawi",
      "maulana", "qari", "hon",       "honorable",  "general",   "gen",      "colonel",   "col",
      "major",   "maj",  "captain",   "capt",       "lt",        "sgt",      "admiral",   "adm",
      "mv",      "mt",   "ss",        "rev",        "reverend",  "imam",     "ayatollah"};
  return *set;
}

const WordSet& StopWords() {
  static const WordSet* set = new WordSet{
      "the", "of",  "and", "for", "in",  "on",  "at",  "an", "de",  "del", "della", "di",
      "da",  "do",  "dos", "das", "du",  "des", "la",  "le", "les", "lo",  "y",     "et",
      "und", "van", "von", "der", "den", "ter", "ten", "zu", "to",  "by",  "with"};
  return *set;
}

const WordSet& Particles() {
  static const WordSet* set =
      new WordSet{"al",  "el", "bin", "ibn", "ben", "bint", "binti", "abu", "abou", "um",
                  "umm", "ul", "ud",  "ur",  "ad",  "ash",  "as",    "ar",  "az"};
  return *set;
}

const WordSet& GenericOrgWords() {
  static const WordSet* set = new WordSet{"bank",
                                          "banking",
                                          "group",
                                          "holding",
                                          "holdings",
                                          "international",
                                          "global",
                                          "national",
                                          "general",
                                          "trading",
                                          "trade",
                                          "industries",
                                          "industry",
                                          "industrial",
                                          "systems",
                                          "system",
                                          "solutions",
                                          "services",
                                          "service",
                                          "enterprises",
                                          "enterprise",
                                          "technology",
                                          "technologies",
                                          "capital",
                                          "partners",
                                          "investment",
                                          "investments",
                                          "fund",
                                          "trust",
                                          "management",
                                          "business",
                                          "financial",
                                          "finance",
                                          "securities",
                                          "insurance",
                                          "energy",
                                          "oil",
                                          "gas",
                                          "petroleum",
                                          "shipping",
                                          "logistics",
                                          "manufacturing",
                                          "engineering",
                                          "construction",
                                          "development",
                                          "resources",
                                          "organization",
                                          "association",
                                          "foundation",
                                          "institute",
                                          "center",
                                          "society",
                                          "council",
                                          "committee",
                                          "ministry",
                                          "department",
                                          "government",
                                          "establishment",
                                          "agency",
                                          "office",
                                          "factory",
                                          "plant",
                                          "works",
                                          "import",
                                          "export",
                                          "commercial",
                                          "products",
                                          "electronics",
                                          "electronic",
                                          "equipment",
                                          "machinery",
                                          "marine",
                                          "maritime",
                                          "airlines",
                                          "aviation",
                                          "limited",
                                          "brothers",
                                          "sons",
                                          "associates",
                                          "consulting",
                                          "world",
                                          "united",
                                          "union",
                                          "federation",
                                          "authority",
                                          "university",
                                          "academy",
                                          "research",
                                          "scientific",
                                          "production",
                                          "chemical",
                                          "chemicals",
                                          "pharmaceutical",
                                          "medical",
                                          "mining",
                                          "metals",
                                          "steel",
                                          "motor",
                                          "motors",
                                          "electric",
                                          "power",
                                          "telecom",
                                          "communications",
                                          "media",
                                          "network",
                                          "exchange",
                                          "money",
                                          "transport",
                                          "transportation",
                                          "navigation",
                                          "line",
                                          "lines",
                                          "tankers",
                                          "ships"};
  return *set;
}

}  // namespace

std::optional<LegalFormMatch> MatchLegalForm(const std::vector<std::string>& tokens, size_t begin) {
  const LegalTable& table = Legal();
  auto it = table.by_first.find(tokens[begin]);
  if (it == table.by_first.end()) return std::nullopt;
  for (const auto& [words, family] : it->second) {
    if (begin + words.size() > tokens.size()) continue;
    bool all = true;
    for (size_t k = 1; k < words.size() && all; ++k) all = tokens[begin + k] == words[k];
    if (!all) continue;
    LegalFormMatch match;
    match.length = static_cast<int>(words.size());
    match.family = family;
    match.ambiguous = words.size() == 1 && table.ambiguous.contains(words[0]);
    return match;
  }
  return std::nullopt;
}

bool IsTitle(std::string_view token) { return Titles().contains(token); }
bool IsStopWord(std::string_view token) { return StopWords().contains(token); }
bool IsNameParticle(std::string_view token) { return Particles().contains(token); }
bool IsGenericOrgWord(std::string_view token) { return GenericOrgWords().contains(token); }

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
  static const auto* spellings = new absl::flat_hash_map<std::string_view, std::string_view>{
      {"organisation", "organization"},
      {"organisations", "organizations"},
      {"labour", "labor"},
      {"centre", "center"},
      {"defence", "defense"},
      {"programme", "program"},
      {"intl", "international"},
      {"natl", "national"},
      {"mfg", "manufacturing"},
      {"dept", "department"},
      {"govt", "government"},
      {"assn", "association"},
      {"bros", "brothers"},
      {"univ", "university"},
      {"svcs", "services"},
      {"mohd", "mohammed"},
      {"inst", "institute"},
      {"assoc", "association"},
      {"acad", "academy"},
      {"mgmt", "management"},
      {"grp", "group"},
      {"hldgs", "holdings"},
      {"ctr", "center"},
      {"fdn", "foundation"},
      {"chem", "chemical"},
      {"pharm", "pharmaceutical"},
      {"engg", "engineering"},
      {"tech", "technology"},
      // One particle, many spellings: "el-Assad" / "al-Assad", "ibn" / "bin".
      {"el", "al"},
      {"ibn", "bin"},
      {"ben", "bin"},
      {"abou", "abu"}};
  if (auto it = spellings->find(token); it != spellings->end()) return it->second;
  return token;
}

}  // namespace stargate::screen
