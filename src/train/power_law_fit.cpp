#include "xorscape/train/power_law_fit.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace xorscape::train {

PowerLawFit fit_power_law_tail(std::span<const std::uint64_t> epochs, std::span<const double> loss,
                               double decades, double max_loss, double min_epoch) {
  PowerLawFit fit;
  if (epochs.empty()) return fit;
  const double last = static_cast<double>(epochs.back());
  const double first = std::max(last / std::pow(10.0, decades), min_epoch);
  std::vector<double> x, y;
  for (std::size_t r = 0; r < epochs.size() && r < loss.size(); ++r) {
    const double tau = static_cast<double>(epochs[r]);
    if (tau <= 0.0 || tau < first || !std::isfinite(loss[r]) || loss[r] <= 0.0 ||
        loss[r] >= max_loss)
      continue;
    if (x.empty()) fit.first_epoch = epochs[r];
    fit.last_epoch = epochs[r];
    x.push_back(std::log(tau));
    y.push_back(std::log(loss[r]));
  }
  const auto n = static_cast<double>(x.size());
  fit.points = static_cast<int>(x.size());
  if (x.size() < 3) return fit;
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= n, my /= n;
  double sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (sxx <= 0.0) return fit;
  const double slope = sxy / sxx;
  double ssr = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double res = y[i] - (my + slope * (x[i] - mx));
    ssr += res * res;
  }
  fit.gamma = -slope;
  fit.log_amplitude = my - slope * mx;
  fit.gamma_stderr = std::sqrt(ssr / (n - 2.0) / sxx);
  return fit;
}

}  // namespace xorscape::train
