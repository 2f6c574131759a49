// Signs checkpoints of the server's ledger while it runs (`stargate serve
// --checkpoint-key FILE`): every N new entries or every S seconds that saw a
// new entry, and once more at shutdown, each through the same procedure as
// `stargate ledger checkpoint` (ledger/checkpoint_signing.h). A third party
// holding the public key and the log can then detect any rewrite, cut or
// emptying of the database behind the latest checkpoint (docs/ledger.md).
#ifndef STARGATE_SERVER_INTERNAL_CHECKPOINTER_H_
#define STARGATE_SERVER_INTERNAL_CHECKPOINTER_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "stargate/ledger/ledger.h"
#include "stargate/server/internal/ledger_pool.h"

namespace stargate::server {

struct CheckpointOptions {
  std::string key_file;       // Ed25519 private key (stargate ledger keygen)
  std::string log_file;       // the checkpoint log, kept apart from the database
  int64_t every_entries = 0;  // sign when this many entries are new; 0: not by count
  int every_seconds = 0;      // sign when this long has passed with new entries; 0: not by time
};

class Checkpointer {
 public:
  // Loads the key and the log's latest checkpoint of this key.
  static absl::StatusOr<std::unique_ptr<Checkpointer>> Create(const CheckpointOptions& options,
                                                              LedgerPool* ledgers,
                                                              std::ostream& log);
  ~Checkpointer();  // Stop()

  void Start();
  // Stops the thread and signs a last checkpoint when entries are new.
  void Stop();

 private:
  Checkpointer(CheckpointOptions options, LedgerPool* ledgers,
               std::unique_ptr<ledger::SigningKey> key, int64_t signed_size, std::ostream& log);
  void Run();
  // Signs when `force` or a limit is reached; false on a failure (logged).
  void SignIfDue(bool force);

  CheckpointOptions options_;
  LedgerPool* ledgers_;
  std::unique_ptr<ledger::SigningKey> key_;
  int64_t signed_size_;
  std::chrono::steady_clock::time_point signed_at_;
  std::ostream& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_CHECKPOINTER_H_
