#include "stargate/core/party_name.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <memory>

namespace stargate {
namespace {

const icu::Normalizer2* Folding() {
  static const icu::Normalizer2* folding = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFKCCasefoldInstance(status);
  }();
  return folding;
}

// Configured once; ICU's checking functions are safe to call from several
// threads on one checker.
const USpoofChecker* Checker() {
  static USpoofChecker* checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* c = uspoof_open(&status);
    return U_SUCCESS(status) ? c : nullptr;
  }();
  return checker;
}

// Latin letters to their ASCII look-alikes (small capitals such as "ɢ",
// accented and ligature letters); one per thread, as ICU transliterators
// are not meant to be shared between threads.
void LatinToAscii(icu::UnicodeString* text) {
  thread_local std::unique_ptr<icu::Transliterator> latin = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(t) : nullptr;
  }();
  if (latin) latin->transliterate(*text);
}

// Folds `text` in place; on an ICU error leaves it as it was (the folding
// is then only what the earlier steps did, never an empty key).
void Fold(icu::UnicodeString* text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* folding = Folding();
  if (!folding) return;
  icu::UnicodeString out = folding->normalize(*text, status);
  if (U_SUCCESS(status)) *text = std::move(out);
}

// White space (and what NFKC turns into it, such as NO-BREAK SPACE) becomes
// one ASCII space; leading and trailing space goes.
std::string CollapseSpace(const icu::UnicodeString& text) {
  icu::UnicodeString out;
  bool space = false;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c)) {
      space = !out.isEmpty();
      continue;
    }
    if (space) out.append(static_cast<UChar32>(' '));
    space = false;
    out.append(c);
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

icu::UnicodeString FromUtf8(std::string_view name) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
}

bool IsAscii(const icu::UnicodeString& text) {
  for (int32_t i = 0; i < text.length(); ++i) {
    if (text.charAt(i) >= 0x80) return false;
  }
  return true;
}

icu::UnicodeString Skeleton(const icu::UnicodeString& text) {
  const USpoofChecker* checker = Checker();
  if (!checker) return text;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(checker, 0, text, skeleton, &status);
  return U_SUCCESS(status) ? skeleton : text;
}

// One non-ASCII character to its ASCII look-alike: Latin letters through
// Latin-ASCII ("ɢ", "é"), other scripts through the confusable skeleton
// (Cyrillic "а", Greek "ο"). The capital is tried too, as the skeleton maps
// some small letters to non-ASCII prototypes (Greek "κ" to "ĸ") and their
// capitals to ASCII ("Κ" to "K"). Characters with no look-alike stay.
icu::UnicodeString LookAlike(UChar32 c) {
  icu::UnicodeString piece(c);
  LatinToAscii(&piece);
  if (IsAscii(piece)) return piece;
  icu::UnicodeString skeleton = Skeleton(icu::UnicodeString(c));
  if (IsAscii(skeleton)) return skeleton;
  icu::UnicodeString capital = Skeleton(icu::UnicodeString(u_toupper(c)));
  if (IsAscii(capital)) return capital;
  LatinToAscii(&skeleton);
  return skeleton;
}

}  // namespace

std::string FoldedPartyName(std::string_view name) {
  icu::UnicodeString text = FromUtf8(name);
  Fold(&text);
  return CollapseSpace(text);
}

std::string CanonicalPartyName(std::string_view name) {
  icu::UnicodeString text = FromUtf8(name);
  Fold(&text);
  // Only non-ASCII characters go through the skeleton: applied to ASCII it
  // would turn "m" into "rn" and "acme" into a key nobody recognises.
  icu::UnicodeString out;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      out.append(c);
    } else {
      out.append(LookAlike(c));
    }
  }
  // The skeleton's prototypes include capitals ("O"): fold again.
  Fold(&out);
  return CollapseSpace(out);
}

}  // namespace stargate
