// The vocabulary of names that carries little identity: legal forms (LLC,
// GmbH, OOO, Co., Ltd, ...), honorifics, particles and generic words of
// organisation names, and number words. Normalization uses these tables to
// set each token's role, and so its weight in matching. The tables are the
// data files of data/screening/name-forms (name_forms.h); number words are
// here.
#ifndef STARGATE_SCREEN_INTERNAL_NAME_WORDS_H_
#define STARGATE_SCREEN_INTERNAL_NAME_WORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stargate::screen {

// Families of legal forms. Forms of one family are the same thing under
// different names ("OOO" = "LLC" = "GmbH"); kGeneric forms (Co., Corp., Inc.,
// Ltd) say little and are compatible with every family.
enum class LegalFamily : uint8_t {
  kGeneric = 0,
  kLimitedLiability,  // LLC, OOO, GmbH, SARL, SRL, Sp. z o.o.
  kJointStock,        // JSC, OAO, ZAO, PAO, AO
  kStockCorporation,  // AG
  kPublicLimited,     // plc
  kSocieteAnonyme,    // S.A., S.p.A., S.A. de C.V.
  kSimplifiedStock,   // S.A.S.
  kPrivateLimited,    // B.V., Pte., Pty., Pvt.
  kPublicCompanyNv,   // N.V.
  kNordicStock,       // AB, A/S, ASA, Oy, Oyj
  kPartnership,       // L.P., LLP, KG, GP
  kBelgianPrivate,    // BVBA, SPRL
  kNonProfit,         // ANO (autonomous non-profit organisation), e.V.
  kNationalBank,      // N.A.
  kFreeZone,          // FZE, FZCO, FZC
  kIndonesian,        // PT, Tbk
  kCount,
};

// A legal-form phrase found at token index `begin` spanning `length` tokens.
struct LegalFormMatch {
  int length = 0;
  LegalFamily family = LegalFamily::kGeneric;
  bool ambiguous = false;  // a short form ("sa", "as", "co") that is also a name word
};

// The longest legal-form phrase starting at tokens[begin], if any.
std::optional<LegalFormMatch> MatchLegalForm(const std::vector<std::string>& tokens, size_t begin);

bool IsTitle(std::string_view token);              // mr, dr, president, sheikh, ...
bool IsStopWord(std::string_view token);           // the, of, and, de, van, ...
bool IsNameParticle(std::string_view token);       // al, el, bin, ibn, ben, abu, ...
bool IsGenericOrgWord(std::string_view token);     // bank, group, trading, international, ...
float BusinessWordWeight(std::string_view token);  // its weight; 1 for a distinctive word
bool IsVesselPrefix(std::string_view token);       // mv, mt, ss (M/V and M.V. become mv)
// "us" -> {united, states}: expansions used in organisation names only.
const std::vector<std::string>* OrgExpansion(std::string_view token);
// Legal forms and business words of other scripts put in their Latin form
// before transliteration ("华为技术有限公司" -> "华为 Technologies  Co Ltd ").
std::string ReplaceScriptWords(std::string_view utf8);

// "forty" -> 40, "first" -> 1, "1st" -> 1, "iv" (when `roman`) -> 4.
std::optional<int> NumberWordValue(std::string_view token, bool roman);

// en-GB and abbreviation spellings folded to one form: "organisation" ->
// "organization", "labour" -> "labor", "intl" -> "international",
// "inst" -> "institute".
std::string_view CanonicalWord(std::string_view token);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_INTERNAL_NAME_WORDS_H_
