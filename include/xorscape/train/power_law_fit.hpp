#pragma once
#include <cstdint>
#include <span>

namespace xorscape::train {

// Least-squares fit of ln L = c - gamma ln tau (paper Eq. 7).
struct PowerLawFit {
  double gamma = __builtin_nan("");  // NaN when there are not enough points
  double gamma_stderr = __builtin_nan("");
  double log_amplitude = __builtin_nan("");
  int points = 0;
  std::uint64_t first_epoch = 0, last_epoch = 0;
};

// Uses the points with tau in [max(tau_last / 10^decades, min_epoch), tau_last], tau > 0,
// 0 < L < max_loss and finite. Needs at least 3 points; returns NaN gamma otherwise.
PowerLawFit fit_power_law_tail(std::span<const std::uint64_t> epochs, std::span<const double> loss,
                               double decades, double max_loss, double min_epoch = 0.0);

}  // namespace xorscape::train
