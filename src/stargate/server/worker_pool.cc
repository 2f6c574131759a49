#include "stargate/server/internal/worker_pool.h"

#include <algorithm>

namespace stargate::server {

WorkerPool::WorkerPool(int threads, int max_queued)
    : max_queued_(static_cast<size_t>(std::max(0, max_queued))) {
  const int count = std::max(1, threads);
  threads_.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() { Shutdown(); }

WorkerPool::Submitted WorkerPool::Submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return Submitted::kShutDown;
    // Jobs in the queue for which a worker is idle are about to start: only
    // the others wait.
    const size_t idle = threads_.size() - running_;
    if (queue_.size() >= max_queued_ + idle) return Submitted::kFull;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return Submitted::kQueued;
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shut_down_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

size_t WorkerPool::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

size_t WorkerPool::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_;
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return shut_down_ || !queue_.empty(); });
    // Once shut down, the workers empty the queue (each job cancelled) before they leave.
    if (queue_.empty()) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    const bool cancelled = shut_down_;
    ++running_;
    lock.unlock();
    job(cancelled);
    job = nullptr;  // its captures go before the lock is taken again
    lock.lock();
    --running_;
  }
}

}  // namespace stargate::server
