// UTF-8: the one validator and encoder every reader uses. Well-formed means
// what RFC 3629 says: no overlong forms, no UTF-16 surrogates (U+D800..DFFF),
// nothing above U+10FFFF.
#ifndef STARGATE_CORE_UTF8_H_
#define STARGATE_CORE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace stargate {

// Length (1..4) of the well-formed UTF-8 sequence starting at text[i], or 0
// when the bytes there are not one (or i is past the end).
size_t Utf8SequenceLength(std::string_view text, size_t i);

// True when all of `text` is well-formed UTF-8; otherwise the offset of the
// first byte that does not start a well-formed sequence goes to `bad_offset`.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);

// Appends the UTF-8 encoding of `code_point` (which must be a Unicode scalar
// value: at most U+10FFFF and not a surrogate).
void AppendUtf8(char32_t code_point, std::string* out);

// True for a byte that continues a multi-byte sequence (10xxxxxx): such bytes
// take no column of their own.
inline bool IsUtf8Continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace stargate

#endif  // STARGATE_CORE_UTF8_H_
