#pragma once
// The task grid of a `dos` run: task = group * runs + run, group = index into hidden_sizes. Each
// task is one independent estimate of ln G for one n_h: a simple-sampling run or one walker.
#include <cstdint>
#include <vector>

#include "xorscape/dos/simple_sampling.hpp"
#include "xorscape/dos/wang_landau.hpp"

namespace xorscape::dos {

std::uint64_t task_count(const DosSpec& spec);
model::Network network_of_group(const DosSpec& spec, int group);
// The measure restricted to the parameters of a group's network.
Measure measure_of_group(const DosSpec& spec, int group);

struct DosTaskResult {
  std::uint64_t task = 0;
  std::vector<double> ln_g;  // normalized to the measure's mass; NaN where never reached
  SampleCounts samples;      // simple sampling
  WalkerResult walker;       // wang-landau, multicanonical
  bool complete = false;
};

// resume: a walker continues from this checkpoint (its energy rebuilt at the saved position)
// instead of starting afresh; checkpoint: the walker's checkpoint hooks. Simple sampling has
// no checkpoints and ignores both.
DosTaskResult run_dos_task(const DosSpec& spec, std::uint64_t task, const WalkMonitor& monitor,
                           const WalkerState* resume = nullptr,
                           const WalkCheckpoint& checkpoint = {});

}  // namespace xorscape::dos

namespace xorscape::dos {

// Per bin over R runs (finite values only): mean, standard deviation, and the standard error of
// the mean (the jackknife error of the mean, for which the two coincide); count of runs used.
struct RunStatistics {
  std::vector<double> mean, std, stderr_mean;
  std::vector<int> runs;
};
RunStatistics combine_runs(const std::vector<std::vector<double>>& ln_g_runs);

}  // namespace xorscape::dos
