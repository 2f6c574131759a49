#include "stargate/ledger/internal/merkle.h"

#include <openssl/evp.h>

#include <algorithm>

namespace stargate::ledger {
namespace {

Hash Sha256Of(unsigned char prefix, std::string_view a, std::string_view b = {}) {
  Hash out{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, &prefix, 1);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx, b.data(), b.size());
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &n);
  EVP_MD_CTX_free(ctx);
  return out;
}

std::string_view View(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

// The largest power of two strictly below n (n >= 2).
int64_t SplitPoint(int64_t n) {
  int64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

void Path(int64_t m, int64_t begin, int64_t end, std::vector<LeafRange>* out) {
  const int64_t n = end - begin;
  if (n <= 1) return;
  const int64_t k = SplitPoint(n);
  if (m < k) {
    Path(m, begin, begin + k, out);
    out->push_back({begin + k, end});
  } else {
    Path(m - k, begin + k, end, out);
    out->push_back({begin, begin + k});
  }
}

void Subproof(int64_t m, int64_t begin, int64_t end, bool complete, std::vector<LeafRange>* out) {
  const int64_t n = end - begin;
  if (m == n) {
    if (!complete) out->push_back({begin, end});
    return;
  }
  const int64_t k = SplitPoint(n);
  if (m <= k) {
    Subproof(m, begin, begin + k, complete, out);
    out->push_back({begin + k, end});
  } else {
    Subproof(m - k, begin + k, end, false, out);
    out->push_back({begin, begin + k});
  }
}

}  // namespace

Hash MerkleLeafHash(std::string_view data) { return Sha256Of(0x00, data); }
Hash MerkleNodeHash(const Hash& left, const Hash& right) {
  return Sha256Of(0x01, View(left), View(right));
}
Hash MerkleEmptyRoot() { return Sha256(""); }

void MerkleTreeBuilder::Add(const Hash& leaf_hash) {
  ++size_;
  int height = 0;
  Hash carry = leaf_hash;
  while (!stack_.empty() && stack_.back().first == height) {
    carry = MerkleNodeHash(stack_.back().second, carry);
    stack_.pop_back();
    ++height;
  }
  stack_.emplace_back(height, carry);
}

Hash MerkleTreeBuilder::Root() const {
  if (stack_.empty()) return MerkleEmptyRoot();
  Hash root = stack_.back().second;
  for (size_t i = stack_.size() - 1; i-- > 0;) root = MerkleNodeHash(stack_[i].second, root);
  return root;
}

std::vector<LeafRange> InclusionProofRanges(int64_t index, int64_t size) {
  std::vector<LeafRange> out;
  if (index >= 0 && index < size) Path(index, 0, size, &out);
  return out;
}

std::vector<LeafRange> ConsistencyProofRanges(int64_t old_size, int64_t new_size) {
  std::vector<LeafRange> out;
  if (old_size > 0 && old_size < new_size) Subproof(old_size, 0, new_size, true, &out);
  return out;
}

absl::StatusOr<std::vector<Hash>> RangeRoots(const std::vector<LeafRange>& ranges,
                                             const LeafReader& read) {
  std::vector<Hash> roots(ranges.size());
  if (ranges.empty()) return roots;
  std::vector<size_t> order(ranges.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return ranges[a].begin < ranges[b].begin; });
  const int64_t first = ranges[order.front()].begin;
  int64_t last = 0;
  for (const auto& r : ranges) last = std::max(last, r.end);
  size_t at = 0;  // position in `order` of the range being built
  int64_t leaf = first;
  MerkleTreeBuilder builder;
  auto s = read(first, last, [&](const Hash& h) {
    while (at < order.size() && leaf >= ranges[order[at]].end) ++at;
    if (at < order.size() && leaf >= ranges[order[at]].begin) {
      builder.Add(h);
      if (leaf + 1 == ranges[order[at]].end) {
        roots[order[at]] = builder.Root();
        builder = MerkleTreeBuilder();
      }
    }
    ++leaf;
  });
  if (!s.ok()) return s;
  if (leaf < last) {
    return absl::OutOfRangeError("the ledger has fewer entries than the tree the proof is for");
  }
  return roots;
}

bool VerifyInclusion(int64_t index, int64_t size, const Hash& leaf_hash,
                     const std::vector<Hash>& path, const Hash& root) {
  if (index < 0 || index >= size) return false;
  uint64_t fn = static_cast<uint64_t>(index), sn = static_cast<uint64_t>(size - 1);
  Hash r = leaf_hash;
  for (const Hash& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = MerkleNodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(int64_t old_size, int64_t new_size, const Hash& old_root,
                       const Hash& new_root, const std::vector<Hash>& proof) {
  if (old_size < 1 || old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  std::vector<Hash> path = proof;
  if ((old_size & (old_size - 1)) == 0) path.insert(path.begin(), old_root);
  if (path.empty()) return false;
  uint64_t fn = static_cast<uint64_t>(old_size - 1), sn = static_cast<uint64_t>(new_size - 1);
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = MerkleNodeHash(c, fr);
      sr = MerkleNodeHash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = MerkleNodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace stargate::ledger
