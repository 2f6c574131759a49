#include "stargate/server/internal/checkpointer.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/ledger/ledger.h"

namespace stargate::server {

absl::StatusOr<std::unique_ptr<Checkpointer>> Checkpointer::Create(const CheckpointOptions& options,
                                                                   LedgerPool* ledgers,
                                                                   std::ostream& log) {
  if (!ledgers) {
    return Problem(absl::StatusCode::kInvalidArgument, "--checkpoint-key needs a ledger",
                   "--ledger URI as well");
  }
  if (options.every_entries <= 0 && options.every_seconds <= 0) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   "checkpoints are signed neither by count nor by time",
                   "--checkpoint-every N or --checkpoint-seconds S");
  }
  auto key = ledger::SigningKey::LoadPrivate(options.key_file);
  if (!key.ok()) return key.status();
  auto earlier = ledger::ReadCheckpointLogIfAny(options.log_file);
  if (!earlier.ok()) return earlier.status();
  int64_t signed_size = 0;
  for (const auto& c : *earlier) {
    if (c.key_id == (*key)->key_id()) signed_size = std::max(signed_size, c.size);
  }
  return std::unique_ptr<Checkpointer>(
      new Checkpointer(options, ledgers, *std::move(key), signed_size, log));
}

Checkpointer::Checkpointer(CheckpointOptions options, LedgerPool* ledgers,
                           std::unique_ptr<ledger::SigningKey> key, int64_t signed_size,
                           std::ostream& log)
    : options_(std::move(options)),
      ledgers_(ledgers),
      key_(std::move(key)),
      signed_size_(signed_size),
      signed_at_(std::chrono::steady_clock::now()),
      log_(log) {}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Checkpointer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  SignIfDue(/*force=*/true);
}

void Checkpointer::Run() {
  // The head is read once a second: one indexed row, far cheaper than the
  // full verification a signature needs, which runs only when one is due.
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (stopping_) break;
    lock.unlock();
    SignIfDue(/*force=*/false);
    lock.lock();
  }
}

void Checkpointer::SignIfDue(bool force) {
  auto lease = ledgers_->Acquire();
  if (!lease.ok()) {
    log_ << "checkpoint: " << lease.status().message() << "\n";
    return;
  }
  auto head = (*lease)->GetHead();
  if (!head.ok()) {
    log_ << "checkpoint: " << head.status().message() << "\n";
    return;
  }
  const int64_t fresh = head->seq - signed_size_;
  if (fresh <= 0) return;
  const bool by_count = options_.every_entries > 0 && fresh >= options_.every_entries;
  const bool by_time =
      options_.every_seconds > 0 &&
      std::chrono::steady_clock::now() - signed_at_ >= std::chrono::seconds(options_.every_seconds);
  if (!force && !by_count && !by_time) return;
  auto signed_checkpoint = ledger::SignCheckpoint(**lease, *key_, options_.log_file);
  if (!signed_checkpoint.ok()) {
    log_ << "checkpoint: " << signed_checkpoint.status().message() << "\n";
    return;
  }
  if (!signed_checkpoint->ok) {
    // Never sign over a rewrite; say so loudly, and keep serving (reads
    // and `verify` show the damage to whoever asks).
    log_ << "checkpoint: NOT signed: " << signed_checkpoint->what << "; expected "
         << signed_checkpoint->expected << "\n";
    return;
  }
  signed_size_ = signed_checkpoint->checkpoint.size;
  signed_at_ = std::chrono::steady_clock::now();
  log_ << "checkpoint: signed the tree head of " << signed_size_ << " entries into "
       << options_.log_file << "\n";
}

}  // namespace stargate::server
