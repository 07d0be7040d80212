#include "xorscape/train/plateau.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace xorscape::train {

PlateauEdges detect_plateau(std::span<const double> shifts, std::span<const std::int64_t> tau,
                            double rel_tol, double abs_tol) {
  if (shifts.size() != tau.size()) throw std::invalid_argument("detect_plateau: sizes differ");
  PlateauEdges p;
  if (shifts.empty()) return p;
  std::size_t ref = 0;
  for (std::size_t i = 1; i < shifts.size(); ++i)
    if (std::fabs(shifts[i]) < std::fabs(shifts[ref])) ref = i;
  p.reference_shift = shifts[ref];
  p.reference_tau = tau[ref];
  if (tau[ref] < 0) return p;
  p.found = true;
  const double tol = std::max(abs_tol, rel_tol * static_cast<double>(tau[ref]));
  const auto on = [&](std::size_t i) {
    return tau[i] >= 0 && std::fabs(static_cast<double>(tau[i] - tau[ref])) <= tol;
  };
  std::size_t lo = ref, hi = ref;
  while (lo > 0 && on(lo - 1)) --lo;
  while (hi + 1 < shifts.size() && on(hi + 1)) ++hi;
  p.lower_inside = shifts[lo];
  p.upper_inside = shifts[hi];
  p.lower_open = lo == 0;
  p.upper_open = hi + 1 == shifts.size();
  p.lower = p.lower_open ? shifts[lo] : 0.5 * (shifts[lo - 1] + shifts[lo]);
  p.upper = p.upper_open ? shifts[hi] : 0.5 * (shifts[hi] + shifts[hi + 1]);
  return p;
}

}  // namespace xorscape::train
