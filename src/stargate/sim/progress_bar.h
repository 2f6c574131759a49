// A one-line progress bar on stderr for long runs, drawn only when stderr is
// a terminal (so logs and tests never see it):
//   simulate  [#########...........]  45%  4,500/10,000 runs  3.1 s
// Add() may be called from any thread; the line is redrawn at most ten
// times a second.
#ifndef STARGATE_SIM_PROGRESS_BAR_H_
#define STARGATE_SIM_PROGRESS_BAR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace stargate::sim {

class ProgressBar {
 public:
  // `enabled` false: a bar that never draws (non-root MPI ranks, --json).
  ProgressBar(std::string label, int64_t total, std::string unit, bool enabled);
  ~ProgressBar() { Finish(); }

  // Whether stderr is a terminal.
  static bool StderrIsTerminal();

  void Add(int64_t done);
  // Draws the final state and ends the line (once).
  void Finish();

  // The line for `done` of `total` after `seconds` (for tests).
  static std::string Line(const std::string& label, int64_t done, int64_t total,
                          const std::string& unit, double seconds);

 private:
  void Draw(int64_t done);

  std::string label_, unit_;
  int64_t total_;
  bool enabled_;
  std::atomic<int64_t> done_{0};
  std::mutex draw_mutex_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool finished_ = false;
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_PROGRESS_BAR_H_
