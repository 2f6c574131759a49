#include "stargate/ledger/checkpoint.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"

namespace stargate::ledger {
namespace {

EVP_PKEY* Key(void* p) { return static_cast<EVP_PKEY*>(p); }

std::string KeyId(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(pkey, &der);
  if (n <= 0) return "";
  std::string id =
      ToHex(Sha256(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(n))));
  OPENSSL_free(der);
  return id;
}

absl::StatusOr<EVP_PKEY*> ReadPem(const std::string& path, bool is_private) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) {
    return Problem(absl::StatusCode::kNotFound,
                   absl::StrCat("cannot read ", path, ": ", std::strerror(errno)),
                   "a key file written by `stargate ledger keygen`");
  }
  EVP_PKEY* pkey = is_private ? PEM_read_PrivateKey(file, nullptr, nullptr, nullptr)
                              : PEM_read_PUBKEY(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (pkey == nullptr || EVP_PKEY_id(pkey) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(pkey);
    return Problem(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat(path, " is not an Ed25519 ", is_private ? "private" : "public", " key"),
        absl::StrCat("a PEM key written by `stargate ledger keygen`",
                     is_private ? "" : " (the .pub file)"));
  }
  return pkey;
}

absl::Status WritePem(const std::string& path, EVP_PKEY* pkey, bool is_private) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, is_private ? 0600 : 0644);
  if (fd < 0) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("cannot create ", path, ": ", std::strerror(errno)),
                   "a new file (a key is never overwritten)");
  }
  FILE* file = fdopen(fd, "w");
  const int ok = is_private
                     ? PEM_write_PrivateKey(file, pkey, nullptr, nullptr, 0, nullptr, nullptr)
                     : PEM_write_PUBKEY(file, pkey);
  const bool flushed = std::fflush(file) == 0 && fsync(fd) == 0;
  std::fclose(file);
  if (ok != 1 || !flushed) return absl::InternalError(absl::StrCat("writing ", path, " failed"));
  return absl::OkStatus();
}

}  // namespace

std::string Checkpoint::SignedMessage() const {
  return absl::StrCat("stargate-ledger-checkpoint/v1\n", size, "\n", ToHex(root), "\n", time, "\n");
}

std::string Checkpoint::ToLine() const {
  return nlohmann::json{{"key_id", key_id},
                        {"root", ToHex(root)},
                        {"signature", signature},
                        {"size", size},
                        {"time", time}}
      .dump();
}

SigningKey::~SigningKey() { EVP_PKEY_free(Key(pkey_)); }

absl::Status SigningKey::Generate(const std::string& private_path, const std::string& public_path) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  EVP_PKEY* pkey = nullptr;
  const bool made =
      ctx != nullptr && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &pkey) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!made) return absl::InternalError("generating an Ed25519 key failed (OpenSSL)");
  absl::Status s = WritePem(private_path, pkey, true);
  if (s.ok()) s = WritePem(public_path, pkey, false);
  EVP_PKEY_free(pkey);
  return s;
}

absl::StatusOr<std::unique_ptr<SigningKey>> SigningKey::LoadPrivate(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0) {
    return Problem(absl::StatusCode::kFailedPrecondition,
                   absl::StrCat(path, " can be read by other users (mode ",
                                absl::StrCat(absl::Hex(st.st_mode & 0777)), ")"),
                   "a private key only its owner can read (chmod 600)");
  }
  auto pkey = ReadPem(path, true);
  if (!pkey.ok()) return pkey.status();
  return std::unique_ptr<SigningKey>(new SigningKey(*pkey, KeyId(*pkey)));
}

absl::StatusOr<std::unique_ptr<SigningKey>> SigningKey::LoadPublic(const std::string& path) {
  auto pkey = ReadPem(path, false);
  if (!pkey.ok()) return pkey.status();
  return std::unique_ptr<SigningKey>(new SigningKey(*pkey, KeyId(*pkey)));
}

absl::Status SigningKey::Sign(Checkpoint* checkpoint) const {
  checkpoint->key_id = key_id_;
  const std::string message = checkpoint->SignedMessage();
  unsigned char signature[64];
  size_t length = sizeof signature;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, Key(pkey_)) == 1 &&
      EVP_DigestSign(ctx, signature, &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok)
    return Problem(absl::StatusCode::kInvalidArgument, "signing the checkpoint failed",
                   "a private key");
  checkpoint->signature =
      absl::Base64Escape(std::string(reinterpret_cast<char*>(signature), length));
  return absl::OkStatus();
}

bool SigningKey::Verify(const Checkpoint& checkpoint) const {
  if (checkpoint.key_id != key_id_) return false;
  std::string signature;
  if (!absl::Base64Unescape(checkpoint.signature, &signature) || signature.size() != 64)
    return false;
  const std::string message = checkpoint.SignedMessage();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, Key(pkey_)) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

absl::StatusOr<std::vector<Checkpoint>> ReadCheckpointLog(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Problem(absl::StatusCode::kNotFound,
                   absl::StrCat("cannot read checkpoint log ", path, ": ", std::strerror(errno)),
                   "the file `stargate ledger checkpoint --out` appends to");
  }
  std::vector<Checkpoint> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const auto bad = [&](const std::string& what) {
      return InputError(
          {path, number, 1}, what,
          "one checkpoint a line: {\"key_id\",\"root\",\"signature\",\"size\",\"time\"}");
    };
    if (line.size() > 4096) return bad("the line is longer than 4096 bytes");
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || j.size() != 5) return bad("not a checkpoint");
    Checkpoint c;
    c.line = number;
    const auto text = [&](const char* key, std::string* into) {
      auto it = j.find(key);
      if (it == j.end() || !it->is_string()) return false;
      *into = it->get<std::string>();
      return true;
    };
    std::string root;
    auto size = j.find("size");
    if (!text("key_id", &c.key_id) || !text("root", &root) || !text("signature", &c.signature) ||
        !text("time", &c.time) || size == j.end() || !size->is_number_integer() ||
        size->get<int64_t>() < 0) {
      return bad("a member is missing or has the wrong type");
    }
    c.size = size->get<int64_t>();
    auto hash = HashFromHex(root);
    if (!hash || root.size() != 64) return bad("'root' is not 64 hex digits");
    c.root = *hash;
    out.push_back(std::move(c));
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("reading ", path, " failed"));
  return out;
}

absl::Status AppendCheckpoint(const std::string& path, const Checkpoint& checkpoint) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("cannot open checkpoint log ", path, ": ", std::strerror(errno)),
                   "a writable file");
  }
  const std::string line = checkpoint.ToLine() + "\n";
  const bool ok =
      ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && fsync(fd) == 0;
  ::close(fd);
  if (!ok)
    return absl::InternalError(
        absl::StrCat("appending to ", path, " failed: ", std::strerror(errno)));
  return absl::OkStatus();
}

}  // namespace stargate::ledger
