#include "xorscape/exec/record_schedule.hpp"

#include <cmath>

namespace xorscape::exec {

std::vector<std::uint64_t> log_spaced_epochs(std::uint64_t last, int per_decade) {
  std::vector<std::uint64_t> epochs{0};
  for (int k = 0;; ++k) {
    const double value = std::round(std::pow(10.0, static_cast<double>(k) / per_decade));
    if (value >= static_cast<double>(last)) break;
    const auto e = static_cast<std::uint64_t>(value);
    if (e > epochs.back()) epochs.push_back(e);
  }
  if (last > epochs.back()) epochs.push_back(last);
  return epochs;
}

}  // namespace xorscape::exec
