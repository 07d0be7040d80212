#include "xorscape/dos/network_energy.hpp"

#include <algorithm>
#include <stdexcept>

#include "xorscape/model/activation.hpp"
#include "xorscape/model/loss.hpp"
#include "xorscape/model/reference_network.hpp"

namespace xorscape::dos {

using model::kCases;

namespace {

// The activation as a template argument: its switch folds away and the 4-wide loop is
// straight-line SIMD code (exp included).
template <model::Activation A>
void activate_cases(const double* z, double* a) {
#pragma omp simd
  for (int c = 0; c < kCases; ++c) a[c] = model::activate(A, z[c]);
}

}  // namespace

NetworkEnergy::NetworkEnergy(const model::Network& net, std::span<const double> v)
    : net_(net), v_(v.begin(), v.end()) {
  if (static_cast<int>(v_.size()) != net.num_params())
    throw std::invalid_argument("NetworkEnergy: wrong number of parameters");
  y_ = model::targets(net.gate);
  a_.assign(static_cast<std::size_t>(kCases) * net.n_hidden, 0.0);
  for (int j = 0; j < net.n_hidden; ++j)
    hidden_of(v_[net.w1(j, 0)], v_[net.w1(j, 1)], v_[net.b1(j)], a_.data() + kCases * j);
  loss_ = output_loss(a_.data(), v_.data() + net.w2(0), net.n_hidden, nullptr, 0.0, v_[net.b2()]);
  v_all_ = v_;
  a_all_ = a_;
}

void NetworkEnergy::hidden_of(double wa, double wb, double b, double* a) const {
  Cases z;
  // The reference's order: (w_a x1 + w_b x2) + b.
#pragma omp simd
  for (int c = 0; c < kCases; ++c) z[c] = wa * model::kInput1[c] + wb * model::kInput2[c] + b;
  switch (net_.hidden_activation) {
    case model::Activation::sigmoid:
      return activate_cases<model::Activation::sigmoid>(z.data(), a);
    case model::Activation::tanh:
      return activate_cases<model::Activation::tanh>(z.data(), a);
    case model::Activation::relu:
      return activate_cases<model::Activation::relu>(z.data(), a);
  }
}

double NetworkEnergy::output_loss(const double* activations, const double* w2, int j,
                                  const double* row, double weight, double bias) const {
  // z_c = sum_i w2_i a_ic + b2, summed in the reference's order (from 0, neuron by neuron, the
  // bias last), the four cases side by side; the replaced neuron splits the loop in two rather
  // than a select in every iteration.
  Cases z{};
  const auto add = [&z](double w, const double* a) {
#pragma omp simd
    for (int c = 0; c < kCases; ++c) z[c] += w * a[c];
  };
  const int nh = net_.n_hidden;
  for (int i = 0; i < j; ++i) add(w2[i], activations + kCases * i);
  if (j < nh) add(weight, row);
  for (int i = j + 1; i < nh; ++i) add(w2[i], activations + kCases * i);
  Cases yhat, contribution;
#pragma omp simd
  for (int c = 0; c < kCases; ++c) {
    z[c] += bias;
    yhat[c] = model::sigmoid(z[c]);
  }
  if (net_.loss == model::LossKind::mse) {
#pragma omp simd
    for (int c = 0; c < kCases; ++c) contribution[c] = (yhat[c] - y_[c]) * (yhat[c] - y_[c]);
  } else {
    for (int c = 0; c < kCases; ++c)
      contribution[c] = model::case_loss(net_.loss, z[c], yhat[c], y_[c]);
  }
  double loss = 0.0;
  for (int c = 0; c < kCases; ++c) loss += contribution[c];
  return loss * (1.0 / kCases);
}

double NetworkEnergy::propose_one(int k, double x) {
  const int nh = net_.n_hidden;
  const double* w2 = v_.data() + net_.w2(0);
  const double b2 = v_[net_.b2()];
  touched_ = k;
  x_new_ = x;
  neuron_ = -1;
  if (k < 3 * nh) {
    // A hidden weight (two per neuron, row-major) or bias.
    neuron_ = k < 2 * nh ? k / 2 : k - 2 * nh;
    double wa = v_[net_.w1(neuron_, 0)], wb = v_[net_.w1(neuron_, 1)], b = v_[net_.b1(neuron_)];
    if (k >= 2 * nh)
      b = x;
    else if (k % 2 == 0)
      wa = x;
    else
      wb = x;
    hidden_of(wa, wb, b, row_new_.data());
    loss_new_ = output_loss(a_.data(), w2, neuron_, row_new_.data(), w2[neuron_], b2);
  } else if (k < 4 * nh) {
    const int j = k - 3 * nh;
    loss_new_ = output_loss(a_.data(), w2, j, a_.data() + kCases * j, x, b2);
  } else {
    loss_new_ = output_loss(a_.data(), w2, nh, nullptr, 0.0, x);
  }
  return loss_new_;
}

double NetworkEnergy::propose_all(std::span<const double> x) {
  std::copy(x.begin(), x.end(), v_all_.begin());
  touched_ = -1;
  for (int j = 0; j < net_.n_hidden; ++j)
    hidden_of(v_all_[net_.w1(j, 0)], v_all_[net_.w1(j, 1)], v_all_[net_.b1(j)],
              a_all_.data() + kCases * j);
  loss_new_ = output_loss(a_all_.data(), v_all_.data() + net_.w2(0), net_.n_hidden, nullptr, 0.0,
                          v_all_[net_.b2()]);
  return loss_new_;
}

void NetworkEnergy::accept() {
  if (touched_ >= 0) {
    v_[touched_] = x_new_;
    if (neuron_ >= 0) std::copy(row_new_.begin(), row_new_.end(), a_.begin() + kCases * neuron_);
  } else if (touched_ == -1) {
    std::copy(v_all_.begin(), v_all_.end(), v_.begin());
    std::copy(a_all_.begin(), a_all_.end(), a_.begin());
  }
  if (touched_ != -2) loss_ = loss_new_;
  touched_ = -2;
}

double NetworkEnergy::recompute() const {
  return model::loss_reference(net_, v_);
}

}  // namespace xorscape::dos
