#pragma once
// The sweep kernel of a two-parameter cross-section. Only the neurons touched by the two free
// parameters change across it, so the output pre-activation of truth-table case m splits as
//
//   z_m(row, col) = A_m[col] + B_m(row) + P_m(row) Q_m[col] + w_m act(H_m[col] + R_m(row))
//
// where A collects everything that is constant or depends on the column parameter alone, B the
// row parameter alone, the product term appears when one parameter is an output weight w2_i and
// the other moves hidden neuron i, and the joint term when both move the same hidden neuron in a
// case where both reach it (a weight whose input is 0 in that case does not). Column arrays are
// computed once per cross-section, row values once per row; a grid point then costs the output
// sigmoids of the four cases plus one hidden activation per joint case (for n_h = 2, 10 joint
// cases among the 36 pairs x 4 cases). Rows are evaluated as structure-of-arrays vector loops.
#include <cstdint>
#include <span>
#include <vector>

#include "xorscape/landscape/landscape_spec.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::landscape {

class CrossSection {
 public:
  // x_shifts: column shifts of pair.x; y_shifts: row shifts of pair.y, both added to center.
  CrossSection(const model::Network& net, std::span<const double> center, ParameterPair pair,
               std::span<const double> x_shifts, std::span<const double> y_shifts);

  int columns() const { return nx_; }
  int rows() const { return static_cast<int>(y_.size()); }

  // Row r: full-batch loss and the number of misclassified cases (|y-hat - y| >= 0.5) per
  // point, and, unless `cases` is null, the per-case loss contributions cases[m * columns() + c]
  // (the loss of case m alone, before the batch average). `work` holds 8 columns() doubles.
  // Nothing is allocated.
  void evaluate_row(int r, double* loss, std::uint8_t* wrong, double* cases, double* work) const;

 private:
  enum class Special { none, product, joint };
  struct RowTerms {
    double b, p, h;
  };
  RowTerms row_terms(int m, double y) const;
  // Turns output pre-activations into loss contributions, in place, and counts wrong cases.
  void output_loss(double* contrib, std::uint8_t* wrong) const;

  model::Network net_;
  std::vector<double> center_;
  ParameterPair pair_;
  int nx_;
  std::vector<double> y_;  // row values of parameter pair.y (center + shift)
  // Per case m, arrays of columns() entries at m * columns().
  std::vector<double> a_, q_, hc_;
  std::vector<double> zeros_;
  // Separable cases: e^{-s A[c]} per column (s = +1 for target 0, -1 for target 1).
  static constexpr double kSeparableLimit = 300.0;
  std::vector<double> ea_;
  bool separable_[4] = {};  // columns() zeros: the product and joint terms of other cases
  Special special_[4] = {};
  int special_neuron_[4] = {};
  double joint_weight_[4] = {}, joint_row_coef_[4] = {};
  double target_[4] = {};
};

}  // namespace xorscape::landscape
