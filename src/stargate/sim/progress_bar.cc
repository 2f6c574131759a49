#include "stargate/sim/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_format.h"

namespace stargate::sim {
namespace {

constexpr int kWidth = 20;

std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, int64_t total, std::string unit, bool enabled)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(std::max<int64_t>(total, 1)),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

bool ProgressBar::StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

std::string ProgressBar::Line(const std::string& label, int64_t done, int64_t total,
                              const std::string& unit, double seconds) {
  total = std::max<int64_t>(total, 1);
  done = std::clamp<int64_t>(done, 0, total);
  const int filled = static_cast<int>(done * kWidth / total);
  return absl::StrFormat("%-9s [%s%s] %3d%%  %s/%s %s  %.1f s", label, std::string(filled, '#'),
                         std::string(kWidth - filled, '.'), static_cast<int>(done * 100 / total),
                         Grouped(done), Grouped(total), unit, seconds);
}

void ProgressBar::Add(int64_t done) {
  const int64_t now_done = done_.fetch_add(done) + done;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_ || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw(now_done);
}

void ProgressBar::Draw(int64_t done) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "\r%s", Line(label_, done, total_, unit_, seconds).c_str());
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  std::lock_guard<std::mutex> lock(draw_mutex_);
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  Draw(done_.load());
  std::fprintf(stderr, "\n");
}

}  // namespace stargate::sim
