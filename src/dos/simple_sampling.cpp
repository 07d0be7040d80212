#include "xorscape/dos/simple_sampling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "xorscape/dos/binning.hpp"
#include "xorscape/model/batched_kernel.hpp"

namespace xorscape::dos {

SampleCounts sample_losses(const model::Network& net, const Measure& measure,
                           std::span<const double> edges, std::uint64_t n,
                           exec::RandomStream& rng) {
  constexpr std::size_t kBlock = 4096;
  const int P = net.num_params();
  SampleCounts out;
  out.counts.assign(edges.size() - 1, 0);
  std::vector<double> p(static_cast<std::size_t>(P) * kBlock), loss(kBlock);
  model::KernelScratch scratch;
  scratch.reserve(net, 8);  // loss_many's block width
  for (std::uint64_t done = 0; done < n;) {
    const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, n - done));
    // Sample by sample (not parameter by parameter), so the stream's use does not depend on m.
    for (std::size_t t = 0; t < m; ++t)
      for (int k = 0; k < P; ++k)
        p[k * kBlock + t] = measure.kind == MeasureKind::box
                                ? measure.half_width[k] * (2.0 * rng.uniform() - 1.0)
                                : measure.sigma * rng.normal();
    model::loss_many(net, p.data(), kBlock, m, loss.data(), scratch);
    for (std::size_t t = 0; t < m; ++t) {
      const double L = loss[t];
      out.min_loss = std::min(out.min_loss, L);
      out.max_loss = std::max(out.max_loss, L);
      const int b = bin_of(edges, L);
      if (b >= 0)
        ++out.counts[b];
      else if (L < edges.front())
        ++out.below;
      else
        ++out.above;
    }
    done += m;
  }
  return out;
}

void add_counts(SampleCounts& into, const SampleCounts& from) {
  if (into.counts.empty()) into.counts.assign(from.counts.size(), 0);
  for (std::size_t i = 0; i < from.counts.size(); ++i) into.counts[i] += from.counts[i];
  into.below += from.below;
  into.above += from.above;
  into.min_loss = std::min(into.min_loss, from.min_loss);
  into.max_loss = std::max(into.max_loss, from.max_loss);
}

std::vector<double> ln_g_of_counts(const SampleCounts& c, double log_mass) {
  std::uint64_t total = c.below + c.above;
  for (auto x : c.counts) total += x;
  std::vector<double> out(c.counts.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < c.counts.size(); ++i)
    if (c.counts[i] > 0)
      out[i] = std::log(static_cast<double>(c.counts[i]) / static_cast<double>(total)) + log_mass;
  return out;
}

}  // namespace xorscape::dos
