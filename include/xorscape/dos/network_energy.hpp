#pragma once
// The loss of the network as the "energy" of a random walk in parameter space. A move of one
// parameter recomputes only what it touches: a hidden weight or bias, that neuron's four
// activations and the four outputs; an output weight or bias, the four outputs. The pre-
// activations are summed in the same order as model::loss_reference, so the tracked loss equals
// a fresh evaluation bit for bit (tested).
//
// Speed (a walker calls propose_one millions of times per second): the four truth-table cases
// are one short vector (4-wide loops: the hidden neuron's four sigmoids, the output's four
// sigmoids, in SIMD registers); a proposal writes only the new value and the touched neuron's
// four new activations, and accept() copies just those; nothing is allocated or copied whole.
#include <array>
#include <span>
#include <vector>

#include "xorscape/model/gate.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::dos {

class NetworkEnergy {
 public:
  NetworkEnergy(const model::Network& net, std::span<const double> v);

  int dim() const { return net_.num_params(); }
  double value() const { return loss_; }
  std::span<const double> position() const { return v_; }

  // The loss with parameter k set to x (nothing changes until accept()).
  double propose_one(int k, double x);
  // The loss at a whole new vector.
  double propose_all(std::span<const double> x);
  void accept();
  // A fresh evaluation of the current position (for checks).
  double recompute() const;

 private:
  using Cases = std::array<double, model::kCases>;
  // The activations of hidden neuron j for the four cases, given its two weights and bias.
  void hidden_of(double wa, double wb, double b, double* a) const;
  // The loss when the output sums use `row` (with weight `weight`) in place of neuron j's
  // stored activations and weight, and `bias` as the output bias; j = n_h: no replacement.
  double output_loss(const double* activations, const double* w2, int j, const double* row,
                     double weight, double bias) const;

  model::Network net_;
  Cases y_{};
  std::vector<double> v_;  // parameters
  std::vector<double> a_;  // hidden activations [neuron * 4 + case]
  double loss_ = 0.0;
  // The pending proposal: one parameter (touched_ >= 0), with the new activations of its hidden
  // neuron (neuron_ >= 0), or a whole vector (touched_ == -1) in v_all_, a_all_.
  int touched_ = -2;
  int neuron_ = -1;
  double x_new_ = 0.0;
  Cases row_new_{};
  std::vector<double> v_all_, a_all_;
  double loss_new_ = 0.0;
};

}  // namespace xorscape::dos
