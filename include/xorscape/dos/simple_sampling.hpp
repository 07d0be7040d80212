#pragma once
// Simple sampling of g(L): independent draws from the measure, histogrammed. The exact counts are
// the result; ln G_i = ln(n_i / N) + ln(mass).
#include <cstdint>
#include <span>
#include <vector>

#include "xorscape/dos/dos_spec.hpp"
#include "xorscape/exec/random_stream.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::dos {

struct SampleCounts {
  std::vector<std::uint64_t> counts;   // per bin
  std::uint64_t below = 0, above = 0;  // outside the window
  double min_loss = __builtin_inf(), max_loss = -__builtin_inf();
};

// n draws of the network's parameters from the measure (stream `rng`), their losses evaluated
// in blocks by the vectorized kernel. Allocates once per call, not per sample.
SampleCounts sample_losses(const model::Network& net, const Measure& measure,
                           std::span<const double> edges, std::uint64_t n, exec::RandomStream& rng);

void add_counts(SampleCounts& into, const SampleCounts& from);
// ln G_i from counts (NaN for empty bins), normalized as the estimate of the measure's mass.
std::vector<double> ln_g_of_counts(const SampleCounts& c, double log_mass);

}  // namespace xorscape::dos
