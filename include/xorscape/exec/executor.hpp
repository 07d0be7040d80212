#pragma once
// Runs independent work units in parallel (OpenMP, dynamic schedule) and hands each finished
// result to `commit`, one at a time: only one thread at a time talks to the output file.
// A unit computed after an interrupt is not committed. The first exception thrown by a unit
// or a commit stops the run and is rethrown on the calling thread.
#include <cstddef>
#include <exception>
#include <mutex>

#include "xorscape/exec/interrupt.hpp"

namespace xorscape::exec {

template <typename Compute, typename Commit>
void run_units(std::size_t n_units, Compute&& compute, Commit&& commit) {
  std::exception_ptr failure;
  std::mutex commit_mutex;
  bool stop = false;
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t u = 0; u < n_units; ++u) {
    bool skip;
    {
      std::lock_guard lock(commit_mutex);
      skip = stop || interrupted();
    }
    if (skip) continue;
    try {
      auto result = compute(u);
      std::lock_guard lock(commit_mutex);
      if (!stop && !interrupted()) commit(u, std::move(result));
    } catch (...) {
      std::lock_guard lock(commit_mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace xorscape::exec
