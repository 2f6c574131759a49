// Signed checkpoints: a tree head (size, Merkle root, time) signed with
// Ed25519 (OpenSSL), appended to a log kept apart from the database. Whoever
// holds the public key and the log can tell whether the ledger still holds,
// unchanged, every entry a checkpoint covered: a rewrite, a truncation or an
// emptied ledger no longer has the signed root. Like Certificate Transparency's
// signed tree heads and Rekor's checkpoints.
//
// The log is text, one checkpoint a line (JSON, keys sorted):
//   {"key_id":"<sha256 of the public key, hex>","root":"<hex>","signature":"<base64>",
//    "size":N,"time":"2026-12-06T12:00:00Z"}
// and the signed message is the UTF-8 text
//   "stargate-ledger-checkpoint/v1\n" SIZE "\n" ROOT_HEX "\n" TIME "\n".
#ifndef STARGATE_LEDGER_CHECKPOINT_H_
#define STARGATE_LEDGER_CHECKPOINT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/hash_chain.h"

namespace stargate::ledger {

struct Checkpoint {
  int64_t size = 0;
  Hash root{};
  std::string time;       // UTC, RFC 3339
  std::string key_id;     // hex SHA-256 of the DER public key
  std::string signature;  // base64 Ed25519 signature of SignedMessage()
  int line = 0;           // where it was read from (1-based), 0 when new
  std::string SignedMessage() const;
  std::string ToLine() const;  // without the newline
};

// An Ed25519 key (private, or public only), from a PEM file.
class SigningKey {
 public:
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  // Writes a new key pair: the private key to `private_path` (PKCS#8 PEM,
  // mode 0600, refused when the file exists) and the public one beside it
  // (`public_path`, SubjectPublicKeyInfo PEM).
  static absl::Status Generate(const std::string& private_path, const std::string& public_path);
  static absl::StatusOr<std::unique_ptr<SigningKey>> LoadPrivate(const std::string& path);
  static absl::StatusOr<std::unique_ptr<SigningKey>> LoadPublic(const std::string& path);

  const std::string& key_id() const { return key_id_; }
  // Fills key_id and signature. Needs a private key.
  absl::Status Sign(Checkpoint* checkpoint) const;
  // The signature is this key's, over the checkpoint's message.
  bool Verify(const Checkpoint& checkpoint) const;

 private:
  SigningKey(void* pkey, std::string key_id) : pkey_(pkey), key_id_(std::move(key_id)) {}
  void* pkey_;  // EVP_PKEY*
  std::string key_id_;
};

// Every checkpoint in the log, in order; InvalidArgument with "FILE:LINE: what;
// expected ..." for a malformed line. An empty or missing file has none
// (NotFound for a missing one).
absl::StatusOr<std::vector<Checkpoint>> ReadCheckpointLog(const std::string& path);
// Appends one line and fsyncs the file (creating it).
absl::Status AppendCheckpoint(const std::string& path, const Checkpoint& checkpoint);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_CHECKPOINT_H_
