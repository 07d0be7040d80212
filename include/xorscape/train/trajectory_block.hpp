#pragma once
// Advances up to 8 trajectories of one network shape together, one SIMD lane each: the
// ensemble kernel behind `train` (and the later convergence studies).
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "xorscape/model/network.hpp"
#include "xorscape/train/train_spec.hpp"
#include "xorscape/train/trajectory_result.hpp"

namespace xorscape::train {

inline constexpr int kMaxLanes = 8;

struct LaneSetup {
  std::uint64_t task = 0;       // global task index: keys the lane's random streams
  double step_size = 0.0;       // eta or sigma
  std::vector<double> initial;  // 4 n_h + 1 values
};

// Called every few thousand epochs with the number of trajectory-epochs done since the last
// call; returning true aborts the block (its results are then incomplete and must be dropped).
using BlockMonitor = std::function<bool(std::uint64_t trajectory_epochs)>;

// Runs lanes.size() (1..kMaxLanes) trajectories for spec.epochs epochs, recording at `records`.
std::vector<TrajectoryResult> run_trajectory_block(const TrainSpec& spec, const model::Network& net,
                                                   std::span<const LaneSetup> lanes,
                                                   std::span<const std::uint64_t> records,
                                                   const BlockMonitor& monitor);

}  // namespace xorscape::train
