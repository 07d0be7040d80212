#pragma once
#include <cstdint>
#include <vector>

#include "xorscape/train/power_law_fit.hpp"

namespace xorscape::train {

// Everything recorded for one trajectory. Arrays are indexed by record (see record_schedule);
// records after a divergence hold NaN.
struct TrajectoryResult {
  std::uint64_t task = 0;
  std::vector<double> loss_batch;    // [record]      loss of the batch used at that epoch
  std::vector<double> loss_full;     // [record]      full-batch loss
  std::vector<double> params;        // [record][P]
  std::vector<double> hidden;        // [record][case][n_h] hidden activations
  std::vector<double> output;        // [record][case]
  std::vector<double> grad_norm_w1;  // [record] Frobenius norm of dL/dW1 over the batch used
  std::vector<double> grad_norm_w2;  // [record]
  std::vector<double> final_params;  // [P]
  double final_loss_full = 0.0;
  std::int64_t convergence_epoch = -1;  // first epoch with full-batch loss < threshold
  bool diverged = false;
  std::int64_t divergence_epoch = -1;
  std::uint64_t accepted_moves = 0;  // zero-T MC only
  std::uint64_t epochs_run = 0;      // last epoch evaluated (convergence, divergence or budget)
  PowerLawFit fit;
};

}  // namespace xorscape::train
