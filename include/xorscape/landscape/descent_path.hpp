#pragma once
// Steepest descent on a cross-section (paper Fig. 6 insets): full batch, only the two free
// parameters move, the others stay at the center.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "xorscape/landscape/landscape_spec.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::landscape {

struct DescentPath {
  // Recorded points: at log-spaced epochs and whenever the path moved record_distance since the
  // last record (so fast drops and slow creeps are both drawn), plus the start and the end.
  std::vector<std::uint64_t> epoch;
  std::vector<double> dx, dy, loss;  // shifts from the center and the full-batch loss
  std::uint64_t epochs_run = 0;
  double final_loss = 0.0;
  bool reached_well = false;  // final loss below well_loss (the bottom of the zero-loss well)
  bool diverged = false;      // loss became NaN or infinite
  bool truncated = false;     // record capacity was reached before the end (end still stored)
  bool complete = false;      // false if `monitor` stopped it early
};

// Called every kPathMonitorEvery epochs with that many epochs; returning true stops the path
// (it is then incomplete and must not be stored).
using PathMonitor = std::function<bool(std::uint64_t)>;
inline constexpr std::uint64_t kPathMonitorEvery = 1 << 16;

DescentPath descend(const model::Network& net, std::span<const double> center, ParameterPair pair,
                    const PathStart& start, const PathSettings& settings,
                    const PathMonitor& monitor);

}  // namespace xorscape::landscape
