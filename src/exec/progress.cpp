#include "xorscape/exec/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace xorscape::exec {
namespace {
constexpr double kTerminalInterval = 0.2;  // seconds between redraws of the bar
constexpr double kLogInterval = 10.0;      // seconds between lines in a log file

std::string format_duration(double seconds) {
  char buf[32];
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  return buf;
}
}  // namespace

Progress::Progress(std::string label, std::uint64_t total, bool quiet)
    : label_(std::move(label)),
      total_(total),
      quiet_(quiet),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

// An unfinished run (an interrupt, an error) ends the bar's line without claiming 100 %.
Progress::~Progress() {
  if (!finished_ && !quiet_ && terminal_) std::fputc('\n', stderr);
}

void Progress::advance(std::uint64_t amount) {
  const std::uint64_t done = done_.fetch_add(amount) + amount;
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_print_).count();
  if (since < (terminal_ ? kTerminalInterval : kLogInterval)) return;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  last_print_ = now;
  print(done, false);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (finished_ || quiet_) return;
  finished_ = true;
  print(total_, true);
}

void Progress::print(std::uint64_t done, bool final_line) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const std::string eta =
      fraction > 0.0 && !final_line ? format_duration(elapsed * (1.0 - fraction) / fraction) : "-";
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(filled, '#');
    bar.resize(kWidth, '.');
    // \033[K clears what a longer previous line left behind.
    std::fprintf(stderr, "\r%s [%s] %5.1f%%  elapsed %s  eta %s\033[K%s", label_.c_str(),
                 bar.c_str(), 100.0 * fraction, format_duration(elapsed).c_str(), eta.c_str(),
                 final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s: %5.1f%% done, elapsed %s, eta %s\n", label_.c_str(), 100.0 * fraction,
                 format_duration(elapsed).c_str(), eta.c_str());
  }
  std::fflush(stderr);
}

}  // namespace xorscape::exec
