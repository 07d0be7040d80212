#pragma once
// The task grid of a `train` run and its division into work units.
// Task index = ((group * n_steps) + step) * K + replica, group = index into hidden_sizes.
#include <cstdint>
#include <span>
#include <vector>

#include "xorscape/exec/shard.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace xorscape::train {

struct TaskCoordinates {
  int group = 0, step = 0, replica = 0;
};

std::uint64_t task_count(const TrainSpec& spec);
std::uint64_t tasks_per_group(const TrainSpec& spec);
TaskCoordinates coordinates(const TrainSpec& spec, std::uint64_t task);
model::Network network_of_group(const TrainSpec& spec, int group);

// Up to kMaxLanes tasks of one group, run together.
struct WorkUnit {
  int group = 0;
  std::vector<std::uint64_t> tasks;
};

// Units covering the tasks this shard owns and `done` does not mark (done may be empty).
// Lane count per unit adapts to `threads` so that small ensembles still use every thread.
std::vector<WorkUnit> plan_units(const TrainSpec& spec, const exec::Shard& shard,
                                 std::span<const std::uint8_t> done, int threads);

std::vector<TrajectoryResult> run_unit(const TrainSpec& spec, const WorkUnit& unit,
                                       std::span<const std::uint64_t> records,
                                       const BlockMonitor& monitor);

}  // namespace xorscape::train
