// Signing a checkpoint of a ledger: the one procedure `stargate ledger
// checkpoint` and the server's periodic signer (server/checkpointer.h) share.
// A signature must never bless a rewrite, so the ledger is verified first,
// whole, and against every earlier checkpoint of the same key.
#ifndef STARGATE_LEDGER_CHECKPOINT_SIGNING_H_
#define STARGATE_LEDGER_CHECKPOINT_SIGNING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/checkpoint.h"

namespace stargate::ledger {

// Declared in ledger.h, which gathers this header.
class Ledger;

struct SignedCheckpoint {
  bool ok = true;  // false: the ledger may not be signed (what, expected say why)
  std::string what, expected;
  Checkpoint checkpoint;  // when ok: the checkpoint appended to the log
};

// The checkpoints of a log that may not exist yet (none when it does not).
absl::StatusOr<std::vector<Checkpoint>> ReadCheckpointLogIfAny(const std::string& path);

// Verifies `ledger` and its agreement with the earlier checkpoints of `key`
// in `log`, then signs its tree head and appends it to `log`. Errors are
// storage or key problems; a tampered ledger is `ok == false`.
absl::StatusOr<SignedCheckpoint> SignCheckpoint(Ledger& ledger, const SigningKey& key,
                                                const std::string& log);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_CHECKPOINT_SIGNING_H_
