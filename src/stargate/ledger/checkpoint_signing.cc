#include "stargate/ledger/checkpoint_signing.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "stargate/ledger/ledger.h"
#include "stargate/ledger/proofs.h"

namespace stargate::ledger {

absl::StatusOr<std::vector<Checkpoint>> ReadCheckpointLogIfAny(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) return std::vector<Checkpoint>{};
  return ReadCheckpointLog(path);
}

absl::StatusOr<SignedCheckpoint> SignCheckpoint(Ledger& ledger, const SigningKey& key,
                                                const std::string& log) {
  auto earlier = ReadCheckpointLogIfAny(log);
  if (!earlier.ok()) return earlier.status();
  SignedCheckpoint out;
  auto report = ledger.Verify();
  if (!report.ok()) return report.status();
  if (!report->ok()) {
    out.ok = false;
    out.what =
        absl::StrCat("ledger ", ledger.uri().ToString(), " was tampered with: ", report->message);
    out.expected = "an intact ledger before signing a checkpoint (run `stargate ledger verify`)";
    return out;
  }
  std::vector<Checkpoint> mine;
  for (const auto& c : *earlier) {
    if (c.key_id == key.key_id()) mine.push_back(c);
  }
  auto against = VerifyCheckpoints(ledger, mine, key, log);
  if (!against.ok()) return against.status();
  if (!against->ok) {
    out.ok = false;
    out.what = against->message;
    out.expected = "a ledger that still holds every entry earlier checkpoints signed";
    return out;
  }
  auto head = ComputeTreeHead(ledger, report->head.seq);
  if (!head.ok()) return head.status();
  out.checkpoint.size = head->size;
  out.checkpoint.root = head->root;
  out.checkpoint.time = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  if (auto s = key.Sign(&out.checkpoint); !s.ok()) return s;
  if (auto s = AppendCheckpoint(log, out.checkpoint); !s.ok()) return s;
  return out;
}

}  // namespace stargate::ledger
