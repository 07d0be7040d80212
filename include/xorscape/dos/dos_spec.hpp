#pragma once
// The validated description of a `dos` run (paper Sect. III D, Fig. 8): the measure on
// parameter space, the loss bins and window, the method and its schedule.
#include <cstdint>
#include <string_view>
#include <vector>

#include "xorscape/dos/entropy_analysis.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::dos {

// g(L) is the mass of {v : L(v) in a bin} under this measure. The paper does not state its own;
// box is the default: v uniform in [-B_k, B_k] (total mass prod 2 B_k); gaussian: v_k ~ N(0, s^2)
// (total mass 1).
enum class MeasureKind { box, gaussian };
struct Measure {
  MeasureKind kind = MeasureKind::box;
  std::vector<double> half_width;  // B_k per parameter (box)
  double sigma = 1.0;              // s (gaussian)
  double log_mass() const;         // ln of the total mass
  bool contains(int k, double x) const;
};

enum class Method { simple, wang_landau, multicanonical };
std::string_view to_string(Method m);

// Wang-Landau with the 1/t tail (Belardinelli and Pereyra, Phys. Rev. E 75, 046701 (2007)),
// optionally followed by a multicanonical production run with the weights frozen (Berg and
// Neuhaus, Phys. Rev. Lett. 68, 9 (1992)).
struct WangLandauSettings {
  bool single_parameter = true;      // move one random parameter (else all at once)
  double target_acceptance = 0.5;    // of the step-width tuning stage
  std::uint64_t tune_steps = 20000;  // proposals of the tuning stage (width frozen after)
  double ln_f_initial = 1.0;
  double ln_f_final = 1e-6;
  double flatness = 0.8;                 // H_min >= flatness * H_mean over the visited bins
  std::uint64_t check_every = 10000;     // proposals between flatness checks
  std::uint64_t max_steps = 4000000000;  // safety cap on the Wang-Landau stages
  std::uint64_t production_steps = 0;    // multicanonical: proposals with frozen weights
};

struct DosSpec {
  model::Network network;
  std::vector<int> hidden_sizes;
  Measure measure;            // half_width is per parameter of the largest n_h (prefix)
  std::vector<double> edges;  // bin edges of L, increasing; the window is [front, back)
  Method method = Method::wang_landau;
  WangLandauSettings wl;
  std::uint64_t samples = 1000000;  // simple sampling: per run
  int runs = 4;                     // R independent runs per n_h
  std::uint64_t seed = 1;
  EntropyAnalysisSettings analysis;  // applied when the run is complete
};

// Edges helpers: uniform in L on [lo, hi] with n bins; or uniform in ln L on [lo, cut] with
// n_log bins, then uniform on [cut, hi] with n_lin bins.
std::vector<double> uniform_edges(double lo, double hi, int n);
std::vector<double> log_then_uniform_edges(double lo, double cut, double hi, int n_log, int n_lin);

}  // namespace xorscape::dos
