#include "xorscape/model/reference_network.hpp"

#include <cmath>

namespace xorscape::model {
namespace {

// The same sigmoid as the kernels (vector_exp: correctly rounded operations only), so that
// recorded diagnostics are as machine-independent as the trajectories; vector_exp itself is
// tested against std::exp, and the gradient against finite differences.
double reference_sigmoid(double z) {
  return sigmoid(z);
}

struct RowPass {
  double zo = 0.0, yhat = 0.0;
};

// Forward pass of one truth-table row; fills z and a of the hidden layer.
RowPass forward_row(const Network& net, std::span<const double> v, int row, double* z, double* a) {
  RowPass out;
  for (int i = 0; i < net.n_hidden; ++i) {
    z[i] = v[net.w1(i, 0)] * kInput1[row] + v[net.w1(i, 1)] * kInput2[row] + v[net.b1(i)];
    a[i] = activate(net.hidden_activation, z[i]);
    out.zo += v[net.w2(i)] * a[i];
  }
  out.zo += v[net.b2()];
  out.yhat = reference_sigmoid(out.zo);
  return out;
}

double row_loss(LossKind kind, const RowPass& pass, double y) {
  return case_loss(kind, pass.zo, pass.yhat, y);
}

// dL_m/dz_out for one batch slot, already divided by the batch size M.
double output_delta(LossKind kind, const RowPass& pass, double y) {
  constexpr double inv_m = 1.0 / kCases;
  if (kind == LossKind::mse) return 2.0 * (pass.yhat - y) * pass.yhat * (1.0 - pass.yhat) * inv_m;
  return (pass.yhat - y) * inv_m;
}

double block_norm(const std::vector<double>& g, int begin, int end) {
  double s = 0.0;
  for (int k = begin; k < end; ++k) s += g[k] * g[k];
  return std::sqrt(s);
}

}  // namespace

Evaluation evaluate_reference(const Network& net, std::span<const double> v,
                              const BatchRows& rows) {
  const int nh = net.n_hidden;
  const auto y = targets(net.gate);
  Evaluation e;
  e.hidden.assign(static_cast<std::size_t>(kCases) * nh, 0.0);
  e.gradient.assign(net.num_params(), 0.0);
  std::vector<double> z(nh);
  for (int row = 0; row < kCases; ++row)
    e.output[row] = forward_row(net, v, row, z.data(), e.hidden.data() + row * nh).yhat;

  std::vector<double> a(nh);
  for (int m = 0; m < kCases; ++m) {
    const int row = rows[m];
    const RowPass pass = forward_row(net, v, row, z.data(), a.data());
    e.loss += row_loss(net.loss, pass, y[row]);
    const double dzo = output_delta(net.loss, pass, y[row]);
    e.gradient[net.b2()] += dzo;
    for (int i = 0; i < nh; ++i) {
      e.gradient[net.w2(i)] += dzo * a[i];
      const double delta = dzo * v[net.w2(i)] * activation_slope(net.hidden_activation, z[i], a[i]);
      e.gradient[net.w1(i, 0)] += delta * kInput1[row];
      e.gradient[net.w1(i, 1)] += delta * kInput2[row];
      e.gradient[net.b1(i)] += delta;
    }
  }
  e.loss *= 1.0 / kCases;
  e.grad_norm_w1 = block_norm(e.gradient, 0, 2 * nh);
  e.grad_norm_b1 = block_norm(e.gradient, 2 * nh, 3 * nh);
  e.grad_norm_w2 = block_norm(e.gradient, 3 * nh, 4 * nh);
  e.grad_norm_b2 = block_norm(e.gradient, 4 * nh, 4 * nh + 1);
  return e;
}

double loss_reference(const Network& net, std::span<const double> v, const BatchRows& rows) {
  const auto y = targets(net.gate);
  std::vector<double> z(net.n_hidden), a(net.n_hidden);
  double loss = 0.0;
  for (int m = 0; m < kCases; ++m)
    loss += row_loss(net.loss, forward_row(net, v, rows[m], z.data(), a.data()), y[rows[m]]);
  return loss * (1.0 / kCases);
}

int misclassified_cases(const Network& net, const Evaluation& e) {
  const auto y = targets(net.gate);
  int n = 0;
  for (int c = 0; c < kCases; ++c) n += std::fabs(e.output[c] - y[c]) >= 0.5 ? 1 : 0;
  return n;
}

}  // namespace xorscape::model
