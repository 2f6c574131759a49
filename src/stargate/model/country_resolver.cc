#include "stargate/model/country_resolver.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/text.h"

namespace stargate {
namespace {

// U+00C0..U+00FF (Latin-1 letters with accents) as plain letters, so that
// "Türkiye", "Turkiye" and "TÜRKIYE" are one name; "" for × and ÷.
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Longest input looked at: names are short, and a hostile megabyte must not
// cost an edit distance against every name.
constexpr size_t kMaxInput = 80;

std::string Shown(const Country& c) { return absl::StrCat(c.name, " (", c.iso2, ")"); }

bool IsCodeShape(std::string_view text) {
  return text.size() == 2 && std::isalpha(static_cast<unsigned char>(text[0])) &&
         std::isalpha(static_cast<unsigned char>(text[1]));
}

// Whether `words` is a run of whole words of `name` (both normalized).
bool HasWords(const std::string& name, const std::string& words) {
  for (size_t at = name.find(words); at != std::string::npos; at = name.find(words, at + 1)) {
    const size_t end = at + words.size();
    if ((at == 0 || name[at - 1] == ' ') && (end == name.size() || name[end] == ' ')) return true;
  }
  return false;
}

// Edits between two short names, a swap of neighbours counting as one
// ("Indai" is one slip from "India"): optimal string alignment distance.
int SlipDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string CountryResolver::Normalize(std::string_view text) {
  std::string out;
  bool space = true;  // drops leading spaces and collapses runs
  auto put = [&](std::string_view letters) {
    if (letters.empty()) return;
    out += letters;
    space = false;
  };
  for (size_t i = 0; i < text.size() && out.size() < kMaxInput; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) {
        out += static_cast<char>(std::tolower(c));
        space = false;
      } else if (c == '.' || c == '\'') {
        // "U.A.E." is "uae", "People's" is "peoples": dropped, not a break.
      } else if (!space) {
        out += ' ';
        space = true;
      }
    } else if (c == 0xC3 && i + 1 < text.size()) {
      const unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0xBF) put(kLatin1[next - 0x80]);
      ++i;
    } else if ((c == 0xC4 || c == 0xC5) && i + 1 < text.size()) {
      // The Turkish letters of "TÜRKİYE" and the like: İ ı ğ Ğ ş Ş.
      const unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if (c == 0xC4 && (next == 0xB0 || next == 0xB1)) put("i");
      if (c == 0xC4 && (next == 0x9E || next == 0x9F)) put("g");
      if (c == 0xC5 && (next == 0x9E || next == 0x9F)) put("s");
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x99) {
      i += 2;  // the typographic apostrophe ’, dropped like '
    }
    // Any other non-ASCII byte is dropped: no name in the data needs it.
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.rfind("the ", 0) == 0) out.erase(0, 4);
  return out;
}

CountryResolver::CountryResolver(const std::vector<Country>& countries) : countries_(&countries) {
  for (size_t i = 0; i < countries.size(); ++i) {
    const int index = static_cast<int>(i);
    names_.emplace_back(Normalize(countries[i].name), index);
    for (const auto& alias : countries[i].aliases) names_.emplace_back(Normalize(alias), index);
  }
}

CountryResolution CountryResolver::Resolve(std::string_view text, std::string_view label) const {
  CountryResolution r;
  const std::vector<Country>& countries = *countries_;
  r.expected = absl::StrCat(
      "a country of the scenario by name or ISO 3166 alpha-2 code, in any case, such as Germany or "
      "DE "
      "(see 'stargate show countries')");
  const std::string key = Normalize(text);
  if (key.empty()) {
    r.what = absl::StrCat(std::string(label), " is empty");
    return r;
  }
  // A two-letter input is a code first: "in" is India, never the word "in".
  if (IsCodeShape(key)) {
    const std::string code = {static_cast<char>(std::toupper(key[0])),
                              static_cast<char>(std::toupper(key[1]))};
    for (const Country& c : countries) {
      if (c.iso2 == code) {
        r.country = &c;
        return r;
      }
    }
  }
  for (const auto& [name, index] : names_) {
    if (name == key) {
      r.country = &countries[index];
      return r;
    }
  }
  // Whole words of one country's names ("Burma", "Emirates"); of several, ambiguous.
  std::vector<int> hits;
  for (const auto& [name, index] : names_) {
    if (HasWords(name, key) && std::find(hits.begin(), hits.end(), index) == hits.end())
      hits.push_back(index);
  }
  if (hits.size() == 1) {
    r.country = &countries[hits[0]];
    return r;
  }
  const std::string shown = absl::StrCat(std::string(label), " '", Excerpt(text), "'");
  if (hits.size() > 1) {
    std::vector<std::string> named;
    for (int index : hits) named.push_back(Shown(countries[index]));
    r.what = absl::StrCat(shown, " is ambiguous: it could be ", absl::StrJoin(named, " or "));
    r.expected = absl::StrCat("one of ", absl::StrJoin(named, ", "), " by its full name or code");
    return r;
  }
  r.what = absl::StrCat(shown, " is not a known country");
  // Suggestions come from names only: every two-letter code is one edit
  // from dozens of others, so a near-miss code suggests nothing.
  if (key.size() > 2) {
    const int allowed = std::max<int>(1, static_cast<int>(key.size()) / 3);
    int best_distance = allowed + 1;
    int best = -1;
    for (const auto& [name, index] : names_) {
      // Names are short and the key is cut at kMaxInput: this stays cheap.
      const int gap = static_cast<int>(name.size()) - static_cast<int>(key.size());
      if (gap > allowed || -gap > allowed) continue;
      const int d = SlipDistance(key, name);
      if (d < best_distance) {
        best_distance = d;
        best = index;
      }
    }
    if (best >= 0) absl::StrAppend(&r.what, " (did you mean ", Shown(countries[best]), "?)");
  }
  return r;
}

}  // namespace stargate
