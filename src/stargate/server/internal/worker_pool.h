// A fixed number of threads that run jobs from a bounded queue: where the
// transport sends requests whose handlers may take long (a solve, a ledger
// write waiting for the write lock, a ledger scan, a large batch), so that
// they hold up no event thread (http_transport.h). Bounded both ways, so
// that a burst of slow requests costs a known number of threads and of
// waiting requests, and the rest are refused at once rather than queued
// without end.
#ifndef STARGATE_SERVER_INTERNAL_WORKER_POOL_H_
#define STARGATE_SERVER_INTERNAL_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace stargate::server {

class WorkerPool {
 public:
  // Called once on a worker: `cancelled` is true when Shutdown() came
  // before the job started (it must then answer without doing the work).
  // A job must not throw.
  using Job = std::function<void(bool cancelled)>;

  // `threads` >= 1 workers; at most `max_queued` jobs wait for one (0: a
  // job is taken only when a worker is free).
  WorkerPool(int threads, int max_queued);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  enum class Submitted { kQueued, kFull, kShutDown };
  // Queues `job` unless max_queued jobs wait already or Shutdown() began;
  // a job that is not queued is dropped without being called.
  Submitted Submit(Job job);

  // Takes no more jobs, calls each one still waiting with cancelled=true,
  // waits for the running ones to finish (however long: they may be
  // ledger writes) and joins the threads. Idempotent.
  void Shutdown();

  int threads() const { return static_cast<int>(threads_.size()); }
  // Jobs waiting and running now (for tests and logs).
  size_t queued() const;
  size_t running() const;

 private:
  void Work();

  const size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  size_t running_ = 0;
  bool shut_down_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_WORKER_POOL_H_
