#include "stargate/screen/internal/transliterate.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <memory>

#include "stargate/core/utf8.h"

namespace stargate::screen {
namespace {

// The chain verified in research/stack.md: German umlauts to ae/oe/ue, Russian
// by BGN/PCGN (kh, zh, shch, y), everything else by ICU's defaults, then ASCII.
constexpr const char* kChain = "de-ASCII; Russian-Latin/BGN; Any-Latin; Latin-ASCII";
constexpr const char* kFallbackChain = "Any-Latin; Latin-ASCII";

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> instance;
  thread_local bool tried = false;
  if (!tried) {
    tried = true;
    for (const char* id : {kChain, kFallbackChain}) {
      UErrorCode status = U_ZERO_ERROR;
      UParseError parse_error;
      instance.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id),
                                                         UTRANS_FORWARD, parse_error, status));
      if (U_SUCCESS(status) && instance) break;
      instance.reset();
    }
  }
  return instance.get();
}

// Letters of Kazakh, Mongolian and other Cyrillic alphabets that the Russian
// rules leave alone and Any-Latin renders with non-ASCII marks.
const char* CyrillicExtra(UChar32 c) {
  switch (c) {
    case 0x04AF:
    case 0x04AE:
    case 0x04B1:
    case 0x04B0:
      return "u";  // ү ұ
    case 0x049B:
    case 0x049A:
      return "k";  // қ
    case 0x0493:
    case 0x0492:
      return "g";  // ғ
    case 0x04A3:
    case 0x04A2:
      return "ng";  // ң
    case 0x04D9:
    case 0x04D8:
      return "a";  // ә
    case 0x04E9:
    case 0x04E8:
      return "o";  // ө
    case 0x04BB:
    case 0x04BA:
      return "h";  // һ
    default:
      return nullptr;
  }
}

// Arabic-script letters that ICU leaves as they are (Pashto), or renders
// unlike lists: ta marbuta (ة) ends a word as "a" in list spellings
// ("Al-Qaida", not "al-qaidt").
const char* ArabicExtra(UChar32 c) {
  switch (c) {
    case 0x0629:
      return "a";  // ة
    case 0x0681:
      return "z";  // ځ Pashto dze
    case 0x0685:
      return "ts";  // څ
    case 0x069A:
      return "sh";  // ښ
    case 0x0696:
      return "zh";  // ږ
    case 0x0689:
      return "d";  // ډ
    case 0x0693:
      return "r";  // ړ
    case 0x06BC:
      return "n";  // ڼ
    case 0x067C:
      return "t";  // ټ
    case 0x06CD:
    case 0x06D0:
      return "y";  // ۍ ې
    default:
      return nullptr;
  }
}

// Name-internal separators in other scripts (贝拉克·奥巴马, バラク・オバマ).
bool IsNameDot(UChar32 c) { return c == 0x00B7 || c == 0x30FB || c == 0x2027 || c == 0xFF65; }

}  // namespace

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool IsCleanUtf8(std::string_view text, size_t* error_offset) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    // Well-formedness is core's (core/utf8.h); "clean" adds: no control characters but tab.
    const size_t length = c < 0x80 ? 1 : Utf8SequenceLength(text, i);
    if (length == 0 || (c < 0x20 && c != '\t') || c == 0x7F) {
      if (error_offset) *error_offset = i;
      return false;
    }
    i += length;
  }
  return true;
}

std::string Transliterate(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString text;
  for (int32_t i = 0; i < input.length();) {
    const UChar32 c = input.char32At(i);
    i += U16_LENGTH(c);
    if (IsNameDot(c)) {
      text.append(static_cast<UChar>(' '));
    } else if (const char* extra = CyrillicExtra(c)) {
      text.append(icu::UnicodeString::fromUTF8(extra));
    } else if (const char* arabic = ArabicExtra(c)) {
      text.append(icu::UnicodeString::fromUTF8(arabic));
    } else {
      text.append(c);
    }
  }
  if (icu::Transliterator* transliterator = ThreadTransliterator()) {
    transliterator->transliterate(text);
  }
  // BGN inserts '·' to mark a letter pair that is not a digraph, and ICU keeps
  // modifier letters (ʿ, ˌ) and combining marks: none of them is a sound.
  icu::UnicodeString clean;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    const int8_t type = u_charType(c);
    if (IsNameDot(c) || type == U_MODIFIER_LETTER || type == U_NON_SPACING_MARK ||
        type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK) {
      continue;
    }
    clean.append(c);
  }
  std::string out;
  clean.toUTF8String(out);
  return out;
}

}  // namespace stargate::screen
