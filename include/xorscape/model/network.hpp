#pragma once
#include <span>
#include <string>
#include <vector>

#include "xorscape/model/activation.hpp"
#include "xorscape/model/gate.hpp"
#include "xorscape/model/loss.hpp"

namespace xorscape::model {

// Shape and task of the 2-n_h-1 network. The output activation is always the sigmoid.
//
// Parameter vector layout (paper Eq. 2, z_i = sum_j w_ij a_j + b_i):
//   [0, 2 n_h)        w1_ij, row-major: index 2 (i-1) + (j-1) for hidden i, input j
//   [2 n_h, 3 n_h)    b1_i
//   [3 n_h, 4 n_h)    w2_1i
//   4 n_h             b2_1
struct Network {
  int n_hidden = 2;
  Activation hidden_activation = Activation::sigmoid;
  Gate gate = Gate::xor_gate;
  LossKind loss = LossKind::mse;

  int num_params() const { return 4 * n_hidden + 1; }
  int w1(int i, int j) const { return 2 * i + j; }  // zero-based hidden i, input j
  int b1(int i) const { return 2 * n_hidden + i; }
  int w2(int i) const { return 3 * n_hidden + i; }
  int b2() const { return 4 * n_hidden; }
};

// Names in vector order: w1_11 w1_12 w1_21 w1_22 b1_1 b1_2 w2_11 w2_12 b2_1 for n_h = 2.
std::vector<std::string> param_names(const Network& net);

// Reads a vector whose hidden weights were written column-major (input j, hidden i), i.e. with
// the hidden weight matrix transposed, into the layout above. Only meaningful for n_h = 2,
// where the matrix is square; for other n_h the input is returned unchanged.
std::vector<double> from_transposed_hidden_layout(const Network& net, std::span<const double> v);

}  // namespace xorscape::model
