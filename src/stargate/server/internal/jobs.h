// Background jobs (plans, simulations): a bounded queue served by a few
// worker threads, each job with a state, a progress from 0 to 1, a message
// and, when done, a JSON result. Cancelling is cooperative: a queued job
// never starts; a running one is marked cancelled at once and its work is
// asked to stop at its next check, and whatever it returns is discarded
// (a solver in the middle of a solve cannot be interrupted, see docs/api.md).
#ifndef STARGATE_SERVER_INTERNAL_JOBS_H_
#define STARGATE_SERVER_INTERNAL_JOBS_H_

#include <any>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

namespace stargate::server {

enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };
const char* JobStateName(JobState state);  // "queued", ...
inline bool IsFinal(JobState s) {
  return s == JobState::kDone || s == JobState::kFailed || s == JobState::kCancelled;
}

// What a job's work sees: where to report progress and whether to stop.
class JobControl {
 public:
  virtual ~JobControl() = default;
  // `progress` in [0, 1]; values below the last reported are ignored.
  virtual void Progress(double progress, const std::string& message) = 0;
  virtual bool cancelled() const = 0;
};

// clang-tidy's exception-escape flags the implicit noexcept moves of a
// nlohmann::json member, which do not throw.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct JobOutput {
  nlohmann::json result;
  std::any artifact;  // e.g. the plan, for jobs that build on this one
};

using JobWork = std::function<absl::StatusOr<JobOutput>(JobControl& control)>;

struct JobView {
  std::string id, kind, submitted_by;
  JobState state = JobState::kQueued;
  double progress = 0;
  std::string message;
  std::string created_at, started_at, finished_at;  // UTC ISO 8601; empty when not yet
  std::shared_ptr<const JobOutput> output;          // set when done

  // {"id", "kind", "state", "progress", "message", ...}; the result only when asked.
  nlohmann::json ToJson(bool with_result) const;
};

struct JobLimits {
  int workers = 1;
  int max_queued = 16;  // jobs waiting; submitting more is refused
  int max_kept = 200;   // finished jobs kept for GET; the oldest go first
};

class JobManager {
 public:
  explicit JobManager(JobLimits limits);
  ~JobManager();  // Shutdown(0)
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  // The new job's id; ResourceExhausted when the queue is full,
  // Unavailable after Shutdown.
  absl::StatusOr<std::string> Submit(std::string kind, std::string submitted_by, JobWork work);
  std::optional<JobView> Get(const std::string& id) const;
  std::vector<JobView> List() const;  // oldest first
  // NotFound for an unknown id; FailedPrecondition for a finished job.
  absl::StatusOr<JobView> Cancel(const std::string& id);

  // Refuses new jobs, cancels queued ones, asks running ones to stop and
  // waits up to `grace` for them. Returns true when every worker stopped
  // (false: a solve is still running and will be abandoned at exit).
  bool Shutdown(std::chrono::milliseconds grace);

 private:
  struct Job;
  class Control;
  void WorkerLoop();
  void Finish(const std::shared_ptr<Job>& job, absl::StatusOr<JobOutput> output);
  void EvictLocked();

  const JobLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      // workers: a job or shutdown
  std::condition_variable finished_;  // Shutdown: a worker left
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::vector<std::string> order_;  // ids, oldest first
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::thread> workers_;
  int busy_workers_ = 0;
  int live_workers_ = 0;
  bool shutting_down_ = false;
  uint64_t next_number_ = 1;
  uint64_t id_salt_ = 0;
};

// Now as "2026-11-28T10:15:30Z".
std::string UtcNow();

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_JOBS_H_
