#pragma once
// Runs independent work units in parallel (OpenMP, dynamic schedule) and hands every finished
// result to `commit` on the calling thread only (thread 0 of the team, between its own units,
// and after the loop): one thread talks to the output file. After an interrupt no new unit
// starts, but whatever was finished is still committed. The first exception thrown by a unit
// or a commit stops the run and is rethrown on the calling thread.
#include <omp.h>

#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <utility>

#include "xorscape/exec/interrupt.hpp"

namespace xorscape::exec {

template <typename Compute, typename Commit>
void run_units(std::size_t n_units, Compute&& compute, Commit&& commit) {
  using Result = decltype(compute(std::size_t{0}));
  std::deque<std::pair<std::size_t, Result>> ready;
  std::exception_ptr failure;
  std::mutex mutex;
  bool stop = false;
  const auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mutex);
    if (!failure) failure = e;
    stop = true;
  };
  const auto drain = [&] {
    std::deque<std::pair<std::size_t, Result>> batch;
    {
      std::lock_guard lock(mutex);
      batch.swap(ready);
    }
    try {
      for (auto& [u, r] : batch) commit(u, std::move(r));
    } catch (...) {
      fail(std::current_exception());
    }
  };
#pragma omp parallel
  {
#pragma omp for schedule(dynamic, 1) nowait
    for (std::size_t u = 0; u < n_units; ++u) {
      bool skip;
      {
        std::lock_guard lock(mutex);
        skip = stop || interrupted();
      }
      if (!skip) {
        try {
          auto result = compute(u);
          std::lock_guard lock(mutex);
          ready.emplace_back(u, std::move(result));
        } catch (...) {
          fail(std::current_exception());
        }
      }
      if (omp_get_thread_num() == 0) drain();
    }
  }
  drain();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace xorscape::exec
