// The ledger's entries as a Merkle tree, as Certificate Transparency (RFC
// 9162, section 2.1) and Sigstore's Rekor build theirs, so that a signed tree
// head (a checkpoint) commits to every entry before it, an inclusion proof
// shows one entry is in the tree, and a consistency proof shows a later tree
// only appended to an earlier one.
//
//   leaf(i)   = SHA-256(0x00 || hash of entry i+1)      (the chain hash: 32 bytes)
//   node(l,r) = SHA-256(0x01 || l || r)
//   MTH of n leaves splits at the largest power of two below n; MTH({}) = SHA-256("").
#ifndef STARGATE_LEDGER_INTERNAL_MERKLE_H_
#define STARGATE_LEDGER_INTERNAL_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/hash_chain.h"

namespace stargate::ledger {

Hash MerkleLeafHash(std::string_view data);
Hash MerkleNodeHash(const Hash& left, const Hash& right);
Hash MerkleEmptyRoot();

// The root of a tree fed one leaf hash at a time, in constant memory per
// level: a stack of the roots of perfect subtrees (the binary digits of the
// size), folded right to left for the root. Linear in the leaves.
class MerkleTreeBuilder {
 public:
  void Add(const Hash& leaf_hash);
  int64_t size() const { return size_; }
  Hash Root() const;

 private:
  std::vector<std::pair<int, Hash>> stack_;  // (height, root) of perfect subtrees, left to right
  int64_t size_ = 0;
};

// Leaves [begin, end) of the tree (0-based).
struct LeafRange {
  int64_t begin = 0;
  int64_t end = 0;
};

// The subtrees whose roots make up a proof, in the order the proof lists them
// (RFC 9162 2.1.3.1 PATH, 2.1.4.1 SUBPROOF). They never overlap, so one pass
// over the leaves computes them all.
std::vector<LeafRange> InclusionProofRanges(int64_t index, int64_t size);
std::vector<LeafRange> ConsistencyProofRanges(int64_t old_size, int64_t new_size);

// Roots of `ranges`, reading leaf hashes in ascending order from
// `read(begin, end, visit)`, which calls visit(leaf_hash) for each leaf.
using LeafReader = std::function<absl::Status(int64_t begin, int64_t end,
                                              const std::function<void(const Hash&)>& visit)>;
absl::StatusOr<std::vector<Hash>> RangeRoots(const std::vector<LeafRange>& ranges,
                                             const LeafReader& read);

// RFC 9162 2.1.3.2: does `path` lead from leaf `index` of a tree of `size`
// leaves to `root`?
bool VerifyInclusion(int64_t index, int64_t size, const Hash& leaf_hash,
                     const std::vector<Hash>& path, const Hash& root);
// RFC 9162 2.1.4.2: is the tree of `new_size` leaves with `new_root` an
// append-only extension of the one of `old_size` with `old_root`?
bool VerifyConsistency(int64_t old_size, int64_t new_size, const Hash& old_root,
                       const Hash& new_root, const std::vector<Hash>& path);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_MERKLE_H_
