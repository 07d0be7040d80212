#pragma once
// Advances up to 8 trajectories of one network shape together, one SIMD lane each: the
// ensemble kernel behind `train` (and the later convergence studies).
#include <cstdint>
#include <functional>
#include <memory>
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

// The same ensemble kernel, advanced one epoch at a time by the caller: for studies whose
// stopping rule looks across trajectories (perturb: the loss averaged over R runs). A lane's
// arithmetic is that of run_trajectory_block, so its results are too.
class LaneBlock {
 public:
  LaneBlock(const TrainSpec& spec, const model::Network& net, std::span<const LaneSetup> lanes,
            std::span<const std::uint64_t> records);
  LaneBlock(LaneBlock&&) noexcept;
  LaneBlock& operator=(LaneBlock&&) noexcept;
  ~LaneBlock();

  // Epoch e: its batch, the loss (and gradient), convergence and divergence, records.
  void evaluate(std::uint64_t e);
  // The step from epoch e to e + 1 of every active lane.
  void update(std::uint64_t e);
  int lanes() const;
  bool active(int lane) const;
  int active_lanes() const;
  double batch_loss(int lane) const;  // of the batch drawn at the last evaluate()
  double full_loss(int lane);         // full-batch loss of the lane's current parameters
  std::int64_t convergence_epoch(int lane) const;
  // The lane's question is answered: it is no longer advanced.
  void stop(int lane, std::uint64_t e);
  std::vector<TrajectoryResult> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xorscape::train
