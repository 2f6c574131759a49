// httplib's task queue for the server: a fixed number of threads and a
// bounded backlog. When the backlog is full the accepting thread waits, so
// further connections stay in the kernel's listen queue instead of piling
// up in memory (httplib's own ThreadPool queues without limit).
#ifndef STARGATE_SERVER_BOUNDED_POOL_H_
#define STARGATE_SERVER_BOUNDED_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace stargate::server {

class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(size_t threads, size_t max_queued);
  ~BoundedPool() override;

  void enqueue(std::function<void()> fn) override;
  // Runs what is queued, then joins the threads.
  void shutdown() override;

 private:
  void Work();

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable has_work_, has_room_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_BOUNDED_POOL_H_
