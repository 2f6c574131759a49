#include "stargate/ledger/proofs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/ledger.h"

namespace stargate::ledger {
namespace {

std::string_view View(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

LeafReader ReaderOf(Ledger& ledger) {
  return [&ledger](int64_t begin, int64_t end, const std::function<void(const Hash&)>& visit) {
    return ledger.ScanHashes(begin + 1, end - begin,
                             [&](int64_t, const Hash& hash) { visit(MerkleLeafHash(View(hash))); });
  };
}

absl::Status TooFew(int64_t have, int64_t want) {
  return Problem(
      absl::StatusCode::kOutOfRange,
      absl::StrCat("the ledger has ", have, " entries, fewer than the ", want, " asked for"),
      absl::StrCat("a tree size up to ", have));
}

nlohmann::json Hexes(const std::vector<Hash>& path) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : path) out.push_back(ToHex(h));
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Hash>> TreeRoots(Ledger& ledger, const std::vector<int64_t>& sizes) {
  std::vector<size_t> order(sizes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sizes[a] < sizes[b]; });
  std::vector<Hash> roots(sizes.size(), MerkleEmptyRoot());
  if (sizes.empty()) return roots;
  const int64_t last = sizes[order.back()];
  MerkleTreeBuilder builder;
  size_t next = 0;
  while (next < order.size() && sizes[order[next]] <= 0) ++next;
  auto s = ledger.ScanHashes(1, last, [&](int64_t seq, const Hash& hash) {
    if (seq != builder.size() + 1) return;  // a gap: the size check below reports it
    builder.Add(MerkleLeafHash(View(hash)));
    while (next < order.size() && sizes[order[next]] == builder.size())
      roots[order[next++]] = builder.Root();
  });
  if (!s.ok()) return s;
  if (builder.size() < last) return TooFew(builder.size(), last);
  return roots;
}

absl::StatusOr<TreeHead> ComputeTreeHead(Ledger& ledger, int64_t size) {
  if (size < 0) {
    auto head = ledger.GetHead();
    if (!head.ok()) return head.status();
    size = head->seq;
  }
  auto roots = TreeRoots(ledger, {size});
  if (!roots.ok()) return roots.status();
  return TreeHead{size, (*roots)[0]};
}

absl::StatusOr<InclusionProof> ProveInclusion(Ledger& ledger, int64_t seq, int64_t tree_size) {
  if (seq < 1 || seq > tree_size) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("entry ", seq, " is not in a tree of ", tree_size, " entries"),
                   "1 <= SEQ <= size");
  }
  InclusionProof proof;
  proof.seq = seq;
  proof.tree_size = tree_size;
  bool found = false;
  auto s = ledger.ScanHashes(seq, 1, [&](int64_t at, const Hash& hash) {
    found = at == seq;
    proof.entry_hash = hash;
  });
  if (!s.ok()) return s;
  if (!found)
    return Problem(absl::StatusCode::kNotFound, absl::StrCat("the ledger has no entry ", seq),
                   "an entry it holds");
  auto path = RangeRoots(InclusionProofRanges(seq - 1, tree_size), ReaderOf(ledger));
  if (!path.ok()) return path.status();
  proof.path = *std::move(path);
  auto head = ComputeTreeHead(ledger, tree_size);
  if (!head.ok()) return head.status();
  proof.root = head->root;
  return proof;
}

absl::StatusOr<ConsistencyProof> ProveConsistency(Ledger& ledger, int64_t old_size,
                                                  int64_t new_size) {
  if (old_size < 1 || old_size > new_size) {
    return Problem(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("no consistency proof from ", old_size, " to ", new_size, " entries"),
        "1 <= OLD <= NEW");
  }
  ConsistencyProof proof;
  proof.old_size = old_size;
  proof.new_size = new_size;
  auto path = RangeRoots(ConsistencyProofRanges(old_size, new_size), ReaderOf(ledger));
  if (!path.ok()) return path.status();
  proof.path = *std::move(path);
  auto roots = TreeRoots(ledger, {old_size, new_size});
  if (!roots.ok()) return roots.status();
  proof.old_root = (*roots)[0];
  proof.new_root = (*roots)[1];
  return proof;
}

nlohmann::json ToJson(const InclusionProof& p) {
  return {{"type", "inclusion"},
          {"seq", p.seq},
          {"tree_size", p.tree_size},
          {"entry_hash", ToHex(p.entry_hash)},
          {"leaf_hash", ToHex(MerkleLeafHash(View(p.entry_hash)))},
          {"root", ToHex(p.root)},
          {"path", Hexes(p.path)}};
}

nlohmann::json ToJson(const ConsistencyProof& p) {
  return {{"type", "consistency"},         {"old_size", p.old_size},
          {"new_size", p.new_size},        {"old_root", ToHex(p.old_root)},
          {"new_root", ToHex(p.new_root)}, {"path", Hexes(p.path)}};
}

absl::StatusOr<ProofCheck> CheckProof(const nlohmann::json& proof,
                                      const std::vector<Checkpoint>& checkpoints,
                                      const SigningKey* key, const std::optional<Hash>& root) {
  const auto bad = [](const std::string& what) {
    return Problem(
        absl::StatusCode::kInvalidArgument, std::string(what),
        "a proof printed by `stargate ledger prove` (\"type\": \"inclusion\" or \"consistency\")");
  };
  if (!proof.is_object()) return bad("the proof is not a JSON object");
  const auto hash = [&](const char* name) -> std::optional<Hash> {
    auto it = proof.find(name);
    if (it == proof.end() || !it->is_string()) return std::nullopt;
    const std::string text = it->get<std::string>();
    if (text.size() != 64) return std::nullopt;
    return HashFromHex(text);
  };
  const auto number = [&](const char* name) -> std::optional<int64_t> {
    auto it = proof.find(name);
    if (it == proof.end() || !it->is_number_integer() || it->get<int64_t>() < 0)
      return std::nullopt;
    return it->get<int64_t>();
  };
  std::vector<Hash> path;
  if (auto it = proof.find("path"); it != proof.end() && it->is_array() && it->size() <= 64) {
    for (const auto& h : *it) {
      auto parsed = h.is_string() && h.get<std::string>().size() == 64
                        ? HashFromHex(h.get<std::string>())
                        : std::nullopt;
      if (!parsed) return bad("'path' holds something other than 64 hex digits");
      path.push_back(*parsed);
    }
  } else {
    return bad("'path' is missing or is not an array of at most 64 hashes");
  }
  // A root is trusted when it is the one given, or one a valid checkpoint of that size signed.
  const auto trusted = [&](int64_t size, const Hash& r, bool is_new) -> std::optional<std::string> {
    if (root) {
      if (!is_new) return std::nullopt;  // only the tree --root names
      if (*root == r) return std::nullopt;
      return absl::StrCat("the proof's root for ", size, " entries is ", ToHex(r),
                          ", not the root given");
    }
    bool any = false;
    for (const auto& c : checkpoints) {
      if (c.size != size || key == nullptr || !key->Verify(c)) continue;
      any = true;
      if (c.root == r) return std::nullopt;
    }
    if (!any)
      return absl::StrCat("no checkpoint signed by this key covers a tree of ", size, " entries");
    return absl::StrCat("the proof's root for ", size,
                        " entries differs from the signed checkpoint's");
  };
  const std::string type = proof.value("type", "");
  ProofCheck check;
  if (type == "inclusion") {
    auto seq = number("seq"), size = number("tree_size");
    auto entry = hash("entry_hash"), r = hash("root");
    if (!seq || !size || !entry || !r)
      return bad("an inclusion proof needs seq, tree_size, entry_hash and root");
    if (!VerifyInclusion(*seq - 1, *size, MerkleLeafHash(View(*entry)), path, *r)) {
      check.message = absl::StrCat("the path does not lead from entry ", *seq, " to the root of ",
                                   *size, " entries");
      return check;
    }
    if (auto problem = trusted(*size, *r, true)) {
      check.message = *problem;
      return check;
    }
    check.ok = true;
    check.message = absl::StrCat("entry ", *seq, " (hash ", ToHex(*entry), ") is in the tree of ",
                                 *size, " entries with root ", ToHex(*r));
    return check;
  }
  if (type == "consistency") {
    auto old_size = number("old_size"), new_size = number("new_size");
    auto old_root = hash("old_root"), new_root = hash("new_root");
    if (!old_size || !new_size || !old_root || !new_root) {
      return bad("a consistency proof needs old_size, new_size, old_root and new_root");
    }
    if (!VerifyConsistency(*old_size, *new_size, *old_root, *new_root, path)) {
      check.message = absl::StrCat("the tree of ", *new_size,
                                   " entries is not an append-only extension of the tree of ",
                                   *old_size, " entries with these roots");
      return check;
    }
    for (auto [size, r, is_new] :
         {std::tuple{*old_size, *old_root, false}, std::tuple{*new_size, *new_root, true}}) {
      if (auto problem = trusted(size, r, is_new)) {
        check.message = *problem;
        return check;
      }
    }
    check.ok = true;
    check.message =
        absl::StrCat("the tree of ", *new_size, " entries extends the tree of ", *old_size,
                     " entries: nothing before entry ", *old_size + 1, " was changed");
    return check;
  }
  return bad(absl::StrCat("'type' is '", type, "'"));
}

absl::StatusOr<CheckpointReport> VerifyCheckpoints(Ledger& ledger,
                                                   const std::vector<Checkpoint>& checkpoints,
                                                   const SigningKey& key,
                                                   const std::string& log_name) {
  CheckpointReport report;
  const auto fail = [&](std::string message) {
    report.ok = false;
    report.message = std::move(message);
    return report;
  };
  const auto where = [&](const Checkpoint& c) { return absl::StrCat(log_name, ":", c.line); };
  int64_t latest = 0;
  for (const auto& c : checkpoints) {
    if (!key.Verify(c)) {
      return fail(
          absl::StrCat("the checkpoint at ", where(c),
                       " is not signed by this key (the log was edited, or the key is another)"));
    }
    if (c.size < latest) {
      return fail(absl::StrCat("the checkpoint at ", where(c), " covers ", c.size,
                               " entries, fewer than an earlier one (", latest,
                               "): the log was edited"));
    }
    latest = c.size;
  }
  report.checkpoints = static_cast<int64_t>(checkpoints.size());
  report.latest_size = latest;
  auto head = ledger.GetHead();
  if (!head.ok()) return head.status();
  if (head->seq < latest) {
    return fail(absl::StrCat(
        "the ledger has ", head->seq, " entries but a checkpoint signed at ",
        checkpoints.back().time, " covers ", latest,
        head->seq == 0 ? " (the ledger was emptied)" : " (entries were cut from the end)"));
  }
  std::vector<int64_t> sizes;
  for (const auto& c : checkpoints) sizes.push_back(c.size);
  auto roots = TreeRoots(ledger, sizes);
  if (!roots.ok()) {
    if (roots.status().code() == absl::StatusCode::kOutOfRange) {
      return fail(
          absl::StrCat("entries the checkpoints cover are missing: ", roots.status().message()));
    }
    return roots.status();
  }
  for (size_t i = 0; i < checkpoints.size(); ++i) {
    if ((*roots)[i] != checkpoints[i].root) {
      return fail(absl::StrCat("the ledger's first ", checkpoints[i].size,
                               " entries no longer have the root signed at ", checkpoints[i].time,
                               " (", where(checkpoints[i]), "): entries up to ",
                               checkpoints[i].size, " were rewritten"));
    }
  }
  return report;
}

}  // namespace stargate::ledger
