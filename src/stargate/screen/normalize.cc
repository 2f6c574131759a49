#include "stargate/screen/normalize.h"

#include "stargate/screen/internal/name_words.h"
#include "stargate/screen/internal/transliterate.h"

namespace stargate::screen {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameByte(char c) {
  return IsLower(c) || IsUpper(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80;
}
bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// "SMITH, John" -> "John SMITH": lists write people surname first.
std::string PersonOrder(const std::string& text) {
  const size_t comma = text.find(',');
  if (comma == std::string::npos) return text;
  auto has_letter = [](std::string_view s) {
    for (char c : s) {
      if (IsNameByte(c) && !IsDigit(c)) return true;
    }
    return false;
  };
  const std::string before = text.substr(0, comma);
  const std::string after = text.substr(comma + 1);
  if (!has_letter(before) || !has_letter(after)) return text;
  return after + " " + before;
}

// "VladimirPutin" -> "Vladimir Putin", "JPMorgan" -> "JP Morgan". Only words
// with both cases are split: "MCDONALD" and "McDonald" stay comparable through
// the matcher's joining of adjacent tokens.
std::string SplitCamelCase(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t word_start = 0;
  while (word_start < text.size()) {
    size_t end = word_start;
    while (end < text.size() && (IsLower(text[end]) || IsUpper(text[end]))) ++end;
    if (end == word_start) {
      out.push_back(text[word_start++]);
      continue;
    }
    bool lower = false, upper = false;
    std::string folded;
    for (size_t i = word_start; i < end; ++i) {
      lower |= IsLower(text[i]);
      upper |= IsUpper(text[i]);
      folded.push_back(IsUpper(text[i]) ? static_cast<char>(text[i] - 'A' + 'a') : text[i]);
    }
    // "GmbH" and "SpA" are legal forms, not two words.
    if (lower && upper && MatchLegalForm({folded}, 0)) lower = false;
    for (size_t i = word_start; i < end; ++i) {
      if (lower && upper && i > word_start) {
        const bool lower_to_upper = IsLower(text[i - 1]) && IsUpper(text[i]);
        const bool acronym_end = IsUpper(text[i - 1]) && IsUpper(text[i]) && i + 1 < end &&
                                 IsLower(text[i + 1]) && i - 1 > word_start;
        if (lower_to_upper || acronym_end) out.push_back(' ');
      }
      out.push_back(text[i]);
    }
    word_start = end;
  }
  return out;
}

struct Piece {
  std::string text;
  bool dotted = false;  // directly followed by '.' or '/'
};

std::vector<Piece> SplitPieces(const std::string& text) {
  std::vector<Piece> pieces;
  std::string current;
  auto flush = [&](bool dotted) {
    if (!current.empty()) pieces.push_back({std::move(current), dotted});
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsNameByte(c)) {
      current.push_back(IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c);
    } else if ((c == '\'' || c == '`') && i + 1 < text.size() &&
               (text[i + 1] == 's' || text[i + 1] == 'S') &&
               (i + 2 == text.size() || !IsNameByte(text[i + 2])) && !current.empty()) {
      ++i;  // A possessive: "Deutsche Bank's" is Deutsche Bank, not "banks".
    } else if (c == '\'' || c == '`') {
      // Joins: "Qa'ida" -> "qaida", "Poor's" -> "poors".
    } else if (c == '.' || c == '/') {
      flush(true);
    } else if (c == '&') {
      flush(false);
      pieces.push_back({"and", false});
    } else {
      flush(false);
    }
  }
  flush(false);
  return pieces;
}

// Runs of dotted single letters are one word in an organisation name
// ("A.B.C." -> "abc", "S.A.R.L." -> "sarl", "o.O.O." -> "ooo"); in a person's
// name they stay initials ("J.P." -> "j p").
std::vector<std::string> JoinInitialisms(const std::vector<Piece>& pieces, NameKind kind) {
  std::vector<std::string> words;
  for (size_t i = 0; i < pieces.size();) {
    if (kind == NameKind::kOrganization && pieces[i].text.size() == 1 && pieces[i].dotted) {
      size_t j = i;
      std::string joined;
      while (j < pieces.size() && pieces[j].text.size() == 1) {
        joined += pieces[j].text;
        ++j;
        if (!pieces[j - 1].dotted) break;
      }
      if (j - i >= 2) {
        words.push_back(std::move(joined));
        i = j;
        continue;
      }
    }
    words.push_back(pieces[i].text);
    ++i;
  }
  return words;
}

// "forty four", "forty 4", "44" and "fourty-four" all become "44".
std::vector<std::string> NumbersToDigits(const std::vector<std::string>& words, NameKind kind) {
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool roman = kind == NameKind::kOrganization && i > 0;
    std::optional<int> value =
        AllDigits(words[i]) ? std::nullopt : NumberWordValue(words[i], roman);
    if (!value) {
      out.push_back(words[i]);
      continue;
    }
    if (*value >= 20 && *value % 10 == 0 && *value < 100 && i + 1 < words.size()) {
      std::optional<int> unit;
      if (AllDigits(words[i + 1]) && words[i + 1].size() == 1) {
        unit = words[i + 1][0] - '0';
      } else {
        unit = NumberWordValue(words[i + 1], false);
      }
      if (unit && *unit >= 1 && *unit <= 9) {
        *value += *unit;
        ++i;
      }
    }
    out.push_back(std::to_string(*value));
  }
  return out;
}

// Abbreviations that organisation names use in place of words ("US", "UAE").
void ExpandAbbreviations(std::vector<std::string>* words) {
  std::vector<std::string> out;
  for (auto& w : *words) {
    if (const std::vector<std::string>* expansion = OrgExpansion(w)) {
      out.insert(out.end(), expansion->begin(), expansion->end());
    } else {
      out.push_back(std::move(w));
    }
  }
  *words = std::move(out);
}

// Code points of the CJK scripts, where one character is one syllable.
bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) ||
         (c >= 0x3040 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FA) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F);
}

// The code point at utf8[*i], advancing *i (valid UTF-8 assumed).
char32_t NextCodePoint(std::string_view utf8, size_t* i) {
  const unsigned char c = utf8[*i];
  char32_t code = c;
  int length = 1;
  if (c >= 0xF0) {
    code = c & 0x07;
    length = 4;
  } else if (c >= 0xE0) {
    code = c & 0x0F;
    length = 3;
  } else if (c >= 0xC0) {
    code = c & 0x1F;
    length = 2;
  }
  for (int k = 1; k < length && *i + k < utf8.size(); ++k) {
    code = (code << 6) | (static_cast<unsigned char>(utf8[*i + k]) & 0x3F);
  }
  *i += length;
  return code;
}

bool IsVowellessScript(char32_t c) {
  return (c >= 0x0590 && c <= 0x08FF) ||  // Hebrew, Arabic, Syriac, Thaana, Arabic supplement
         (c >= 0x0E00 && c <= 0x0EFF) ||  // Thai, Lao
         (c >= 0x1000 && c <= 0x109F) ||  // Myanmar
         (c >= 0x1780 && c <= 0x17FF) ||  // Khmer
         (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);  // presentation forms
}

bool IsHangulSyllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7AF; }
bool IsKana(char32_t c) { return c >= 0x3040 && c <= 0x30FF && c != 0x30FB; }  // not the dot ・

struct ScriptScan {
  bool vowelless = false, hangul = false, kana = false;
};

ScriptScan ScanScripts(std::string_view utf8) {
  ScriptScan scan;
  for (size_t i = 0; i < utf8.size();) {
    const char32_t c = NextCodePoint(utf8, &i);
    scan.vowelless |= IsVowellessScript(c);
    scan.hangul |= IsHangulSyllable(c);
    scan.kana |= IsKana(c);
  }
  return scan;
}

// Korean names are written syllable by syllable in Latin ("Kim Jong Un"), but
// ICU joins a word's syllables ("gimjeong-eun"): a space between Hangul
// syllables keeps them apart.
std::string SpaceHangulSyllables(std::string_view utf8) {
  std::string out;
  bool previous = false;
  for (size_t i = 0; i < utf8.size();) {
    const size_t start = i;
    const bool hangul = IsHangulSyllable(NextCodePoint(utf8, &i));
    if (hangul && previous) out.push_back(' ');
    out.append(utf8.substr(start, i - start));
    previous = hangul;
  }
  return out;
}

// Revised Romanization (ICU's) to the spellings lists use for Korean names,
// which mostly follow McCune-Reischauer: "jeong" / "jong", "eun" / "un",
// "gim" / "kim", "bak" / "pak".
void KoreanListSpelling(std::string* token) {
  std::string out;
  for (size_t i = 0; i < token->size(); ++i) {
    const char c = (*token)[i];
    if (c == 'e' && i + 1 < token->size() && ((*token)[i + 1] == 'o' || (*token)[i + 1] == 'u'))
      continue;  // eo -> o, eu -> u
    out.push_back(c);
  }
  if (!out.empty() && out[0] == 'g') out[0] = 'k';
  if (!out.empty() && out[0] == 'b') out[0] = 'p';
  // A final g that is not ng is k in list spellings: 박 "bag" is Pak / Park.
  if (out.size() >= 2 && out.back() == 'g' && out[out.size() - 2] != 'n') out.back() = 'k';
  *token = std::move(out);
}

// ICU romanises kana letter by letter ("とうきょう" -> "toukyou"); lists
// write Hepburn without its macrons, where a long vowel is one letter
// ("Tokyo", "Ono", "Yuko"): ou, oo and uu fold to o, o and u.
void JapaneseListSpelling(std::string* token) {
  std::string out;
  for (size_t i = 0; i < token->size(); ++i) {
    const char c = (*token)[i];
    if (i > 0 && (c == 'u' || c == 'o') && (*token)[i - 1] == 'o') continue;  // ou, oo
    if (i > 0 && c == 'u' && (*token)[i - 1] == 'u') continue;                // uu
    out.push_back(c);
  }
  *token = std::move(out);
}

std::u32string CjkKey(std::string_view utf8) {
  std::u32string key;
  for (size_t i = 0; i < utf8.size();) {
    const char32_t code = NextCodePoint(utf8, &i);
    if (IsCjk(code)) key.push_back(code);
  }
  return key;
}

bool StartsWithWord(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = text[i];
    if ((IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c) != word[i]) return false;
  }
  return text.size() == word.size() || !IsNameByte(text[word.size()]);
}

// Registry annotations are not part of a name: a bracketed remark holding a
// number or opening with a registry or former-name word ("(Reg. No. 12345)",
// "[formerly X]"), and a tail that opens with one (", Company Number 123").
std::string StripAnnotations(std::string_view text) {
  static constexpr std::string_view kOpeners[] = {"reg",
                                                  "registration",
                                                  "registered",
                                                  "registry",
                                                  "company number",
                                                  "formerly",
                                                  "fka",
                                                  "f.k.a",
                                                  "previously",
                                                  "inn",
                                                  "ogrn",
                                                  "imo",
                                                  "license",
                                                  "licence",
                                                  "cr",
                                                  "crn",
                                                  "no"};
  auto opens_annotation = [](std::string_view rest) {
    while (!rest.empty() && (rest[0] == ' ' || rest[0] == ',')) rest.remove_prefix(1);
    for (std::string_view word : kOpeners) {
      if (StartsWithWord(rest, word)) return true;
    }
    return false;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(' || c == '[') {
      const size_t close = text.find(c == '(' ? ')' : ']', i);
      const std::string_view inside =
          text.substr(i + 1, (close == std::string_view::npos ? text.size() : close) - i - 1);
      bool digit = false;
      for (char d : inside) digit |= IsDigit(d);
      if (digit || opens_annotation(inside)) {
        if (close == std::string_view::npos) break;
        i = close;
        out.push_back(' ');
        continue;
      }
    }
    // A tail after a comma or a space: ", Company Number 123", " Reg. No. 5".
    if ((c == ',' || c == ' ') && opens_annotation(text.substr(i))) {
      const std::string_view rest = text.substr(i);
      bool digit = false;
      for (char d : rest) digit |= IsDigit(d);
      if (digit) break;
    }
    out.push_back(c);
  }
  return out;
}

// Arabic writes the article joined to its word (المداني, "almdany"); lists
// write it apart ("al-Madani"): split it off words of 5 or more letters.
void SplitArabicArticle(std::vector<std::string>* words) {
  std::vector<std::string> out;
  for (auto& w : *words) {
    if (w.size() >= 5 && w.compare(0, 2, "al") == 0) {
      out.emplace_back("al");
      out.push_back(w.substr(2));
    } else {
      out.push_back(std::move(w));
    }
  }
  *words = std::move(out);
}

// Digits standing for letters inside a person's name: "Ig0r Sech1n".
void UndoLeetspeak(std::string* token) {
  bool letters = false, digits = false;
  for (char c : *token) {
    letters |= IsLower(c);
    digits |= IsDigit(c);
  }
  if (!letters || !digits) return;
  for (char& c : *token) {
    switch (c) {
      case '0':
        c = 'o';
        break;
      case '1':
        c = 'i';
        break;
      case '3':
        c = 'e';
        break;
      case '4':
        c = 'a';
        break;
      case '5':
        c = 's';
        break;
      case '7':
        c = 't';
        break;
      case '8':
        c = 'b';
        break;
      case '9':
        c = 'g';
        break;
      default:
        break;
    }
  }
}

}  // namespace

const char* RoleName(TokenRole role) {
  switch (role) {
    case TokenRole::kWord:
      return "word";
    case TokenRole::kGeneric:
      return "generic";
    case TokenRole::kInitial:
      return "initial";
    case TokenRole::kNumber:
      return "number";
    case TokenRole::kParticle:
      return "particle";
    case TokenRole::kStop:
      return "stop";
  }
  return "word";
}

float RoleWeight(TokenRole role) {
  switch (role) {
    case TokenRole::kWord:
      return 1.0f;
    case TokenRole::kGeneric:
      return 0.5f;
    case TokenRole::kInitial:
      return 0.5f;
    case TokenRole::kNumber:
      return 0.4f;
    case TokenRole::kParticle:
      return 0.3f;
    case TokenRole::kStop:
      return 0.15f;
  }
  return 1.0f;
}

float TokenWeight(std::string_view text, TokenRole role) {
  return role == TokenRole::kGeneric ? BusinessWordWeight(text) : RoleWeight(role);
}

NormalizedName NormalizeName(std::string_view utf8, NameKind kind) {
  const ScriptScan scripts = IsAscii(utf8) ? ScriptScan{} : ScanScripts(utf8);
  std::string text = Transliterate(scripts.hangul ? SpaceHangulSyllables(utf8) : utf8);
  if (kind == NameKind::kOrganization) {
    std::string stripped = StripAnnotations(text);
    // Unless nothing but the annotation was there.
    for (char c : stripped) {
      if (IsLower(c) || IsUpper(c)) {
        text = std::move(stripped);
        break;
      }
    }
  }
  if (kind == NameKind::kPerson) text = PersonOrder(text);
  text = SplitCamelCase(text);
  std::vector<std::string> words = JoinInitialisms(SplitPieces(text), kind);
  if (kind == NameKind::kOrganization) ExpandAbbreviations(&words);
  words = NumbersToDigits(words, kind);
  if (scripts.hangul) {
    for (auto& w : words) KoreanListSpelling(&w);
  }
  if (scripts.kana) {
    for (auto& w : words) JapaneseListSpelling(&w);
  }
  if (scripts.vowelless) SplitArabicArticle(&words);

  NormalizedName name;
  name.vowelless = scripts.vowelless;
  // Legal forms leave the name (unless nothing else is left): "Siemens AG"
  // and "Siemens Aktiengesellschaft" are both "siemens" + {AG}.
  std::vector<bool> legal(words.size(), false);
  uint32_t families = 0;
  std::vector<std::string> forms;
  for (size_t i = 0; i < words.size();) {
    auto match = MatchLegalForm(words, i);
    if (match && (!match->ambiguous || kind == NameKind::kOrganization)) {
      std::string phrase;
      for (int k = 0; k < match->length; ++k) {
        legal[i + k] = true;
        phrase += (k ? " " : "") + words[i + k];
      }
      families |= 1u << static_cast<int>(match->family);
      forms.push_back(std::move(phrase));
      i += match->length;
    } else {
      ++i;
    }
  }
  size_t kept = 0;
  for (bool is_legal : legal) kept += is_legal ? 0 : 1;
  if (kept == 0) {
    legal.assign(words.size(), false);
  } else {
    name.legal_families = families;
    name.legal_forms = std::move(forms);
  }

  // Honorifics go from a person's name, vessel prefixes from a ship's.
  size_t titles = 0;
  std::vector<bool> title(words.size(), false);
  for (size_t i = 0; i < words.size(); ++i) {
    if (legal[i]) continue;
    const bool is_title = kind == NameKind::kPerson ? IsTitle(words[i]) : IsVesselPrefix(words[i]);
    if (is_title) {
      title[i] = true;
      ++titles;
    }
  }
  if (titles == kept) title.assign(words.size(), false);

  for (size_t i = 0; i < words.size() && name.tokens.size() < kMaxTokens; ++i) {
    if (legal[i] || title[i]) continue;
    NameToken token;
    token.text = std::string(CanonicalWord(words[i]));
    if (kind == NameKind::kPerson) UndoLeetspeak(&token.text);
    if (token.text.size() > kMaxTokenLength) token.text.resize(kMaxTokenLength);
    if (AllDigits(token.text)) {
      token.role = TokenRole::kNumber;
    } else if (token.text.size() == 1 && IsLower(token.text[0])) {
      token.role = TokenRole::kInitial;
    } else if (IsStopWord(token.text)) {
      token.role = TokenRole::kStop;
    } else if (IsNameParticle(token.text)) {
      token.role = TokenRole::kParticle;
    } else if (kind == NameKind::kOrganization && IsGenericOrgWord(token.text)) {
      token.role = TokenRole::kGeneric;
    }
    name.tokens.push_back(std::move(token));
  }
  if (!IsAscii(utf8)) name.script_key = CjkKey(utf8);
  return name;
}

std::vector<NormalizedName> NormalizeReadings(std::string_view utf8, NameKind kind) {
  std::vector<NormalizedName> readings;
  readings.push_back(NormalizeName(utf8, kind));
  if (!IsAscii(utf8)) {
    const std::string replaced = ReplaceScriptWords(utf8);
    if (replaced != utf8) readings.push_back(NormalizeName(replaced, kind));
  }
  return readings;
}

std::string PhoneticFold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto at = [&](size_t i) { return i < s.size() ? s[i] : '\0'; };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char n = at(i + 1);
    switch (c) {
      case 's':
        if (n == 'c' && at(i + 2) == 'h') {
          out += 'x';
          i += 2;
        } else if (n == 'h') {
          out += 'x';
          ++i;
        } else {
          out += 's';
        }
        continue;
      case 't':
        if (n == 'c' && at(i + 2) == 'h') {
          out += 'x';
          i += 2;
        } else if (n == 'h') {
          out += 't';
          ++i;
        } else {
          out += 't';
        }
        continue;
      case 'c':
        if (n == 'h') {
          out += 'x';
          ++i;
        } else {
          out += 'k';
          if (n == 'k') ++i;
        }
        continue;
      case 'k':
        out += (n == 'h') ? 'h' : 'k';
        if (n == 'h') ++i;
        continue;
      case 'g':
        out += 'g';
        if (n == 'h') ++i;
        continue;
      case 'd':
        if (n == 'h') {
          out += 'd';
          ++i;
        } else if (n == 'j' || (n == 'z' && at(i + 2) == 'h')) {
          out += 'j';
          i += (n == 'j') ? 1 : 2;
        } else {
          out += 'd';
        }
        continue;
      case 'z':
        if (n == 'h') {
          out += 'j';
          ++i;
        } else {
          out += 's';
        }
        continue;
      case 'p':
        out += (n == 'h') ? 'f' : 'p';
        if (n == 'h') ++i;
        continue;
      case 'q':
        out += 'k';
        continue;
      case 'w':
        out += 'v';
        continue;
      case 'y':
        out += 'i';
        continue;
      case 'e':
        out += 'i';
        continue;
      case 'o':
        out += 'u';
        continue;
      case 'h':
        // A final h after a vowel is silent: "abdallah" / "abdalla".
        if (i + 1 == s.size() && i > 0 && IsVowel(s[i - 1])) continue;
        out += 'h';
        continue;
      default:
        out += c;
    }
  }
  // Doubled letters carry no difference between transliterations.
  std::string folded;
  folded.reserve(out.size());
  for (char c : out) {
    if (folded.empty() || folded.back() != c) folded.push_back(c);
  }
  return folded;
}

}  // namespace stargate::screen

namespace stargate::screen {

std::string ConsonantSkeleton(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto at = [&](size_t i) { return i < s.size() ? s[i] : '\0'; };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char n = at(i + 1);
    char mapped = 0;
    switch (c) {
      case 's':
      case 'z':
      case 'x':
        mapped = 's';
        if (n == 'h') ++i;
        break;
      case 't':
        if (n == 's' || n == 'z') {
          mapped = 's';
          ++i;
        } else {
          mapped = 't';
          if (n == 'h') ++i;
        }
        break;
      case 'c':
      case 'k':
      case 'q':
        mapped = 'k';
        if (n == 'h') ++i;
        break;
      case 'p':
      case 'f':
      case 'b':
        // Arabic has no p (Putin is bwtyn) and Hebrew writes p and f alike.
        mapped = 'b';
        if (n == 'h') ++i;
        break;
      case 'j':
      case 'g':
        mapped = 'g';
        if (n == 'h') ++i;
        break;
      case 'd':
        mapped = 'd';
        if (n == 'h') ++i;
        break;
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
      case 'y':
      case 'w':
      case 'v':
        break;
      case 'h':
        // A consonant in Arabic (Hala is not Ali); at the end of a word a
        // silent letter (Hebrew Golda is gwldh, Allah is also Alla).
        if (i + 1 < s.size()) mapped = 'h';
        break;
      default:
        if (c >= 'a' && c <= 'z') mapped = c;
        break;
    }
    if (mapped && (out.empty() || out.back() != mapped)) out.push_back(mapped);
  }
  return out;
}

}  // namespace stargate::screen
