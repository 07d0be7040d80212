#pragma once
// The many-at-once kernels: loss (and gradient) of a block of W parameter vectors stored as a
// structure of arrays, p[k * stride + t] for parameter k and lane t.
//
// The four batch slots are flattened into the SIMD dimension: element e = m * W + t holds
// batch slot m of lane t, so every loop runs over 4 W elements (all four cases of a single
// trajectory fill one AVX-512 register; a block of 8 lanes gives 4 independent registers per
// loop, enough to hide the latency of exp). All lane loops are `#pragma omp simd` over plain
// arrays, exp included (vector_exp). Lanes never interact: a lane's result is bitwise the same
// whatever W, whatever the block it sits in, whichever lanes sit beside it.
#include <cmath>
#include <cstddef>
#include <vector>

#include "xorscape/model/batch.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::model {

// Scratch memory a kernel call needs; allocate once per thread, reuse for every call.
struct KernelScratch {
  std::vector<double> hidden_z, hidden_a;  // [i * 4W + m * W + t]
  void reserve(const Network& net, int width) {
    const std::size_t n = static_cast<std::size_t>(net.n_hidden) * kCases * width;
    hidden_z.assign(n, 0.0);
    hidden_a.assign(n, 0.0);
  }
};

// Vector length for a loop of n doubles: whole 512-bit registers where n allows, else 256-bit
// ones (left to itself, GCC fills a 4-element loop into masked 512-bit operations, which made a
// single trajectory 1.6x slower).
constexpr int simd_length(int n) {
  return n % 8 == 0 ? 8 : 4;
}

namespace detail {

// The activation and its slope, from activation.hpp, in vector loops: the activation is a
// template argument so its switch folds away and the loop body is straight-line code.
template <int L, Activation A>
inline void activate_loop(const double* z, double* a, int n) {
#pragma omp simd simdlen(L)
  for (int e = 0; e < n; ++e) a[e] = activate(A, z[e]);
}

template <int L, Activation A>
inline void slope_loop(const double* z, const double* a, double* slope, int n) {
#pragma omp simd simdlen(L)
  for (int e = 0; e < n; ++e) slope[e] = activation_slope(A, z[e], a[e]);
}

// L: the vector length to use (simd_length of the caller's element count).
template <int L>
inline void activate_elements(Activation act, const double* z, double* a, int n) {
  switch (act) {
    case Activation::sigmoid:
      return activate_loop<L, Activation::sigmoid>(z, a, n);
    case Activation::tanh:
      return activate_loop<L, Activation::tanh>(z, a, n);
    case Activation::relu:
      return activate_loop<L, Activation::relu>(z, a, n);
  }
}

// da/dz of every element, from z and a.
template <int E>
inline void slope_elements(Activation act, const double* z, const double* a, double* slope) {
  constexpr int L = simd_length(E);
  switch (act) {
    case Activation::sigmoid:
      return slope_loop<L, Activation::sigmoid>(z, a, slope, E);
    case Activation::tanh:
      return slope_loop<L, Activation::tanh>(z, a, slope, E);
    case Activation::relu:
      return slope_loop<L, Activation::relu>(z, a, slope, E);
  }
}

// The full batch laid out as elements (e = m W + t), built at compile time for each width.
template <int W>
struct FullBatchElements {
  static constexpr std::array<double, kCases * W> spread(const std::array<double, kCases>& v) {
    std::array<double, kCases * W> out{};
    for (int m = 0; m < kCases; ++m)
      for (int t = 0; t < W; ++t) out[m * W + t] = v[m];
    return out;
  }
  static constexpr auto x1 = spread(kInput1);
  static constexpr auto x2 = spread(kInput2);
  static constexpr std::array<std::array<double, kCases * W>, 6> y = {
      spread(kTruthTables[0]), spread(kTruthTables[1]), spread(kTruthTables[2]),
      spread(kTruthTables[3]), spread(kTruthTables[4]), spread(kTruthTables[5])};
};

struct ElementInputs {
  const double *x1, *x2, *target;
};

// Inputs and targets of every element: the compile-time table for the full batch
// (rows == nullptr), else gathered from each lane's rows into the given buffers.
template <int W>
inline ElementInputs batch_elements(const BatchRows* rows, Gate gate, double* x1, double* x2,
                                    double* target) {
  using Full = FullBatchElements<W>;
  if (!rows) return {Full::x1.data(), Full::x2.data(), Full::y[static_cast<int>(gate)].data()};
  const auto& y = targets(gate);
  for (int m = 0; m < kCases; ++m)
    for (int t = 0; t < W; ++t) {
      const int r = rows[t][m];
      x1[m * W + t] = kInput1[r];
      x2[m * W + t] = kInput2[r];
      target[m * W + t] = y[r];
    }
  return {x1, x2, target};
}

// Forward pass of all elements: hidden z and a into scratch, output pre-activation into zo.
template <int W>
inline void forward(const Network& net, const double* p, std::size_t stride, const double* x1,
                    const double* x2, KernelScratch& s, double* zo) {
  constexpr int E = kCases * W;
  const int nh = net.n_hidden;
  for (int i = 0; i < nh; ++i) {
    const double* wa = p + net.w1(i, 0) * stride;
    const double* wb = p + net.w1(i, 1) * stride;
    const double* b = p + net.b1(i) * stride;
    double* z = s.hidden_z.data() + i * E;
    for (int m = 0; m < kCases; ++m) {
#pragma omp simd simdlen(simd_length(W))
      for (int t = 0; t < W; ++t)
        z[m * W + t] = wa[t] * x1[m * W + t] + wb[t] * x2[m * W + t] + b[t];
    }
  }
  // A single trajectory is latency-bound: fixed-size loops per neuron schedule best. A block
  // is throughput-bound: one long loop over every neuron keeps more registers in flight.
  if constexpr (W == 1) {
    for (int i = 0; i < nh; ++i)
      activate_elements<simd_length(E)>(net.hidden_activation, s.hidden_z.data() + i * E,
                                        s.hidden_a.data() + i * E, E);
  } else {
    activate_elements<simd_length(E)>(net.hidden_activation, s.hidden_z.data(), s.hidden_a.data(),
                                      nh * E);
  }
#pragma omp simd simdlen(simd_length(E))
  for (int e = 0; e < E; ++e) zo[e] = 0.0;
  for (int i = 0; i < nh; ++i) {
    const double* w2 = p + net.w2(i) * stride;
    const double* a = s.hidden_a.data() + i * E;
    for (int m = 0; m < kCases; ++m) {
#pragma omp simd simdlen(simd_length(W))
      for (int t = 0; t < W; ++t) zo[m * W + t] += w2[t] * a[m * W + t];
    }
  }
  const double* b2 = p + net.b2() * stride;
  for (int m = 0; m < kCases; ++m) {
#pragma omp simd simdlen(simd_length(W))
    for (int t = 0; t < W; ++t) zo[m * W + t] += b2[t];
  }
}

// Per-element loss (not yet averaged over the batch) from the output pre-activation.
template <int E>
inline void element_loss(LossKind kind, const double* zo, const double* target, double* yhat,
                         double* contribution) {
#pragma omp simd simdlen(simd_length(E))
  for (int e = 0; e < E; ++e) yhat[e] = sigmoid(zo[e]);
  if (kind == LossKind::mse) {
#pragma omp simd simdlen(simd_length(E))
    for (int e = 0; e < E; ++e) {
      const double d = yhat[e] - target[e];
      contribution[e] = d * d;
    }
  } else {
    // -[y ln s(z) + (1-y) ln(1-s(z))] = softplus(z) - y z, finite for any z.
    for (int e = 0; e < E; ++e) {
      const double z = zo[e];
      contribution[e] = (z > 0.0 ? z : 0.0) + std::log1p(std::exp(-std::fabs(z))) - target[e] * z;
    }
  }
}

// out[t] = (sum over slots m, in order, of v[m W + t]) * scale.
template <int W>
inline void sum_slots(const double* v, double scale, double* out) {
#pragma omp simd simdlen(simd_length(W))
  for (int t = 0; t < W; ++t) out[t] = (((v[t] + v[W + t]) + v[2 * W + t]) + v[3 * W + t]) * scale;
}

}  // namespace detail

// Loss over the batch for W lanes. rows: W batches (nullptr = full batch).
template <int W>
void loss_block(const Network& net, const double* p, std::size_t stride, const BatchRows* rows,
                double* loss, KernelScratch& s) {
  constexpr int E = kCases * W;
  double x1b[E], x2b[E], yb[E], zo[E], yhat[E], c[E];
  const auto in = detail::batch_elements<W>(rows, net.gate, x1b, x2b, yb);
  detail::forward<W>(net, p, stride, in.x1, in.x2, s, zo);
  detail::element_loss<E>(net.loss, zo, in.target, yhat, c);
  detail::sum_slots<W>(c, 1.0 / kCases, loss);
}

// Loss and gradient (Eq. 6: the batch-averaged gradient) for W lanes; grad has the layout of p
// with its own stride.
template <int W>
void loss_grad_block(const Network& net, const double* p, std::size_t stride, const BatchRows* rows,
                     double* loss, double* grad, std::size_t gstride, KernelScratch& s) {
  constexpr int E = kCases * W;
  constexpr double inv_m = 1.0 / kCases;
  double x1b[E], x2b[E], yb[E], zo[E], yhat[E], c[E], dzo[E], term[E];
  const auto in = detail::batch_elements<W>(rows, net.gate, x1b, x2b, yb);
  const double *x1 = in.x1, *x2 = in.x2, *target = in.target;
  detail::forward<W>(net, p, stride, x1, x2, s, zo);
  detail::element_loss<E>(net.loss, zo, target, yhat, c);
  detail::sum_slots<W>(c, inv_m, loss);
  if (net.loss == LossKind::mse) {
#pragma omp simd simdlen(simd_length(E))
    for (int e = 0; e < E; ++e)
      dzo[e] = 2.0 * (yhat[e] - target[e]) * yhat[e] * (1.0 - yhat[e]) * inv_m;
  } else {
#pragma omp simd simdlen(simd_length(E))
    for (int e = 0; e < E; ++e) dzo[e] = (yhat[e] - target[e]) * inv_m;
  }
  detail::sum_slots<W>(dzo, 1.0, grad + net.b2() * gstride);
  const Activation act = net.hidden_activation;
  for (int i = 0; i < net.n_hidden; ++i) {
    const double* w2 = p + net.w2(i) * stride;
    const double* z = s.hidden_z.data() + i * E;
    const double* a = s.hidden_a.data() + i * E;
    double delta[E], slope[E];
#pragma omp simd simdlen(simd_length(E))
    for (int e = 0; e < E; ++e) term[e] = dzo[e] * a[e];
    detail::sum_slots<W>(term, 1.0, grad + net.w2(i) * gstride);
    detail::slope_elements<E>(act, z, a, slope);
    for (int m = 0; m < kCases; ++m) {
#pragma omp simd simdlen(simd_length(W))
      for (int t = 0; t < W; ++t) delta[m * W + t] = dzo[m * W + t] * w2[t] * slope[m * W + t];
    }
    detail::sum_slots<W>(delta, 1.0, grad + net.b1(i) * gstride);
#pragma omp simd simdlen(simd_length(E))
    for (int e = 0; e < E; ++e) term[e] = delta[e] * x1[e];
    detail::sum_slots<W>(term, 1.0, grad + net.w1(i, 0) * gstride);
#pragma omp simd simdlen(simd_length(E))
    for (int e = 0; e < E; ++e) term[e] = delta[e] * x2[e];
    detail::sum_slots<W>(term, 1.0, grad + net.w1(i, 1) * gstride);
  }
}

// Full-batch loss of `count` vectors stored with stride `stride` (>= count). Blocks of 8 lanes,
// the tail one lane at a time; each lane's value is the same either way.
void loss_many(const Network& net, const double* p, std::size_t stride, std::size_t count,
               double* loss, KernelScratch& s);

}  // namespace xorscape::model
