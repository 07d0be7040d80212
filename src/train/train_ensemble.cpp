#include "xorscape/train/train_ensemble.hpp"

#include <algorithm>

#include "xorscape/train/initialization.hpp"

namespace xorscape::train {

std::uint64_t tasks_per_group(const TrainSpec& spec) {
  return spec.step_sizes.size() * static_cast<std::uint64_t>(spec.seeds_per_setting);
}

std::uint64_t task_count(const TrainSpec& spec) {
  return spec.hidden_sizes.size() * tasks_per_group(spec);
}

TaskCoordinates coordinates(const TrainSpec& spec, std::uint64_t task) {
  const std::uint64_t per_group = tasks_per_group(spec);
  const std::uint64_t within = task % per_group;
  return {static_cast<int>(task / per_group),
          static_cast<int>(within / static_cast<std::uint64_t>(spec.seeds_per_setting)),
          static_cast<int>(within % static_cast<std::uint64_t>(spec.seeds_per_setting))};
}

model::Network network_of_group(const TrainSpec& spec, int group) {
  model::Network net = spec.network;
  net.n_hidden = spec.hidden_sizes.at(group);
  return net;
}

std::vector<WorkUnit> plan_units(const TrainSpec& spec, const exec::Shard& shard,
                                 std::span<const std::uint8_t> done, int threads) {
  std::vector<std::vector<std::uint64_t>> pending(spec.hidden_sizes.size());
  std::size_t total = 0;
  for (std::uint64_t task = 0; task < task_count(spec); ++task) {
    if (!shard.owns(task) || (!done.empty() && done[task])) continue;
    pending[coordinates(spec, task).group].push_back(task);
    ++total;
  }
  // Enough units to keep every thread busy, at most kMaxLanes lanes each.
  const std::size_t per_thread = (total + threads - 1) / std::max(threads, 1);
  const std::size_t lanes = std::clamp<std::size_t>(per_thread, 1, kMaxLanes);
  std::vector<WorkUnit> units;
  for (std::size_t g = 0; g < pending.size(); ++g)
    for (std::size_t i = 0; i < pending[g].size(); i += lanes) {
      WorkUnit u{static_cast<int>(g), {}};
      const std::size_t end = std::min(pending[g].size(), i + lanes);
      u.tasks.assign(pending[g].begin() + i, pending[g].begin() + end);
      units.push_back(std::move(u));
    }
  // Larger networks first, so the longest units do not start last.
  std::stable_sort(units.begin(), units.end(), [&](const WorkUnit& a, const WorkUnit& b) {
    return spec.hidden_sizes[a.group] > spec.hidden_sizes[b.group];
  });
  return units;
}

std::vector<TrajectoryResult> run_unit(const TrainSpec& spec, const WorkUnit& unit,
                                       std::span<const std::uint64_t> records,
                                       const BlockMonitor& monitor) {
  const model::Network net = network_of_group(spec, unit.group);
  std::vector<LaneSetup> lanes;
  for (const std::uint64_t task : unit.tasks) {
    const TaskCoordinates c = coordinates(spec, task);
    lanes.push_back({task, spec.step_sizes[c.step],
                     initial_parameters(spec.init, net.num_params(), spec.seed, task)});
  }
  return run_trajectory_block(spec, net, lanes, records, monitor);
}

}  // namespace xorscape::train
