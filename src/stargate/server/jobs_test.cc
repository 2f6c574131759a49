#include "stargate/server/internal/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace stargate::server {
namespace {

using namespace std::chrono_literals;

// Waits until job `id` reaches a final state (or 10 s pass).
JobView AwaitFinal(JobManager& jobs, const std::string& id) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto view = jobs.Get(id);
    if (view && IsFinal(view->state)) return *view;
    std::this_thread::sleep_for(2ms);
  }
  ADD_FAILURE() << "job " << id << " did not finish";
  return *jobs.Get(id);
}

// A job that blocks until released, reporting progress and watching for cancel.
struct Gate {
  std::promise<void> release;
  std::shared_future<void> opened{release.get_future().share()};
  std::atomic<bool> started{false};
  JobWork Work(bool stop_on_cancel) {
    return [this, stop_on_cancel](JobControl& control) -> absl::StatusOr<JobOutput> {
      started = true;
      control.Progress(0.5, "half way");
      while (opened.wait_for(1ms) != std::future_status::ready) {
        if (stop_on_cancel && control.cancelled()) return absl::CancelledError("stopped");
      }
      JobOutput out;
      out.result = {{"answer", 42}};
      return out;
    };
  }
};

TEST(JobManagerTest, RunsAJobToDoneWithItsResult) {
  JobManager jobs({1, 4, 10});
  auto id = jobs.Submit("plan", "pat", [](JobControl& control) -> absl::StatusOr<JobOutput> {
    control.Progress(0.3, "working");
    JobOutput out;
    out.result = {{"answer", 42}};
    out.artifact = 7;
    return out;
  });
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->rfind("plan-1-", 0), 0u);
  const JobView done = AwaitFinal(jobs, *id);
  EXPECT_EQ(done.state, JobState::kDone);
  EXPECT_EQ(done.progress, 1);
  EXPECT_EQ(done.submitted_by, "pat");
  ASSERT_TRUE(done.output);
  EXPECT_EQ(done.output->result["answer"], 42);
  EXPECT_EQ(std::any_cast<int>(done.output->artifact), 7);
  const auto json = done.ToJson(true);
  EXPECT_EQ(json["state"], "done");
  EXPECT_EQ(json["result"]["answer"], 42);
  EXPECT_FALSE(done.ToJson(false).contains("result"));
}

TEST(JobManagerTest, AFailedJobKeepsItsMessage) {
  JobManager jobs({1, 4, 10});
  auto id = jobs.Submit("plan", "pat", [](JobControl&) -> absl::StatusOr<JobOutput> {
    return absl::InvalidArgumentError("the model is empty");
  });
  ASSERT_TRUE(id.ok());
  const JobView failed = AwaitFinal(jobs, *id);
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(failed.message, "the model is empty");
}

TEST(JobManagerTest, ProgressIsVisibleWhileRunningAndNeverGoesBack) {
  Gate gate;  // outlives the manager, whose workers may still hold it
  JobManager jobs({1, 4, 10});
  auto id = jobs.Submit("plan", "pat", gate.Work(false));
  ASSERT_TRUE(id.ok());
  while (!gate.started) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(5ms);
  auto running = jobs.Get(*id);
  ASSERT_TRUE(running);
  EXPECT_EQ(running->state, JobState::kRunning);
  EXPECT_DOUBLE_EQ(running->progress, 0.5);
  EXPECT_EQ(running->message, "half way");
  gate.release.set_value();
  EXPECT_EQ(AwaitFinal(jobs, *id).state, JobState::kDone);
}

TEST(JobManagerTest, CancellingAQueuedJobMeansItNeverRuns) {
  Gate gate;  // outlives the manager, whose workers may still hold it
  JobManager jobs({1, 4, 10});
  auto first = jobs.Submit("plan", "pat", gate.Work(false));
  std::atomic<bool> ran{false};
  auto second = jobs.Submit("plan", "pat", [&](JobControl&) -> absl::StatusOr<JobOutput> {
    ran = true;
    return JobOutput{};
  });
  ASSERT_TRUE(first.ok() && second.ok());
  auto cancelled = jobs.Cancel(*second);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, JobState::kCancelled);
  gate.release.set_value();
  AwaitFinal(jobs, *first);
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(ran);
  EXPECT_EQ(jobs.Get(*second)->state, JobState::kCancelled);
}

TEST(JobManagerTest, CancellingARunningJobDiscardsItsResult) {
  Gate gate;  // outlives the manager, whose workers may still hold it
  JobManager jobs({1, 4, 10});
  auto id = jobs.Submit("plan", "pat", gate.Work(false));  // ignores the request to stop
  ASSERT_TRUE(id.ok());
  while (!gate.started) std::this_thread::sleep_for(1ms);
  auto cancelled = jobs.Cancel(*id);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->state, JobState::kCancelled);
  gate.release.set_value();
  // The next job runs only once the cancelled one has returned.
  auto next = jobs.Submit("plan", "pat",
                          [](JobControl&) -> absl::StatusOr<JobOutput> { return JobOutput{}; });
  ASSERT_TRUE(next.ok());
  AwaitFinal(jobs, *next);
  const JobView view = *jobs.Get(*id);
  EXPECT_EQ(view.state, JobState::kCancelled);
  EXPECT_EQ(view.output, nullptr);
  EXPECT_EQ(jobs.Cancel(*id).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(jobs.Cancel("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST(JobManagerTest, AFullQueueRefusesNewJobs) {
  Gate gate;
  JobManager jobs({1, 2, 10});
  ASSERT_TRUE(jobs.Submit("plan", "pat", gate.Work(false)).ok());
  while (!gate.started) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(jobs.Submit("plan", "pat", gate.Work(false)).ok());
  ASSERT_TRUE(jobs.Submit("plan", "pat", gate.Work(false)).ok());
  auto refused = jobs.Submit("plan", "pat", gate.Work(false));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  gate.release.set_value();
}

TEST(JobManagerTest, ShutdownCancelsQueuedJobsAndStopsCooperativeOnes) {
  Gate gate;  // outlives the manager, whose workers may still hold it
  JobManager jobs({1, 4, 10});
  auto running = jobs.Submit("plan", "pat", gate.Work(true));
  auto queued = jobs.Submit("plan", "pat", gate.Work(true));
  while (!gate.started) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(jobs.Shutdown(5s));
  EXPECT_EQ(jobs.Get(*queued)->state, JobState::kCancelled);
  EXPECT_EQ(jobs.Get(*running)->state, JobState::kCancelled);
  EXPECT_EQ(jobs.Submit("plan", "pat", gate.Work(true)).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(JobManagerTest, OnlyTheNewestFinishedJobsAreKept) {
  JobManager jobs({1, 8, 3});
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    auto id = jobs.Submit("plan", "pat",
                          [](JobControl&) -> absl::StatusOr<JobOutput> { return JobOutput{}; });
    ASSERT_TRUE(id.ok());
    AwaitFinal(jobs, *id);
    ids.push_back(*id);
  }
  EXPECT_EQ(jobs.List().size(), 3u);
  EXPECT_FALSE(jobs.Get(ids[0]));
  EXPECT_TRUE(jobs.Get(ids[5]));
}

}  // namespace
}  // namespace stargate::server
