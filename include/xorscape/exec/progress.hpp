#pragma once
// Progress of a long run on stderr: a redrawn bar with ETA when stderr is a terminal, a line
// every few seconds otherwise (log files of batch jobs), nothing with quiet. Thread-safe.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace xorscape::exec {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total, bool quiet);
  ~Progress();
  void advance(std::uint64_t amount);
  void finish();

 private:
  void print(std::uint64_t done, bool final_line);
  std::string label_;
  std::uint64_t total_;
  bool quiet_, terminal_, finished_ = false;
  std::atomic<std::uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_, last_print_;
  std::mutex mutex_;
};

}  // namespace xorscape::exec
