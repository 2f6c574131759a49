// One identity for a party's name, so that look-alike spellings of the same
// name are the same party: an export allowance given per consignee (License
// Exception LPP) cannot be multiplied by writing "Ｇ４２", "G\u200b42" or
// "ɢ42" for G42, and a recorded decision names the party as every other
// decision does.
//
// The canonical form is Unicode NFKC with case folding and the removal of
// default-ignorable characters (zero-width spaces and joiners, soft hyphens),
// then every non-ASCII character to its ASCII look-alike (Latin letters with
// ICU Latin-ASCII: small capitals, accents; other scripts with ICU's
// confusable skeleton, UTS #39), folded again, with white space collapsed.
// ASCII is left alone (the skeleton would turn "m" into "rn"). It is a key, not a display name:
// keep the name as written beside it.
#ifndef STARGATE_CORE_PARTY_NAME_H_
#define STARGATE_CORE_PARTY_NAME_H_

#include <string>
#include <string_view>

namespace stargate {

// The canonical key of a party name (UTF-8 in, UTF-8 out). Invalid UTF-8 is
// replaced (U+FFFD) rather than refused: readers refuse it before this.
std::string CanonicalPartyName(std::string_view name);

// NFKC with case folding and default-ignorables removed, white space
// collapsed: the form screening starts from (its own transliteration follows,
// so the confusable skeleton, which would mix scripts, is not applied).
std::string FoldedPartyName(std::string_view name);

}  // namespace stargate

#endif  // STARGATE_CORE_PARTY_NAME_H_
