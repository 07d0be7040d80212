#include "xorscape/train/outcome_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace xorscape::train {

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

OutcomeStatistics summarize_outcomes(std::span<const std::int64_t> convergence_epoch,
                                     std::span<const std::uint8_t> diverged,
                                     std::span<const double> gamma) {
  if (diverged.size() != convergence_epoch.size() ||
      (!gamma.empty() && gamma.size() != convergence_epoch.size()))
    throw std::invalid_argument("summarize_outcomes: arrays of different lengths");
  OutcomeStatistics s;
  s.runs = convergence_epoch.size();
  std::vector<double> epochs;
  for (std::size_t i = 0; i < s.runs; ++i) {
    if (convergence_epoch[i] >= 0) epochs.push_back(static_cast<double>(convergence_epoch[i]));
    s.diverged += diverged[i] ? 1 : 0;
  }
  s.converged = epochs.size();
  if (s.runs > 0) {
    s.converged_fraction = static_cast<double>(s.converged) / static_cast<double>(s.runs);
    s.diverged_fraction = static_cast<double>(s.diverged) / static_cast<double>(s.runs);
  }
  s.epoch_q25 = quantile(epochs, 0.25);
  s.epoch_median = quantile(epochs, 0.5);
  s.epoch_q75 = quantile(epochs, 0.75);
  std::vector<double> g;
  for (double x : gamma)
    if (std::isfinite(x)) g.push_back(x);
  s.gamma_count = g.size();
  if (!g.empty()) {
    double sum = 0.0;
    for (double x : g) sum += x;
    s.gamma_mean = sum / static_cast<double>(g.size());
    if (g.size() > 1) {
      double ss = 0.0;
      for (double x : g) ss += (x - s.gamma_mean) * (x - s.gamma_mean);
      s.gamma_std = std::sqrt(ss / static_cast<double>(g.size() - 1));
      s.gamma_sem = s.gamma_std / std::sqrt(static_cast<double>(g.size()));
    }
  }
  return s;
}

}  // namespace xorscape::train
