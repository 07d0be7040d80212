#pragma once
// The plateau of tau_conv(Delta) around the optimum (paper Fig. 5: "the convergence dynamics is
// not altered if Delta w1_11 < 2.2, Delta w1_12 < 2.2, Delta w2_11 < 1.6").
#include <cstdint>
#include <span>

namespace xorscape::train {

struct PlateauEdges {
  bool found = false;          // false if no shift has a finite tau_conv near zero
  double reference_shift = 0;  // the grid shift nearest zero
  std::int64_t reference_tau = -1;
  // Edges: midpoints between the last shift on the plateau and the first one off it.
  double lower = __builtin_nan(""), upper = __builtin_nan("");
  bool lower_open = false, upper_open = false;  // the plateau reaches the end of the grid
  double lower_inside = 0, upper_inside = 0;    // the outermost grid shifts on the plateau
};

// The plateau is the run of consecutive grid shifts, containing the one nearest zero, whose
// tau_conv differs from that shift's by at most max(abs_tol, rel_tol * tau_ref); tau < 0 (never
// converged) is off the plateau.
PlateauEdges detect_plateau(std::span<const double> shifts, std::span<const std::int64_t> tau,
                            double rel_tol, double abs_tol);

}  // namespace xorscape::train
