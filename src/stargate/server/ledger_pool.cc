#include "stargate/server/internal/ledger_pool.h"

namespace stargate::server {

absl::StatusOr<std::unique_ptr<LedgerPool>> LedgerPool::Open(const std::string& uri, bool create,
                                                             bool* created) {
  *created = false;
  auto parsed = ledger::ParseLedgerUri(uri);
  if (!parsed.ok()) return parsed.status();
  auto first = ledger::Ledger::Open(uri);
  if (!first.ok() && first.status().code() == absl::StatusCode::kNotFound && create) {
    auto init = ledger::Ledger::Init(uri);
    if (!init.ok()) return init.status();
    *created = init->action == ledger::InitResult::Action::kCreated;
    first = ledger::Ledger::Open(uri);
  }
  if (!first.ok()) return first.status();
  std::unique_ptr<LedgerPool> pool(new LedgerPool(uri, parsed->ToString()));
  pool->idle_.push_back(std::move(*first));
  return pool;
}

absl::StatusOr<LedgerPool::Lease> LedgerPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      auto ledger = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(ledger));
    }
  }
  auto ledger = ledger::Ledger::Open(uri_);
  if (!ledger.ok()) return ledger.status();
  return Lease(this, std::move(*ledger));
}

void LedgerPool::Release(std::unique_ptr<ledger::Ledger> ledger) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(ledger));
}

LedgerPool::Lease::~Lease() {
  if (pool_ && ledger_) pool_->Release(std::move(ledger_));
}

}  // namespace stargate::server
