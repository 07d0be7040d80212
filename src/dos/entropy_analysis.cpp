#include "xorscape/dos/entropy_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace xorscape::dos {

DensityRuns density_per_unit_L(std::span<const double> edges, std::span<const double> ln_g,
                               std::size_t runs, int merge) {
  if (merge < 1 || edges.size() < 2) throw std::invalid_argument("density_per_unit_L: bad merge");
  const std::size_t bins = edges.size() - 1;
  if (ln_g.size() != runs * bins)
    throw std::invalid_argument("density_per_unit_L: ln_g is not runs x bins");
  const std::size_t m = static_cast<std::size_t>(merge), groups = bins / m;
  DensityRuns out;
  out.centers.resize(groups);
  for (std::size_t j = 0; j < groups; ++j)
    out.centers[j] = 0.5 * (edges[j * m] + edges[(j + 1) * m]);
  out.ln_density.assign(runs * groups, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t r = 0; r < runs; ++r)
    for (std::size_t j = 0; j < groups; ++j) {
      const double* g = ln_g.data() + r * bins + j * m;
      // log-sum-exp over the group, anchored at its largest member
      double top = -std::numeric_limits<double>::infinity();
      bool complete = true;
      for (std::size_t k = 0; k < m; ++k) {
        complete = complete && std::isfinite(g[k]);
        if (complete) top = std::max(top, g[k]);
      }
      if (!complete) continue;
      double sum = 0.0;
      for (std::size_t k = 0; k < m; ++k) sum += std::exp(g[k] - top);
      const double width = edges[(j + 1) * m] - edges[j * m];
      out.ln_density[r * groups + j] = top + std::log(sum) - std::log(width);
    }
  return out;
}

RobustnessReport analyze_entropy(std::span<const double> edges, std::span<const double> ln_g,
                                 std::size_t runs, const EntropyAnalysisSettings& settings) {
  if (settings.merge < 2 || settings.merge % 2 != 0)
    throw std::invalid_argument("analyze_entropy: merge must be even and >= 2");
  const DensityRuns reference = density_per_unit_L(edges, ln_g, runs, settings.merge);
  const DensityRuns finer = density_per_unit_L(edges, ln_g, runs, settings.merge / 2);
  const DensityRuns coarser = density_per_unit_L(edges, ln_g, runs, 2 * settings.merge);
  RobustnessSpec spec;
  spec.analysis.fit = settings.fit;
  spec.analysis.z = settings.z;
  spec.tolerance_bins = settings.tolerance_bins;
  return robustness_check({reference.view(), finer.view(), coarser.view()}, spec);
}

}  // namespace xorscape::dos
