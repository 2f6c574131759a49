// The Merkle tree against RFC 6962's published test vectors and against a
// direct transcription of the RFC's recursive definitions (MTH, PATH,
// SUBPROOF), for every leaf and every pair of sizes of small trees.
#include "stargate/ledger/internal/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"

namespace stargate::ledger {
namespace {

Hash H(const std::string& hex) { return *HashFromHex(hex); }

// RFC 6962's reference leaves (certificate-transparency's merkle tree tests).
std::vector<Hash> ReferenceLeaves() {
  std::vector<Hash> out;
  for (const char* hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                          "606162636465666768696a6b6c6d6e6f"}) {
    out.push_back(MerkleLeafHash(absl::HexStringToBytes(hex)));
  }
  return out;
}

// The RFC's definitions, written out as they read, over an array.
Hash Mth(const std::vector<Hash>& d, size_t b, size_t e) {
  if (e == b) return MerkleEmptyRoot();
  if (e - b == 1) return d[b];
  size_t k = 1;
  while (k * 2 < e - b) k *= 2;
  return MerkleNodeHash(Mth(d, b, b + k), Mth(d, b + k, e));
}
std::vector<Hash> Path(size_t m, const std::vector<Hash>& d, size_t b, size_t e) {
  if (e - b <= 1) return {};
  size_t k = 1;
  while (k * 2 < e - b) k *= 2;
  std::vector<Hash> out;
  if (m < k) {
    out = Path(m, d, b, b + k);
    out.push_back(Mth(d, b + k, e));
  } else {
    out = Path(m - k, d, b + k, e);
    out.push_back(Mth(d, b, b + k));
  }
  return out;
}
std::vector<Hash> Subproof(size_t m, const std::vector<Hash>& d, size_t b, size_t e,
                           bool complete) {
  const size_t n = e - b;
  if (m == n) return complete ? std::vector<Hash>{} : std::vector<Hash>{Mth(d, b, e)};
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  std::vector<Hash> out;
  if (m <= k) {
    out = Subproof(m, d, b, b + k, complete);
    out.push_back(Mth(d, b + k, e));
  } else {
    out = Subproof(m - k, d, b + k, e, false);
    out.push_back(Mth(d, b, b + k));
  }
  return out;
}

LeafReader Over(const std::vector<Hash>& leaves) {
  return [&leaves](int64_t b, int64_t e, const std::function<void(const Hash&)>& visit) {
    for (int64_t i = b; i < e && i < static_cast<int64_t>(leaves.size()); ++i) visit(leaves[i]);
    return absl::OkStatus();
  };
}

std::vector<Hash> Leaves(int n) {
  std::vector<Hash> out;
  for (int i = 0; i < n; ++i)
    out.push_back(MerkleLeafHash(std::string(1, static_cast<char>(i)) + "leaf"));
  return out;
}

TEST(MerkleTest, RootsMatchRfc6962) {
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  EXPECT_EQ(ToHex(MerkleTreeBuilder().Root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  MerkleTreeBuilder builder;
  const auto leaves = ReferenceLeaves();
  for (size_t n = 0; n < leaves.size(); ++n) {
    builder.Add(leaves[n]);
    EXPECT_EQ(ToHex(builder.Root()), roots[n]) << "size " << n + 1;
  }
}

TEST(MerkleTest, InclusionProofsMatchRfc6962) {
  const auto leaves = ReferenceLeaves();
  const Hash root = Mth(leaves, 0, 8);
  const std::vector<Hash> path0 = {
      H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
      H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
      H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")};
  const std::vector<Hash> path5 = {
      H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
      H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
      H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
  EXPECT_EQ(*RangeRoots(InclusionProofRanges(0, 8), Over(leaves)), path0);
  EXPECT_EQ(*RangeRoots(InclusionProofRanges(5, 8), Over(leaves)), path5);
  EXPECT_TRUE(VerifyInclusion(0, 8, leaves[0], path0, root));
  EXPECT_TRUE(VerifyInclusion(5, 8, leaves[5], path5, root));
}

TEST(MerkleTest, EveryLeafAndEveryPairOfSizesUpToNine) {
  const auto leaves = Leaves(10);
  for (int n = 1; n <= 9; ++n) {
    MerkleTreeBuilder builder;
    for (int i = 0; i < n; ++i) builder.Add(leaves[i]);
    const Hash root = builder.Root();
    ASSERT_EQ(root, Mth(leaves, 0, n)) << n;
    for (int m = 0; m < n; ++m) {
      auto path = RangeRoots(InclusionProofRanges(m, n), Over(leaves));
      ASSERT_TRUE(path.ok());
      EXPECT_EQ(*path, Path(m, leaves, 0, n)) << m << " of " << n;
      EXPECT_TRUE(VerifyInclusion(m, n, leaves[m], *path, root)) << m << " of " << n;
      // Tampering: another leaf, another index or size, a changed, missing or extra hash.
      EXPECT_FALSE(VerifyInclusion(m, n, leaves[(m + 1) % 10], *path, root));
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((m + 1) % n, n, leaves[m], *path, root));
      }
      // (The same path may lead to this root under another size when the
      // shapes agree, but never to the root of the tree of that size.)
      EXPECT_FALSE(VerifyInclusion(m, n + 1, leaves[m], *path, Mth(leaves, 0, n + 1)))
          << m << " of " << n;
      EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], *path, Sha256("not the root")));
      for (size_t k = 0; k < path->size(); ++k) {
        auto bad = *path;
        bad[k][0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], bad, root));
      }
      if (!path->empty()) {
        auto shorter = *path;
        shorter.pop_back();
        EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], shorter, root));
      }
      auto longer = *path;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(m, n, leaves[m], longer, root));
    }
    for (int old = 1; old <= n; ++old) {
      const Hash old_root = Mth(leaves, 0, old);
      auto proof = RangeRoots(ConsistencyProofRanges(old, n), Over(leaves));
      ASSERT_TRUE(proof.ok());
      EXPECT_EQ(*proof, old == n ? std::vector<Hash>{} : Subproof(old, leaves, 0, n, true))
          << old << "->" << n;
      EXPECT_TRUE(VerifyConsistency(old, n, old_root, root, *proof)) << old << "->" << n;
      EXPECT_FALSE(VerifyConsistency(old, n, leaves[8], root, *proof)) << old << "->" << n;
      EXPECT_FALSE(VerifyConsistency(old, n, old_root, leaves[8], *proof)) << old << "->" << n;
      if (old < n) {
        EXPECT_FALSE(VerifyConsistency(old, n + 1, old_root, Mth(leaves, 0, n + 1), *proof))
            << old << "->" << n;
      }
      for (size_t k = 0; k < proof->size(); ++k) {
        auto bad = *proof;
        bad[k][5] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(old, n, old_root, root, bad))
            << old << "->" << n << " at " << k;
      }
    }
  }
  EXPECT_FALSE(VerifyConsistency(0, 3, MerkleEmptyRoot(), Mth(leaves, 0, 3), {}));
  EXPECT_FALSE(VerifyConsistency(4, 3, Mth(leaves, 0, 4), Mth(leaves, 0, 3), {}));
}

TEST(MerkleTest, AStreamedRootOfAThousandLeavesMatchesTheDefinition) {
  const auto leaves = Leaves(200);
  std::vector<Hash> many;
  for (int i = 0; i < 1000; ++i) many.push_back(leaves[i % 200]);
  many[777][3] ^= 1;
  MerkleTreeBuilder builder;
  for (const auto& h : many) builder.Add(h);
  EXPECT_EQ(builder.Root(), Mth(many, 0, many.size()));
}

}  // namespace
}  // namespace stargate::ledger
