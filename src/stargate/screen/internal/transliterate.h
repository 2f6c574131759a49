// Script conversion for name matching: any script ICU knows (Cyrillic, Arabic,
// Greek, Han, Hangul, ...) to Latin, diacritics folded to ASCII. This is the
// only file that talks to ICU.
#ifndef STARGATE_SCREEN_INTERNAL_TRANSLITERATE_H_
#define STARGATE_SCREEN_INTERNAL_TRANSLITERATE_H_

#include <string>
#include <string_view>

namespace stargate::screen {

// True when every byte is 7-bit ASCII (the common case, which skips ICU).
bool IsAscii(std::string_view text);

// True when `text` is well-formed UTF-8 without NUL or other C0 control
// characters except tab; `error_offset` receives the byte offset of the first
// bad byte.
bool IsCleanUtf8(std::string_view text, size_t* error_offset = nullptr);

// Latin transliteration of valid UTF-8, case preserved:
//   "Владимир Путин" -> "Vladimir Putin", "Gerhard Schröder" -> "Gerhard Schroeder".
// German umlauts become ae/oe/ue and Russian follows BGN/PCGN, the
// romanizations sanctions lists use. Letters of scripts ICU cannot convert
// (e.g. Khmer) are kept as they are. ASCII input is returned unchanged without
// touching ICU. The ICU transliterator is created once per thread (it takes
// tens of milliseconds to build).
std::string Transliterate(std::string_view utf8);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_INTERNAL_TRANSLITERATE_H_
