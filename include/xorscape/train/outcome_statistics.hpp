#pragma once
// What a set of trajectories with the same setting did: how many converged, diverged or ran
// out of budget, and the distribution of their convergence epochs and fitted exponents. Used by
// the train summary (basin statistics, gamma(n_h)), lr-scan (per eta) and perturb (per shift).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace xorscape::train {

struct OutcomeStatistics {
  std::size_t runs = 0, converged = 0, diverged = 0;
  double converged_fraction = 0.0, diverged_fraction = 0.0;
  // Quantiles of the convergence epoch over the runs that converged (NaN if none did).
  double epoch_q25 = __builtin_nan(""), epoch_median = __builtin_nan(""),
         epoch_q75 = __builtin_nan("");
  // Mean, standard deviation and standard error of the finite gamma values (NaN if none).
  std::size_t gamma_count = 0;
  double gamma_mean = __builtin_nan(""), gamma_std = __builtin_nan(""),
         gamma_sem = __builtin_nan("");
};

// Quantile q in [0, 1] of `values` by linear interpolation between order statistics (the
// definition NumPy uses by default); NaN for an empty set.
double quantile(std::vector<double> values, double q);

// convergence_epoch < 0 means never converged; diverged != 0 marks a divergence; gamma may be
// empty or hold NaN where no fit was possible.
OutcomeStatistics summarize_outcomes(std::span<const std::int64_t> convergence_epoch,
                                     std::span<const std::uint8_t> diverged,
                                     std::span<const double> gamma = {});

}  // namespace xorscape::train
