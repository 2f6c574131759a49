#include "stargate/server/internal/jobs.h"

#include <algorithm>
#include <ctime>
#include <random>

#include "absl/strings/str_format.h"
#include "stargate/core/diagnostic.h"

namespace stargate::server {

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

const char* JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "failed";
}

nlohmann::json JobView::ToJson(bool with_result) const {
  const auto time = [](const std::string& t) {
    return t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t);
  };
  nlohmann::json j = {{"id", id},
                      {"kind", kind},
                      {"state", JobStateName(state)},
                      {"progress", progress},
                      {"message", message},
                      {"submitted_by", submitted_by},
                      {"created_at", time(created_at)},
                      {"started_at", time(started_at)},
                      {"finished_at", time(finished_at)}};
  if (with_result) j["result"] = output ? output->result : nlohmann::json(nullptr);
  return j;
}

struct JobManager::Job {
  JobView view;
  JobWork work;
  std::atomic<bool> cancel{false};
};

class JobManager::Control : public JobControl {
 public:
  Control(JobManager& manager, std::shared_ptr<Job> job)
      : manager_(manager), job_(std::move(job)) {}
  void Progress(double progress, const std::string& message) override {
    std::lock_guard<std::mutex> lock(manager_.mutex_);
    if (job_->view.state != JobState::kRunning) return;  // cancelled: frozen
    job_->view.progress = std::clamp(std::max(progress, job_->view.progress), 0.0, 1.0);
    job_->view.message = message;
  }
  bool cancelled() const override { return job_->cancel.load(); }

 private:
  JobManager& manager_;
  std::shared_ptr<Job> job_;
};

JobManager::JobManager(JobLimits limits) : limits_(limits) {
  std::random_device device;
  id_salt_ = (static_cast<uint64_t>(device()) << 32) ^ device();
  const int n = std::max(1, limits_.workers);
  live_workers_ = n;
  for (int i = 0; i < n; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

JobManager::~JobManager() {
  Shutdown(std::chrono::milliseconds(0));
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
}

absl::StatusOr<std::string> JobManager::Submit(std::string kind, std::string submitted_by,
                                               JobWork work) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shutting_down_)
    return Problem(absl::StatusCode::kUnavailable, "the server is shutting down",
                   "a new job after it restarts");
  if (static_cast<int>(queue_.size()) >= limits_.max_queued) {
    return Problem(absl::StatusCode::kResourceExhausted,
                   absl::StrFormat("the job queue is full (%d jobs waiting)", limits_.max_queued),
                   "a new job once one has started (GET /api/jobs shows them)");
  }
  auto job = std::make_shared<Job>();
  // A sequence number keeps ids ordered; the salt keeps them unguessable
  // across restarts.
  const uint64_t number = next_number_++;
  std::mt19937_64 mix(id_salt_ ^ (number * 0x9e3779b97f4a7c15ULL));
  job->view.id = absl::StrFormat("%s-%d-%06x", kind == "simulation" ? "sim" : kind, number,
                                 static_cast<unsigned>(mix() & 0xffffff));
  job->view.kind = std::move(kind);
  job->view.submitted_by = std::move(submitted_by);
  job->view.message = "queued";
  job->view.created_at = UtcNow();
  job->work = std::move(work);
  jobs_[job->view.id] = job;
  order_.push_back(job->view.id);
  queue_.push_back(job);
  EvictLocked();
  wake_.notify_one();
  return job->view.id;
}

std::optional<JobView> JobManager::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->view;
}

std::vector<JobView> JobManager::List() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<JobView> out;
  out.reserve(order_.size());
  for (const auto& id : order_) out.push_back(jobs_.at(id)->view);
  return out;
}

absl::StatusOr<JobView> JobManager::Cancel(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) {
    return Problem(absl::StatusCode::kNotFound, absl::StrFormat("job '%s' is not known", id),
                   "an id from GET /api/jobs");
  }
  Job& job = *it->second;
  if (IsFinal(job.view.state)) {
    return Problem(
        absl::StatusCode::kFailedPrecondition,
        absl::StrFormat("job '%s' has already finished (%s)", id, JobStateName(job.view.state)),
        "a queued or running job");
  }
  job.cancel = true;
  if (job.view.state == JobState::kQueued) {
    queue_.erase(std::remove(queue_.begin(), queue_.end(), it->second), queue_.end());
    job.view.message = "cancelled before it started";
  } else {
    job.view.message = "cancelled while running; its result will be discarded";
  }
  job.view.state = JobState::kCancelled;
  job.view.finished_at = UtcNow();
  return job.view;
}

void JobManager::WorkerLoop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return shutting_down_ || !queue_.empty(); });
      if (shutting_down_) break;  // queued jobs were cancelled by Shutdown
      job = queue_.front();
      queue_.pop_front();
      job->view.state = JobState::kRunning;
      job->view.started_at = UtcNow();
      job->view.message = "started";
      ++busy_workers_;
    }
    Control control(*this, job);
    absl::StatusOr<JobOutput> output = absl::InternalError("the job did not run");
    try {
      output = job->work(control);
    } catch (const std::exception& e) {
      // Library adapters catch their own exceptions; this is the last guard.
      output = absl::InternalError(std::string("unexpected exception: ") + e.what());
    }
    Finish(job, std::move(output));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  --live_workers_;
  finished_.notify_all();
}

void JobManager::Finish(const std::shared_ptr<Job>& job, absl::StatusOr<JobOutput> output) {
  std::lock_guard<std::mutex> lock(mutex_);
  --busy_workers_;
  job->work = nullptr;  // frees whatever the work captured
  if (job->view.state == JobState::kRunning) {
    job->view.finished_at = UtcNow();
    if (output.ok()) {
      job->view.state = JobState::kDone;
      job->view.progress = 1;
      job->view.message = "done";
      job->view.output = std::make_shared<const JobOutput>(std::move(*output));
    } else if (job->cancel) {
      job->view.state = JobState::kCancelled;
      job->view.message = "cancelled";
    } else {
      job->view.state = JobState::kFailed;
      job->view.message = std::string(output.status().message());
    }
  }
  EvictLocked();
  finished_.notify_all();
}

void JobManager::EvictLocked() {
  size_t finished = 0;
  for (const auto& id : order_) finished += IsFinal(jobs_.at(id)->view.state) ? 1 : 0;
  for (auto it = order_.begin();
       it != order_.end() && finished > static_cast<size_t>(limits_.max_kept);) {
    if (!IsFinal(jobs_.at(*it)->view.state)) {
      ++it;
      continue;
    }
    jobs_.erase(*it);
    it = order_.erase(it);
    --finished;
  }
}

bool JobManager::Shutdown(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!shutting_down_) {
    shutting_down_ = true;
    for (auto& job : queue_) {
      job->cancel = true;
      job->view.state = JobState::kCancelled;
      job->view.message = "cancelled: the server shut down before it started";
      job->view.finished_at = UtcNow();
    }
    queue_.clear();
    for (auto& [id, job] : jobs_) {
      if (job->view.state == JobState::kRunning) job->cancel = true;
    }
    wake_.notify_all();
  }
  return finished_.wait_for(lock, grace, [&] { return live_workers_ == 0; });
}

}  // namespace stargate::server
