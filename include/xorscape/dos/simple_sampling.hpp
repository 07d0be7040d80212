#pragma once
// Simple sampling of g(L): independent draws from the measure, histogrammed. The exact counts are
// the result; ln G_i = ln(n_i / N) + ln(mass).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "xorscape/dos/dos_spec.hpp"
#include "xorscape/exec/random_stream.hpp"
#include "xorscape/model/batched_kernel.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::dos {

struct SampleCounts {
  std::vector<std::uint64_t> counts;   // per bin
  std::uint64_t below = 0, above = 0;  // outside the window
  double min_loss = __builtin_inf(), max_loss = -__builtin_inf();
};

// n draws of the network's parameters from the measure (stream `rng`), their losses evaluated
// in blocks by the vectorized kernel. Allocates once per call, not per sample.
//
// Which random numbers a sample gets is fixed by its index g in the call (g < n) and the
// stream's position at the call: the call reserves its blocks (exec::RandomStream::
// reserve_blocks), and parameter k of sample g comes from block first + (g / G) P + k, with
// P = 4 n_h + 1 parameters. Box: G = 4, one 32-bit word per sample, x = B_k (2u - 1) with
// u = (w + 1/2) 2^-32 (a grid of 2^32 points symmetric about 0, finer than anything the loss
// resolves, and half the Philox work of 53-bit uniforms). Gaussian: G = 2, the stream's own
// Box-Muller pair (53-bit uniforms from words 0|1 and 2|3; cos for g even, sin for g odd). So
// the counts do not depend on the chunking inside, and calls of n1 then n2 samples (n1 a
// multiple of G) give exactly the counts of one call of n1 + n2.
SampleCounts sample_losses(const model::Network& net, const Measure& measure,
                           std::span<const double> edges, std::uint64_t n, exec::RandomStream& rng);

void add_counts(SampleCounts& into, const SampleCounts& from);
// ln G_i from counts (NaN for empty bins), normalized as the estimate of the measure's mass.
std::vector<double> ln_g_of_counts(const SampleCounts& c, double log_mass);

// Scratch memory of sampling_losses for up to `count` vectors per call.
struct SamplingScratch {
  std::vector<double> work;     // 5 * count
  model::KernelScratch kernel;  // model::loss_many and the fallback lanes
  void reserve(const model::Network& net, std::size_t count) {
    work.assign(5 * count, 0.0);
    kernel.reserve(net, 8);
  }
};

// The kernel of sample_losses: full-batch loss of `count` vectors stored as a structure of
// arrays (p[k * stride + t]). For the sigmoid hidden layer and the MSE loss it is faster than
// model::loss_many and equals the model's loss to a few ulp, not bit for bit (see the .cpp);
// for the other networks it is model::loss_many. Each vector's value depends on that vector
// only, not on the others in the call. bound: every |parameter| is at most this (infinity if
// unknown); it only selects code, not results.
void sampling_losses(const model::Network& net, const double* p, std::size_t stride,
                     std::size_t count, double* loss, SamplingScratch& scratch,
                     double bound = __builtin_inf());

}  // namespace xorscape::dos
