#include "xorscape/dos/network_energy.hpp"

#include <stdexcept>

#include "xorscape/model/activation.hpp"
#include "xorscape/model/loss.hpp"

namespace xorscape::dos {

using model::kCases;

NetworkEnergy::NetworkEnergy(const model::Network& net, std::span<const double> v)
    : net_(net), v_(v.begin(), v.end()) {
  if (static_cast<int>(v_.size()) != net.num_params())
    throw std::invalid_argument("NetworkEnergy: wrong number of parameters");
  y_ = model::targets(net.gate);
  a_.assign(static_cast<std::size_t>(kCases) * net.n_hidden, 0.0);
  for (int j = 0; j < net.n_hidden; ++j) hidden_of(v_, j, a_);
  std::array<double, kCases> zo;
  loss_ = output_loss(a_, v_, zo);
  v_new_ = v_;
  a_new_ = a_;
}

void NetworkEnergy::hidden_of(const std::vector<double>& v, int j, std::vector<double>& a) const {
  const int nh = net_.n_hidden;
  for (int c = 0; c < kCases; ++c) {
    const double z =
        v[net_.w1(j, 0)] * model::kInput1[c] + v[net_.w1(j, 1)] * model::kInput2[c] + v[net_.b1(j)];
    a[c * nh + j] = model::activate(net_.hidden_activation, z);
  }
}

double NetworkEnergy::output_loss(const std::vector<double>& a, const std::vector<double>& v,
                                  std::array<double, kCases>& zo) const {
  const int nh = net_.n_hidden;
  double loss = 0.0;
  for (int c = 0; c < kCases; ++c) {
    double z = 0.0;
    for (int j = 0; j < nh; ++j) z += v[net_.w2(j)] * a[c * nh + j];
    z += v[net_.b2()];
    zo[c] = z;
    loss += model::case_loss(net_.loss, z, model::sigmoid(z), y_[c]);
  }
  return loss * (1.0 / kCases);
}

double NetworkEnergy::propose_one(int k, double x) {
  if (touched_ >= 0) v_new_[touched_] = v_[touched_];  // undo the last unaccepted proposal
  if (touched_ == -1) v_new_ = v_;
  a_new_ = a_;
  v_new_[k] = x;
  touched_ = k;
  // The hidden neuron a parameter belongs to, if any: w1 (2 per neuron), then b1.
  const int nh = net_.n_hidden;
  const int neuron = k < 2 * nh ? k / 2 : k < 3 * nh ? k - 2 * nh : -1;
  if (neuron >= 0) hidden_of(v_new_, neuron, a_new_);
  std::array<double, kCases> zo;
  loss_new_ = output_loss(a_new_, v_new_, zo);
  return loss_new_;
}

double NetworkEnergy::propose_all(std::span<const double> x) {
  v_new_.assign(x.begin(), x.end());
  touched_ = -1;
  for (int j = 0; j < net_.n_hidden; ++j) hidden_of(v_new_, j, a_new_);
  std::array<double, kCases> zo;
  loss_new_ = output_loss(a_new_, v_new_, zo);
  return loss_new_;
}

void NetworkEnergy::accept() {
  if (touched_ >= 0) {
    v_[touched_] = v_new_[touched_];
    const int nh = net_.n_hidden;
    const int neuron = touched_ < 2 * nh   ? touched_ / 2
                       : touched_ < 3 * nh ? touched_ - 2 * nh
                                           : -1;
    if (neuron >= 0)
      for (int c = 0; c < kCases; ++c) a_[c * nh + neuron] = a_new_[c * nh + neuron];
  } else if (touched_ == -1) {
    v_ = v_new_;
    a_ = a_new_;
  }
  loss_ = loss_new_;
  touched_ = -2;
  v_new_ = v_;
}

double NetworkEnergy::recompute() const {
  std::vector<double> a(a_.size());
  for (int j = 0; j < net_.n_hidden; ++j) hidden_of(v_, j, a);
  std::array<double, kCases> zo;
  return output_loss(a, v_, zo);
}

}  // namespace xorscape::dos
