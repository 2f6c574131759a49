#include "stargate/core/party_name.h"

#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

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
  return icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
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
  if (const USpoofChecker* checker = Checker()) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString skeleton;
    uspoof_getSkeletonUnicodeString(checker, 0, text, skeleton, &status);
    if (U_SUCCESS(status)) text = std::move(skeleton);
  }
  LatinToAscii(&text);
  // The skeleton's prototypes include capitals ("0" -> "O"): fold again.
  Fold(&text);
  return CollapseSpace(text);
}

}  // namespace stargate
