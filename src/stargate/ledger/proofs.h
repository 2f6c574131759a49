// The ledger's Merkle tree (merkle.h) read from a Ledger: tree heads, the
// roots signed checkpoints must still match, and inclusion and consistency
// proofs as JSON a third party checks with the public key and the checkpoint
// log alone (`stargate ledger check-proof`).
#ifndef STARGATE_LEDGER_PROOFS_H_
#define STARGATE_LEDGER_PROOFS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/checkpoint.h"
#include "stargate/ledger/internal/merkle.h"

namespace stargate::ledger {

// Declared in ledger.h, which gathers this header.
class Ledger;

struct TreeHead {
  int64_t size = 0;
  Hash root{};
};

// The roots of the trees of the first `sizes` entries, in one pass over the
// entries (streaming: memory does not grow with the ledger). OutOfRange when
// the ledger has fewer entries than a size.
absl::StatusOr<std::vector<Hash>> TreeRoots(Ledger& ledger, const std::vector<int64_t>& sizes);
// The tree of the first `size` entries; `size` < 0: every entry up to the head.
absl::StatusOr<TreeHead> ComputeTreeHead(Ledger& ledger, int64_t size = -1);

struct InclusionProof {
  int64_t seq = 0;  // the entry (leaf seq - 1)
  int64_t tree_size = 0;
  Hash entry_hash{};  // the entry's chain hash, as `export` prints it
  Hash root{};
  std::vector<Hash> path;
};
struct ConsistencyProof {
  int64_t old_size = 0, new_size = 0;
  Hash old_root{}, new_root{};
  std::vector<Hash> path;
};

absl::StatusOr<InclusionProof> ProveInclusion(Ledger& ledger, int64_t seq, int64_t tree_size);
absl::StatusOr<ConsistencyProof> ProveConsistency(Ledger& ledger, int64_t old_size,
                                                  int64_t new_size);

nlohmann::json ToJson(const InclusionProof& proof);
nlohmann::json ToJson(const ConsistencyProof& proof);

// What checking a proof found: ok, or why not, in plain words.
struct ProofCheck {
  bool ok = false;
  std::string message;
};
// Checks a proof document (either kind): the path must lead to the proof's
// root(s), and each root must be `root` (when given, for the tree the proof
// is about: the new tree of a consistency proof) or the root of a checkpoint
// of that size in `checkpoints` signed by `key`. InvalidArgument for a
// document that is not a proof.
absl::StatusOr<ProofCheck> CheckProof(const nlohmann::json& proof,
                                      const std::vector<Checkpoint>& checkpoints,
                                      const SigningKey* key, const std::optional<Hash>& root);

// The ledger against a checkpoint log: every checkpoint is signed by `key`,
// and the ledger still holds every entry the checkpoints covered, with the
// roots they signed. `message` names the first problem (a rewrite, cut or
// emptied ledger, a forged or foreign checkpoint).
struct CheckpointReport {
  bool ok = true;
  int64_t checkpoints = 0;
  int64_t latest_size = 0;
  std::string message;
};
absl::StatusOr<CheckpointReport> VerifyCheckpoints(Ledger& ledger,
                                                   const std::vector<Checkpoint>& checkpoints,
                                                   const SigningKey& key,
                                                   const std::string& log_name);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_PROOFS_H_
