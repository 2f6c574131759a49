// The hash chain that makes the ledger tamper-evident: entry n's hash is
// SHA-256(hash of entry n-1 || canonical envelope of entry n), so changing,
// deleting or reordering any entry breaks every link after it.
#ifndef STARGATE_LEDGER_HASH_CHAIN_H_
#define STARGATE_LEDGER_HASH_CHAIN_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace stargate::ledger {

using Hash = std::array<unsigned char, 32>;

// The previous hash of entry 1.
inline constexpr Hash kGenesisHash{};

// SHA-256 of `data` (OpenSSL libcrypto, EVP).
Hash Sha256(std::string_view data);

// SHA-256(prev || envelope): the chain step.
Hash ChainHash(const Hash& prev, std::string_view envelope);

// Lower-case hex, 64 characters.
std::string ToHex(const Hash& hash);
// Accepts 64 hex digits (either case), optionally prefixed by "\x" (PostgreSQL bytea text).
std::optional<Hash> HashFromHex(std::string_view text);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_HASH_CHAIN_H_
