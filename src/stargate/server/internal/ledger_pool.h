// Ledger connections for the HTTP worker threads. A ledger::Ledger is one
// connection and must not be shared between threads, so each request leases
// one from this pool and gives it back; the pool never holds more than the
// number of threads that ever used it at once.
#ifndef STARGATE_SERVER_INTERNAL_LEDGER_POOL_H_
#define STARGATE_SERVER_INTERNAL_LEDGER_POOL_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/ledger/ledger.h"

namespace stargate::server {

class LedgerPool {
 public:
  // Opens the ledger at `uri` once to check it; when `create` and there is
  // none yet, creates it (`*created` tells). An older schema is refused: a
  // migration is an operator's decision (`stargate ledger init`).
  static absl::StatusOr<std::unique_ptr<LedgerPool>> Open(const std::string& uri, bool create,
                                                          bool* created);

  class Lease {
   public:
    Lease(LedgerPool* pool, std::unique_ptr<ledger::Ledger> ledger)
        : pool_(pool), ledger_(std::move(ledger)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    ledger::Ledger* operator->() const { return ledger_.get(); }
    ledger::Ledger& operator*() const { return *ledger_; }
    // A connection that failed is closed rather than reused.
    void Discard() { ledger_.reset(); }

   private:
    LedgerPool* pool_;
    std::unique_ptr<ledger::Ledger> ledger_;
  };

  absl::StatusOr<Lease> Acquire();
  // The URI for messages (no password).
  const std::string& shown() const { return shown_; }

 private:
  LedgerPool(std::string uri, std::string shown) : uri_(std::move(uri)), shown_(std::move(shown)) {}
  void Release(std::unique_ptr<ledger::Ledger> ledger);

  const std::string uri_;
  const std::string shown_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<ledger::Ledger>> idle_;
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_LEDGER_POOL_H_
