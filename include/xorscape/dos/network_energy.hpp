#pragma once
// The loss of the network as the "energy" of a random walk in parameter space. A move of one
// parameter recomputes only what it touches: a hidden weight or bias, that neuron's four
// activations and the four outputs; an output weight or bias, the four outputs. The pre-
// activations are summed in the same order as model::loss_reference, so the tracked loss equals
// a fresh evaluation bit for bit (tested).
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
  double output_loss(const std::vector<double>& a, const std::vector<double>& v,
                     std::array<double, model::kCases>& zo) const;
  void hidden_of(const std::vector<double>& v, int j, std::vector<double>& a) const;

  model::Network net_;
  std::array<double, model::kCases> y_{};
  std::vector<double> v_, a_;  // parameters; hidden activations [case * n_h + j]
  double loss_ = 0.0;
  // The pending proposal.
  std::vector<double> v_new_, a_new_;
  double loss_new_ = 0.0;
  int touched_ = -2;  // -2 none, -1 all, else the parameter
};

}  // namespace xorscape::dos
