#pragma once
// The many-at-once kernels: loss (and gradient) of a block of W parameter vectors stored as a
// structure of arrays, p[k * stride + t] for parameter k and lane t. Every loop over lanes is
// a `#pragma omp simd` loop over plain arrays, exp included (vector_exp), so GCC emits packed
// AVX code. Lanes never interact: a lane's result is bitwise the same whatever W, whatever the
// block it sits in, and whichever lanes sit beside it.
#include <cmath>
#include <cstddef>
#include <vector>

#include "xorscape/model/batch.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::model {

// Scratch memory a kernel call needs; allocate once per thread, reuse for every call.
struct KernelScratch {
  std::vector<double> hidden_z, hidden_a;  // [i * W + t], one truth-table row at a time
  void reserve(const Network& net, int width) {
    hidden_z.assign(static_cast<std::size_t>(net.n_hidden) * width, 0.0);
    hidden_a.assign(static_cast<std::size_t>(net.n_hidden) * width, 0.0);
  }
};

namespace detail {

template <int W>
inline void activate_lanes(Activation act, const double* z, double* a) {
  switch (act) {
    case Activation::sigmoid:
#pragma omp simd
      for (int t = 0; t < W; ++t) a[t] = sigmoid(z[t]);
      break;
    case Activation::tanh:
#pragma omp simd
      for (int t = 0; t < W; ++t) a[t] = 2.0 * sigmoid(2.0 * z[t]) - 1.0;
      break;
    case Activation::relu:
#pragma omp simd
      for (int t = 0; t < W; ++t) a[t] = z[t] > 0.0 ? z[t] : 0.0;
      break;
  }
}

// Inputs and target of batch slot m for every lane; rows == nullptr means the full batch.
template <int W>
inline void batch_slot(const BatchRows* rows, int m, const std::array<double, kCases>& y,
                       double* x1, double* x2, double* target) {
  for (int t = 0; t < W; ++t) {
    const int r = rows ? rows[t][m] : m;
    x1[t] = kInput1[r];
    x2[t] = kInput2[r];
    target[t] = y[r];
  }
}

// Forward pass of batch slot m: fills scratch with hidden z and a, returns output z in zo.
template <int W>
inline void forward_slot(const Network& net, const double* p, std::size_t stride,
                         const double* x1, const double* x2, KernelScratch& s, double* zo) {
  const int nh = net.n_hidden;
  const double* b2 = p + net.b2() * stride;
#pragma omp simd
  for (int t = 0; t < W; ++t) zo[t] = 0.0;
  for (int i = 0; i < nh; ++i) {
    const double* wa = p + net.w1(i, 0) * stride;
    const double* wb = p + net.w1(i, 1) * stride;
    const double* b = p + net.b1(i) * stride;
    const double* w2 = p + net.w2(i) * stride;
    double* z = s.hidden_z.data() + i * W;
    double* a = s.hidden_a.data() + i * W;
#pragma omp simd
    for (int t = 0; t < W; ++t) z[t] = wa[t] * x1[t] + wb[t] * x2[t] + b[t];
    activate_lanes<W>(net.hidden_activation, z, a);
#pragma omp simd
    for (int t = 0; t < W; ++t) zo[t] += w2[t] * a[t];
  }
#pragma omp simd
  for (int t = 0; t < W; ++t) zo[t] += b2[t];
}

// Per-slot loss contribution (not yet divided by M) from the output pre-activation.
template <int W>
inline void slot_loss(LossKind kind, const double* zo, const double* target, double* yhat,
                      double* contribution) {
#pragma omp simd
  for (int t = 0; t < W; ++t) yhat[t] = sigmoid(zo[t]);
  if (kind == LossKind::mse) {
#pragma omp simd
    for (int t = 0; t < W; ++t) {
      const double d = yhat[t] - target[t];
      contribution[t] = d * d;
    }
  } else {
    // -[y ln s(z) + (1-y) ln(1-s(z))] = softplus(z) - y z, finite for any z.
    for (int t = 0; t < W; ++t) {
      const double z = zo[t];
      contribution[t] = (z > 0.0 ? z : 0.0) + std::log1p(std::exp(-std::fabs(z))) - target[t] * z;
    }
  }
}

}  // namespace detail

// Loss over the batch for W lanes. rows: W batches (nullptr = full batch).
template <int W>
void loss_block(const Network& net, const double* p, std::size_t stride, const BatchRows* rows,
                double* loss, KernelScratch& s) {
  const auto y = targets(net.gate);
  double x1[W], x2[W], target[W], zo[W], yhat[W], c[W];
#pragma omp simd
  for (int t = 0; t < W; ++t) loss[t] = 0.0;
  for (int m = 0; m < kCases; ++m) {
    detail::batch_slot<W>(rows, m, y, x1, x2, target);
    detail::forward_slot<W>(net, p, stride, x1, x2, s, zo);
    detail::slot_loss<W>(net.loss, zo, target, yhat, c);
#pragma omp simd
    for (int t = 0; t < W; ++t) loss[t] += c[t];
  }
#pragma omp simd
  for (int t = 0; t < W; ++t) loss[t] *= 1.0 / kCases;
}

// Loss and gradient (Eq. 6: the batch-averaged gradient) for W lanes; grad has the layout of p
// with its own stride.
template <int W>
void loss_grad_block(const Network& net, const double* p, std::size_t stride,
                     const BatchRows* rows, double* loss, double* grad, std::size_t gstride,
                     KernelScratch& s) {
  const int nh = net.n_hidden;
  const int np = net.num_params();
  const auto y = targets(net.gate);
  constexpr double inv_m = 1.0 / kCases;
  double x1[W], x2[W], target[W], zo[W], yhat[W], c[W], dzo[W];
  for (int k = 0; k < np; ++k) {
    double* g = grad + k * gstride;
#pragma omp simd
    for (int t = 0; t < W; ++t) g[t] = 0.0;
  }
#pragma omp simd
  for (int t = 0; t < W; ++t) loss[t] = 0.0;
  for (int m = 0; m < kCases; ++m) {
    detail::batch_slot<W>(rows, m, y, x1, x2, target);
    detail::forward_slot<W>(net, p, stride, x1, x2, s, zo);
    detail::slot_loss<W>(net.loss, zo, target, yhat, c);
    if (net.loss == LossKind::mse) {
#pragma omp simd
      for (int t = 0; t < W; ++t) {
        loss[t] += c[t];
        dzo[t] = 2.0 * (yhat[t] - target[t]) * yhat[t] * (1.0 - yhat[t]) * inv_m;
      }
    } else {
#pragma omp simd
      for (int t = 0; t < W; ++t) {
        loss[t] += c[t];
        dzo[t] = (yhat[t] - target[t]) * inv_m;
      }
    }
    double* gb2 = grad + net.b2() * gstride;
#pragma omp simd
    for (int t = 0; t < W; ++t) gb2[t] += dzo[t];
    for (int i = 0; i < nh; ++i) {
      const double* w2 = p + net.w2(i) * stride;
      const double* z = s.hidden_z.data() + i * W;
      const double* a = s.hidden_a.data() + i * W;
      double* gw2 = grad + net.w2(i) * gstride;
      double* gwa = grad + net.w1(i, 0) * gstride;
      double* gwb = grad + net.w1(i, 1) * gstride;
      double* gb = grad + net.b1(i) * gstride;
      const Activation act = net.hidden_activation;
#pragma omp simd
      for (int t = 0; t < W; ++t) {
        gw2[t] += dzo[t] * a[t];
        const double delta = dzo[t] * w2[t] * activation_slope(act, z[t], a[t]);
        gwa[t] += delta * x1[t];
        gwb[t] += delta * x2[t];
        gb[t] += delta;
      }
    }
  }
#pragma omp simd
  for (int t = 0; t < W; ++t) loss[t] *= inv_m;
}

// Full-batch loss of `count` vectors stored with stride `stride` (>= count). Blocks of 8 lanes,
// the tail one lane at a time; each lane's value is the same either way.
void loss_many(const Network& net, const double* p, std::size_t stride, std::size_t count,
               double* loss, KernelScratch& s);

}  // namespace xorscape::model
