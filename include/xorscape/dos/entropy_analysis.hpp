#pragma once
// From the stored ln G of R runs to the microcanonical analysis of S(L) (issue #5).
//
// S(L) is the log of the density per unit L, ln(G_i / dL_i), not ln G_i: with bins uniform in
// ln L the two differ by ln dL_i ~ ln L + const, which would shift beta by 1/L and invent a
// maximum of S. The analysis bins are groups of `merge` stored bins (G summed, widths summed),
// so the stored bins themselves serve as the "half bin width" variant of the robustness check
// and groups of 2 * merge as the "double bin width" variant; merge = 2 by default. A group with a
// bin some run never reached is NaN for that run (a partial sum would be biased low).
#include <cstddef>
#include <span>
#include <vector>

#include "xorscape/dos/microcanonical.hpp"

namespace xorscape::dos {

struct EntropyAnalysisSettings {
  LocalFitSpec fit;        // on the analysis bins
  double z = 3.0;          // significance in jackknife sigmas
  int tolerance_bins = 2;  // robustness: position within this many analysis bins
  int merge = 2;           // stored bins per analysis bin; even, so that merge / 2 exists
};

// Run-major ln of the density per unit L on groups of `merge` stored bins; trailing bins that
// do not fill a group are left out. centers: midpoints of the merged bins.
struct DensityRuns {
  std::vector<double> centers;
  std::vector<double> ln_density;  // [run * centers.size() + bin]
  RunsView view() const { return {centers, ln_density}; }
};
DensityRuns density_per_unit_L(std::span<const double> edges, std::span<const double> ln_g,
                               std::size_t runs, int merge);

// The reference analysis with its four robustness variants. ln_g: [run * bins + bin] as stored.
RobustnessReport analyze_entropy(std::span<const double> edges, std::span<const double> ln_g,
                                 std::size_t runs, const EntropyAnalysisSettings& settings);

}  // namespace xorscape::dos
