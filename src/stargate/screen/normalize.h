// Name normalization: one spelling for the many ways a name is written.
// Scripts are transliterated to ASCII, case and punctuation dropped, dotted
// initialisms joined ("A.B.C." -> "abc"), CamelCase split, number words turned
// into digits, legal forms taken out of the name into a family set, and every
// token given a role that sets its weight. People and organisations differ:
// "SMITH, John" is reordered for a person only, honorifics are dropped for a
// person only, "Bank" and "Trading" are generic only in an organisation name.
#ifndef STARGATE_SCREEN_NORMALIZE_H_
#define STARGATE_SCREEN_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stargate::screen {

enum class NameKind : uint8_t { kPerson = 0, kOrganization = 1 };

enum class TokenRole : uint8_t {
  kWord = 0,  // a distinctive part of the name
  kGeneric,   // a word common in organisation names: bank, trading, group
  kInitial,   // one letter standing for a name: "V." in "V. Putin"
  kNumber,    // digits; number words and Roman numerals are turned into digits
  kParticle,  // al, bin, ibn, abu, ...
  kStop,      // the, of, and, de, van, ...
};
const char* RoleName(TokenRole role);

// How much a token counts when two names are compared.
float RoleWeight(TokenRole role);

// The weight of this token in this role: a business word's own weight
// (data/screening/name-forms/business-words.tsv), else RoleWeight(role).
float TokenWeight(std::string_view text, TokenRole role);

struct NameToken {
  std::string text;  // lower-case ASCII (bytes of untransliterable scripts kept)
  TokenRole role = TokenRole::kWord;
};

struct NormalizedName {
  std::vector<NameToken> tokens;
  uint32_t legal_families = 0;  // bit (1 << LegalFamily) for each legal form found
  std::vector<std::string>
      legal_forms;  // the legal-form phrases found, as written after tokenizing
  // The letters of a name written in Chinese, Japanese or Korean characters,
  // as code points. Each character is a syllable, so transliteration makes
  // two different names look one letter apart (高石 / 高市 both read "gao
  // shi"); the matcher compares these directly when both names have them.
  std::u32string script_key;
  // Written (at least partly) in a script that leaves most vowels out or
  // writes them unlike Latin (Hebrew, Arabic, Persian, Syriac, Thai, Lao,
  // Burmese, Khmer): its transliteration is a consonant frame ("bnymyn
  // ntnyhw" for Benjamin Netanyahu), so the matcher also compares consonant
  // skeletons (ConsonantSkeleton).
  bool vowelless = false;
};

// Tokens longer than this are cut (the matcher's bit-parallel distance works
// on 64-bit words), and names longer than kMaxTokens keep their first tokens.
inline constexpr size_t kMaxTokenLength = 48;
inline constexpr size_t kMaxTokens = 24;

// `utf8` must be valid UTF-8 (see IsCleanUtf8).
NormalizedName NormalizeName(std::string_view utf8, NameKind kind);

// The readings of a name to compare: NormalizeName's, and for a name in
// another script whose legal forms or business words have a fixed Latin form
// (data/screening/name-forms/script-words.tsv) also the reading with those
// replaced first: "华为技术有限公司" is both "hua wei ji shu" + {Co Ltd} (as
// romanised) and "hua wei technologies" + {Co Ltd} (as translated).
std::vector<NormalizedName> NormalizeReadings(std::string_view utf8, NameKind kind);

// A coarse sound-alike key for transliteration variants of one name:
// "usama"/"osama", "husayn"/"hussein", "qaddafi"/"gaddafi", "bachar"/"bashar"
// come out equal or one edit apart.
std::string PhoneticFold(std::string_view token);

// The consonants of a token, with the letters that transliterations of one
// consonant disagree on folded together (sh/s/z/ts, k/q/c/ch/kh, p/f/ph,
// b/p/f/ph, j/g, t/th, d/dh) and vowels, y, w, v, a final h and doubled
// letters dropped (v and w are Hebrew's vav, which is also a vowel):
// "netanyahu" and "ntnyhw" are both "ntnh", "mohammad" and "mhmd" "mhmd".
std::string ConsonantSkeleton(std::string_view token);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_NORMALIZE_H_
