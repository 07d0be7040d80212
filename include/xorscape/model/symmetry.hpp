#pragma once
// Exact symmetries of the 2-n_h-1 network: transformations of the parameter vector that leave
// the network function (all four outputs, hence every loss) unchanged. Used to bring solutions
// found by different runs to one canonical form before they are compared (issue #4).
//
//   permutation  hidden neurons are interchangeable: any reordering of the (w1_i1, w1_i2, b1_i,
//                w2_i) blocks gives the same outputs (all activations).
//   flip         sigmoid: sigma(-z) = 1 - sigma(z), so negating a neuron's incoming weights and
//                bias, negating w2_i and adding the old w2_i to b2 gives the same outputs;
//                tanh: tanh(-z) = -tanh(z), the same without the b2 shift. ReLU has no flip.
//
// Not used here: ReLU's positive rescaling relu(c z) = c relu(z) (c > 0; scale a neuron's inputs
// and bias by c, its output weight by 1/c). It is a continuous family, not an exact operation in
// floating point, and the hidden patterns below (hence the solution families) are already
// invariant under it. Nor the input swap x1 <-> x2, which is a symmetry of the symmetric gates'
// loss but not of the network function.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "xorscape/model/network.hpp"

namespace xorscape::model {

// New hidden neuron i is old neuron order[i]; its two input weights, bias and output weight move
// together. `order` must be a permutation of 0..n_h-1 (std::invalid_argument otherwise).
std::vector<double> permute_hidden(const Network& net, std::span<const double> v,
                                   std::span<const int> order);

// Whether flip_hidden applies: sigmoid and tanh.
bool has_flip_symmetry(Activation a);

// Flips hidden neuron i (see above). Throws std::invalid_argument for relu or i out of range.
std::vector<double> flip_hidden(const Network& net, std::span<const double> v, int i);

// Truth-table pattern of each hidden neuron: bit (3 - c) is set when the neuron's activation on
// case c = (0,0), (0,1), (1,0), (1,1) lies above the activation's midpoint (0.5 for the
// sigmoid, 0 for tanh and relu), so the pattern written in binary reads in case order: 0b0111
// (7) is "0111", an OR of the inputs. All three midpoints sit at the pre-activation z = 0, and
// z > 0 is what is tested: exact, and a flipped neuron (z -> -z, negation is exact) gets the
// complemented pattern unless z is exactly 0 on some case.
std::vector<std::uint8_t> hidden_patterns(const Network& net, std::span<const double> v);
// "0111" for 7: one character per case, in case order.
std::string pattern_string(std::uint8_t pattern);

// One representative per orbit of the symmetries above:
//  1. where the activation has the flip, neuron i is flipped when w2_i < 0, or when w2_i == 0
//     and the first nonzero of (w1_i1, w1_i2, b1_i) is negative, so afterwards every w2_i >= 0;
//  2. neurons are sorted by ascending hidden pattern (in the flipped basis), then descending
//     w2_i, then descending w1_i1, w1_i2, b1_i.
// Sorting by pattern first keeps the neurons of solutions of one family (same multiset of
// patterns) in corresponding places, so their canonical vectors can be compared coordinate by
// coordinate. The result is idempotent, and the same for every permutation of v; for flips of v
// the same up to the rounding of the b2 shift (the shifts are added in canonical order).
// Throws std::invalid_argument for non-finite entries or a vector of the wrong size.
std::vector<double> canonical_form(const Network& net, std::span<const double> v);

}  // namespace xorscape::model
