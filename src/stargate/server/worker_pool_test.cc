#include "stargate/server/internal/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace stargate::server {
namespace {

using namespace std::chrono_literals;

// Waits until `done` holds (or 10 s pass).
template <typename Done>
bool Await(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A job that blocks its worker until released.
struct Gate {
  std::promise<void> release;
  std::shared_future<void> opened{release.get_future().share()};
  std::atomic<int> ran{0}, cancelled{0};
  WorkerPool::Job Job() {
    return [this](bool was_cancelled) {
      if (was_cancelled) {
        ++cancelled;
        return;
      }
      opened.wait();
      ++ran;
    };
  }
};

TEST(WorkerPoolTest, RunsEveryQueuedJobOnItsThreads) {
  WorkerPool pool(2, 100);
  EXPECT_EQ(pool.threads(), 2);
  std::atomic<int> ran{0}, cancelled{0};
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> on_caller{false};
  for (int i = 0; i < 50; ++i) {
    ASSERT_EQ(pool.Submit([&](bool c) {
      (c ? cancelled : ran)++;
      if (std::this_thread::get_id() == caller) on_caller = true;
    }),
              WorkerPool::Submitted::kQueued);
  }
  ASSERT_TRUE(Await([&] { return ran == 50; }));
  EXPECT_EQ(cancelled, 0);
  EXPECT_FALSE(on_caller);
}

TEST(WorkerPoolTest, AFullQueueRefusesAtOnce) {
  WorkerPool pool(1, 1);
  Gate gate;
  ASSERT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);
  ASSERT_TRUE(Await([&] { return pool.running() == 1; }));
  ASSERT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);  // waits for the worker
  EXPECT_EQ(pool.queued(), 1u);
  bool dropped_called = false;
  EXPECT_EQ(pool.Submit([&](bool) { dropped_called = true; }), WorkerPool::Submitted::kFull);
  gate.release.set_value();
  ASSERT_TRUE(Await([&] { return gate.ran == 2; }));
  EXPECT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);  // room again
  ASSERT_TRUE(Await([&] { return gate.ran == 3; }));
  EXPECT_FALSE(dropped_called);
}

TEST(WorkerPoolTest, WithoutAQueueAJobIsTakenOnlyByAFreeWorker) {
  WorkerPool pool(1, 0);
  Gate gate;
  ASSERT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);
  ASSERT_TRUE(Await([&] { return pool.running() == 1; }));
  EXPECT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kFull);
  gate.release.set_value();
  ASSERT_TRUE(Await([&] { return pool.running() == 0; }));
  EXPECT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);
  ASSERT_TRUE(Await([&] { return gate.ran == 2; }));
}

TEST(WorkerPoolTest, ShutdownWaitsForRunningJobsAndCancelsWaitingOnes) {
  WorkerPool pool(1, 4);
  Gate gate;
  ASSERT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);
  ASSERT_TRUE(Await([&] { return pool.running() == 1; }));
  ASSERT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);
  ASSERT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kQueued);
  auto stopped = std::async(std::launch::async, [&] { pool.Shutdown(); });
  // The running job is not cut short: Shutdown waits for it.
  EXPECT_EQ(stopped.wait_for(100ms), std::future_status::timeout);
  EXPECT_EQ(pool.Submit(gate.Job()), WorkerPool::Submitted::kShutDown);
  gate.release.set_value();
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(gate.ran, 1);
  EXPECT_EQ(gate.cancelled, 2);  // called, so that each can still answer its request
  pool.Shutdown();               // again: nothing to do
}

}  // namespace
}  // namespace stargate::server
