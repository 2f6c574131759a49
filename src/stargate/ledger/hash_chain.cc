#include "stargate/ledger/hash_chain.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace stargate::ledger {
namespace {

// OpenSSL 3 looks a digest up by name on every EVP_sha256() init unless it is
// fetched once; reusing one fetched digest and one context per thread keeps
// verification near the raw SHA-256 speed.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();  // libcrypto without SHA-256 cannot run a ledger
    return fetched;
  }();
  return md;
}

class Context {
 public:
  Context() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr) std::abort();
  }
  ~Context() { EVP_MD_CTX_free(ctx_); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  Hash Digest(std::string_view a, std::string_view b) {
    Hash out{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex(ctx_, Sha256Md(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx_, a.data(), a.size()) != 1 ||
        EVP_DigestUpdate(ctx_, b.data(), b.size()) != 1 ||
        EVP_DigestFinal_ex(ctx_, out.data(), &length) != 1 || length != out.size()) {
      std::abort();  // only fails on allocation failure inside libcrypto
    }
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

Context& ThreadContext() {
  thread_local Context context;
  return context;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Hash Sha256(std::string_view data) { return ThreadContext().Digest(data, {}); }

Hash ChainHash(const Hash& prev, std::string_view envelope) {
  return ThreadContext().Digest(
      std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()), envelope);
}

std::string ToHex(const Hash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(hash.size() * 2, '0');
  for (size_t i = 0; i < hash.size(); ++i) {
    out[2 * i] = kDigits[hash[i] >> 4];
    out[2 * i + 1] = kDigits[hash[i] & 0xf];
  }
  return out;
}

std::optional<Hash> HashFromHex(std::string_view text) {
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') text.remove_prefix(2);
  Hash out{};
  if (text.size() != out.size() * 2) return std::nullopt;
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(text[2 * i]), lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace stargate::ledger
