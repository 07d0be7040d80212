#include "xorscape/dos/simple_sampling.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "xorscape/dos/binning.hpp"
#include "xorscape/model/vector_exp.hpp"

namespace xorscape::dos {
namespace {

// The fast kernel works with e^{-z} capped at kMaxE: then a product of four factors (1 + e^{-z})
// stays finite, so one division serves four sigmoids. The cap changes a sigmoid only where it
// is below 2^-249 (z < -172), by less than 2^-249 in absolute terms: invisible in any loss
// above ~1e-140.
constexpr double kMaxE = 0x1p249;
constexpr double kMaxExpArg = 172.0;  // e^172 < kMaxE
// Hidden parameters up to this size keep the factors e^{-b}, e^{-w} and products of two of them
// normal numbers (e^{+-708}); vectors with larger ones take the plain kernel.
constexpr double kFastLimit = 354.0;

// 1/d0 .. 1/d3 with one division (Montgomery's trick), each within a few ulp. Out-parameters,
// not a returned struct: that keeps GCC from vectorizing the loops it is inlined into.
inline void reciprocals(double d0, double d1, double d2, double d3, double& r0, double& r1,
                        double& r2, double& r3) {
  const double p01 = d0 * d1, p23 = d2 * d3;
  const double r = 1.0 / (p01 * p23);
  const double r01 = r * p23, r23 = r * p01;
  r0 = r01 * d1;
  r1 = r01 * d0;
  r2 = r23 * d3;
  r3 = r23 * d2;
}

// Sigmoid hidden layer, MSE loss. A hidden neuron's four cases have z = b, b + w_b, b + w_a,
// b + w_a + w_b (inputs (0,0), (0,1), (1,0), (1,1)), so e^{-z} is a product of the three
// exponentials e^{-b}, e^{-w_a}, e^{-w_b}, and the four sigmoids share one division. The output
// residual |yhat - y| is sigma(+-z_out) (no cancellation where yhat is close to y), the four
// residuals again sharing one division. So an n_h = 2 vector costs 10 exponentials and 3
// divisions instead of 12 and 12. Results differ from model::loss_reference by a few ulp (the
// products round differently; for y = 1 the reference's 1 - yhat cancels).
//
// The guards (the caps, the output's exponent clamp, the test for parameters beyond
// kFastLimit) cost a third of the hidden layer's time; where the caller's bound on |parameter|
// shows that they cannot act, they are compiled out, which leaves every result unchanged.
template <bool kGuardHidden, bool kGuardOutput>
void fast_losses(const model::Network& net, const double* p, std::size_t stride, std::size_t count,
                 double* loss, SamplingScratch& s) {
  double* z0 = s.work.data();
  double* z1 = z0 + count;
  double* z2 = z1 + count;
  double* z3 = z2 + count;
  double* largest = z3 + count;
  const double* b2 = p + net.b2() * stride;
#pragma omp simd
  for (std::size_t t = 0; t < count; ++t) {
    z0[t] = z1[t] = z2[t] = z3[t] = b2[t];
    largest[t] = 0.0;
  }
  for (int i = 0; i < net.n_hidden; ++i) {
    const double* wa = p + net.w1(i, 0) * stride;
    const double* wb = p + net.w1(i, 1) * stride;
    const double* b = p + net.b1(i) * stride;
    const double* w2 = p + net.w2(i) * stride;
#pragma omp simd
    for (std::size_t t = 0; t < count; ++t) {
      const double eb = model::vector_exp(-b[t]);
      const double ea = model::vector_exp(-wa[t]);
      const double ew = model::vector_exp(-wb[t]);
      const double eab = eb * ea;
      double e0 = eb, e1 = eb * ew, e2 = eab, e3 = eab * ew;
      if constexpr (kGuardHidden) {
        e0 = e0 < kMaxE ? e0 : kMaxE;
        e1 = e1 < kMaxE ? e1 : kMaxE;
        e2 = e2 < kMaxE ? e2 : kMaxE;
        e3 = e3 < kMaxE ? e3 : kMaxE;
        // Ternaries, not std::max: its reference arguments keep the loop from vectorizing.
        const double fa = std::fabs(wa[t]), fw = std::fabs(wb[t]), fb = std::fabs(b[t]);
        const double m = fa > fw ? fa : fw;
        const double m2 = m > fb ? m : fb;
        largest[t] = m2 > largest[t] ? m2 : largest[t];
      }
      double a0, a1, a2, a3;
      reciprocals(1.0 + e0, 1.0 + e1, 1.0 + e2, 1.0 + e3, a0, a1, a2, a3);
      z0[t] += w2[t] * a0;
      z1[t] += w2[t] * a1;
      z2[t] += w2[t] * a2;
      z3[t] += w2[t] * a3;
    }
  }
  // residual = 1 / (1 + e^{-s z}), s = +1 for y = 0 (yhat itself), -1 for y = 1 (1 - yhat).
  const auto& y = model::targets(net.gate);
  const double s0 = 2.0 * y[0] - 1.0, s1 = 2.0 * y[1] - 1.0, s2 = 2.0 * y[2] - 1.0,
               s3 = 2.0 * y[3] - 1.0;
#pragma omp simd
  for (std::size_t t = 0; t < count; ++t) {
    double a0 = s0 * z0[t], a1 = s1 * z1[t], a2 = s2 * z2[t], a3 = s3 * z3[t];
    if constexpr (kGuardOutput) {
      a0 = a0 < kMaxExpArg ? a0 : kMaxExpArg;
      a1 = a1 < kMaxExpArg ? a1 : kMaxExpArg;
      a2 = a2 < kMaxExpArg ? a2 : kMaxExpArg;
      a3 = a3 < kMaxExpArg ? a3 : kMaxExpArg;
    }
    double r0, r1, r2, r3;
    reciprocals(1.0 + model::vector_exp(a0), 1.0 + model::vector_exp(a1),
                1.0 + model::vector_exp(a2), 1.0 + model::vector_exp(a3), r0, r1, r2, r3);
    loss[t] = ((r0 * r0 + r1 * r1) + (r2 * r2 + r3 * r3)) * 0.25;
  }
  if constexpr (kGuardHidden)
    for (std::size_t t = 0; t < count; ++t)
      if (!(largest[t] <= kFastLimit))
        model::loss_block<1>(net, p + t, stride, nullptr, loss + t, s.kernel);
}

}  // namespace

void sampling_losses(const model::Network& net, const double* p, std::size_t stride,
                     std::size_t count, double* loss, SamplingScratch& scratch, double bound) {
  if (net.hidden_activation != model::Activation::sigmoid || net.loss != model::LossKind::mse)
    return model::loss_many(net, p, stride, count, loss, scratch.kernel);
  // |z| <= 3 bound in the hidden layer, so the caps cannot act below 172 / 3; |z_out| <=
  // (n_h + 1) bound, so the output's clamp cannot act below 172.
  const bool guard_hidden = !(3.0 * bound <= kMaxExpArg);
  const bool guard_output = !((net.n_hidden + 1) * bound <= kMaxExpArg);
  if (guard_hidden)
    fast_losses<true, true>(net, p, stride, count, loss, scratch);
  else if (guard_output)
    fast_losses<false, true>(net, p, stride, count, loss, scratch);
  else
    fast_losses<false, false>(net, p, stride, count, loss, scratch);
}

SampleCounts sample_losses(const model::Network& net, const Measure& measure,
                           std::span<const double> edges, std::uint64_t n,
                           exec::RandomStream& rng) {
  const int P = net.num_params();
  const bool box = measure.kind == MeasureKind::box;
  const std::uint64_t group = box ? 4 : 2;  // samples per Philox block
  const std::uint64_t rows = (n + group - 1) / group;
  const std::uint64_t first = rng.reserve_blocks(rows * P);
  // 256 samples per chunk: the n_h = 2 parameters (18 KB) stay in L1 between the generation and
  // the kernel.
  constexpr std::size_t kLanes = 256;
  const std::size_t chunk_rows = kLanes / group;
  const int n_bins = static_cast<int>(edges.size()) - 1;
  const std::size_t slots = static_cast<std::size_t>(n_bins) + 2;  // below, bins, above

  std::vector<double> p(static_cast<std::size_t>(P) * kLanes), loss(kLanes);
  std::vector<std::uint32_t> words(4 * chunk_rows);
  std::vector<std::int32_t> slot(kLanes);
  // Four histograms, one per lane mod 4: a run of equal slots would otherwise chain every
  // increment through store-to-load forwarding.
  std::vector<std::uint64_t> hist(4 * slots, 0);
  SamplingScratch scratch;
  scratch.reserve(net, kLanes);
  const BinLocator locator(edges);
  const double bound =
      box ? *std::max_element(measure.half_width.begin(), measure.half_width.begin() + P)
          : std::numeric_limits<double>::infinity();
  double lowest = std::numeric_limits<double>::infinity();
  double highest = -std::numeric_limits<double>::infinity();
  const std::array<std::uint32_t*, 4> w = {words.data(), words.data() + chunk_rows,
                                           words.data() + 2 * chunk_rows,
                                           words.data() + 3 * chunk_rows};

  for (std::uint64_t r0 = 0; r0 < rows; r0 += chunk_rows) {
    const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_rows, rows - r0));
    const std::size_t lanes = group * m;  // lane h m + q: sample group (r0 + q) + h
    for (int k = 0; k < P; ++k) {
      rng.blocks(first + r0 * P + k, P, m, w);
      double* row = p.data() + k * lanes;
      if (box) {
        const double half_width = measure.half_width[k];
        for (int h = 0; h < 4; ++h) {
          const std::uint32_t* word = w[h];
          double* out = row + h * m;
#pragma omp simd
          for (std::size_t q = 0; q < m; ++q)
            out[q] = half_width * ((static_cast<double>(word[q]) + 0.5) * 0x1.0p-31 - 1.0);
        }
      } else {
        // exec::RandomStream::normal's transform (libm's log, cos, sin).
        for (std::size_t q = 0; q < m; ++q) {
          const std::uint64_t a = (std::uint64_t{w[0][q]} << 32) | w[1][q];
          const std::uint64_t b = (std::uint64_t{w[2][q]} << 32) | w[3][q];
          const double u1 = (static_cast<double>(a >> 11) + 1.0) * 0x1.0p-53;
          const double u2 = static_cast<double>(b >> 11) * 0x1.0p-53;
          const double radius = std::sqrt(-2.0 * std::log(u1));
          const double angle = 2.0 * std::numbers::pi * u2;
          row[q] = measure.sigma * (radius * std::cos(angle));
          row[m + q] = measure.sigma * (radius * std::sin(angle));
        }
      }
    }
    sampling_losses(net, p.data(), lanes, lanes, loss.data(), scratch, bound);
    locator.slots(loss.data(), lanes, slot.data());
    for (std::uint64_t h = 0; h < group; ++h) {
      // Samples past n in the last row are computed but not counted.
      const std::uint64_t in_call = n > h ? (n - h + group - 1) / group : 0;
      const std::size_t valid =
          static_cast<std::size_t>(std::min<std::uint64_t>(m, in_call > r0 ? in_call - r0 : 0));
      const double* L = loss.data() + h * m;
      const std::int32_t* j = slot.data() + h * m;
      for (std::size_t q = 0; q < valid; ++q) ++hist[(q & 3) * slots + j[q]];
      double lo = lowest, hi = highest;
#pragma omp simd reduction(min : lo) reduction(max : hi)
      for (std::size_t q = 0; q < valid; ++q) {
        lo = L[q] < lo ? L[q] : lo;
        hi = L[q] > hi ? L[q] : hi;
      }
      lowest = lo;
      highest = hi;
    }
  }

  SampleCounts out;
  out.counts.assign(n_bins, 0);
  for (int c = 0; c < 4; ++c) {
    const std::uint64_t* h = hist.data() + c * slots;
    out.below += h[0];
    for (int i = 0; i < n_bins; ++i) out.counts[i] += h[i + 1];
    out.above += h[n_bins + 1];
  }
  out.min_loss = lowest;
  out.max_loss = highest;
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
