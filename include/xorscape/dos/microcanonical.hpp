#pragma once
// Microcanonical analysis of S(L) = ln g(L) (paper Sect. III D; issue #5): derivatives by local
// polynomial fits, jackknife errors over independent runs, the maximum L*, peaks and convex
// intervals ("entropic barriers") of S, gamma_max with a 3-sigma statement, the transitions of
// the generalized microcanonical inflection-point analysis, and their robustness against the
// bin width and the smoothing window. Pure functions: no I/O, no threads, no global state.
//
// Notation. L is the loss (it plays the role of the energy E), x_i the bin centres (increasing,
// not necessarily uniform: bins uniform in ln L below a cut are fine), and
//   S = ln g,  beta = dS/dL,  gamma = d^2S/dL^2,  delta = d^3S/dL^3,  epsilon = d^4S/dL^4.
// All derivatives are taken with respect to L itself, also where the bins are log-spaced.
//
// ---- Local polynomial derivatives (Savitzky-Golay for non-uniform x) ----------------------
// At bin i, a polynomial of degree p in (L - x_i) is fitted by least squares to the w = 2h + 1
// consecutive points i-h .. i+h (the window is centred in bin index, so on log-spaced bins it is
// asymmetric in L); the derivatives of the fit at L = x_i are the estimates. Uniform weights by
// default (on a uniform grid this is exactly the Savitzky-Golay filter); tricube weights
// (1 - |d/D|^3)^3 with D = (h+1)/h times the largest distance in the window (LOESS) as an option.
// The result is NaN at bin i when the window does not fit: i < h, i > n-1-h, or any of the w
// values is not finite (a bin never reached poisons every window that contains it). Derivatives
// of order above p are NaN (epsilon needs p >= 4). Polynomials of degree <= p are reproduced
// exactly (to rounding, which grows like the n-th derivative's 1/(window span)^n).
// Defaults p = 3, w = 9. On a uniform grid the bias is O(dx^4) for S and beta, O(dx^2) for gamma
// and delta (odd and even orders pair up: p = 3 and p = 4 give the same beta and delta there).
//
// ---- Errors: jackknife over runs ---------------------------------------------------------
// The R runs are R independent estimates of ln G per bin. The estimate uses the mean over runs;
// the replicate theta_(r) uses the mean over the runs other than r; the error is
//   sigma = sqrt((R-1)/R * sum_r (theta_(r) - mean_r theta_(r))^2).
// A bin enters only if every run is finite there (otherwise the mean and every replicate are NaN
// there). With R < 2 every sigma is NaN and every 3-sigma statement is "undecided". Runs must be
// normalized alike (as `dos` stores them): S's sigma includes the run-to-run normalization; the
// derivatives do not see constants.
//
// ---- Generalized microcanonical inflection-point analysis ---------------------------------
// K. Qi and M. Bachmann, "Classification of Phase Transitions by Microcanonical Inflection-Point
// Analysis", Phys. Rev. Lett. 120, 180601 (2018), arXiv:1805.01340 (principle of minimal
// sensitivity applied to the derivatives of S); built on S. Schnabel, D. T. Seaton, D. P. Landau
// and M. Bachmann, Phys. Rev. E 84, 011127 (2011); applied to the 2D Ising model (an independent
// and a dependent 3rd-order transition) by K. Sitarachu and M. Bachmann, arXiv:2306.17015. With
// beta^(m) = d^m beta/dE^m (so beta^(0) = beta, beta^(1) = gamma, beta^(2) = delta) the rules are
//   independent, odd order 2k-1:  least-sensitive inflection point of beta^(2k-3) (of S for k=1):
//                                 beta^(2k-2) has a POSITIVE-valued MINIMUM;
//   independent, even order 2k:   least-sensitive inflection point of beta^(2k-2):
//                                 beta^(2k-1) has a NEGATIVE-valued MAXIMUM;
//   dependent, odd order 2k+1:    least-sensitive inflection point of beta^(2k-1):
//                                 beta^(2k) has a NEGATIVE-valued MAXIMUM;
//   dependent, even order 2k:     least-sensitive inflection point of beta^(2k-2):
//                                 beta^(2k-1) has a POSITIVE-valued MINIMUM.
// Implemented orders (n = the order of the derivative of S that has the extremum):
//   1st independent  n = 1  beta  positive-valued minimum (a back-bending beta: S convex nearby)
//   2nd independent  n = 2  gamma negative-valued maximum
//   2nd dependent    n = 2  gamma positive-valued minimum
//   3rd independent  n = 3  delta positive-valued minimum
//   3rd dependent    n = 3  delta negative-valued maximum
//   4th independent  n = 4  epsilon negative-valued maximum   (only with degree >= 4)
//   4th dependent    n = 4  epsilon positive-valued minimum   (only with degree >= 4)
// In one sentence: a transition of order n is an extremum of d^nS/dE^n at which |d^nS/dE^n| is
// locally smallest (least sensitive); it is independent where d^nS/dE^n has its "normal" sign
// (-1)^(n+1) (that of a smooth concave S with beta > 0, e.g. beta = c/E) and dependent where the
// sign is the opposite one. Dependent transitions accompany an independent transition of lower
// order nearby; `Transition::partner` points to the nearest one.
// Sign conventions here. The rules above are for E with beta(E) > 0. On the trained branch
// L < L* (beta > 0) E = L. On the other branch L > L* (beta < 0) the same rules are applied to
// E = -L (beta_E = -beta, gamma_E = gamma, delta_E = -delta, epsilon_E = epsilon), i.e. that
// branch is read from L = max downwards; it is reported separately. Values are stored in L.
//
// ---- Detection on a grid, significance -----------------------------------------------------
// Candidates. An extremum of a derivative array f (the estimate) is a bin i with f[i] < f[i-1],
// f[i] <= f[i+1] that is also the lowest value within w bins on either side (minimum; maximum
// mirrored), inside the branch and the finite run of f. The noise of a fitted derivative is
// correlated over a window and makes wiggles on that scale; they are not resolved extrema.
// Prominence (topographic): walk left and right from i, within the branch and the finite run,
// until f passes beyond f[i]; on each side take the highest point reached (for a minimum; the
// lowest for a maximum); prominence = the smaller of the two rises |f[top] - f[i]|, and
// sigma(prominence) = sigma(f[i]) + sigma(f[top]) (an upper bound of the difference's sigma
// whatever the correlation; it partly offsets the selection of i and top as extremes).
// A transition is significant when |f[i]| > z sigma(f[i]) (its sign holds) and
// prominence > z sigma(prominence) (it is an extremum); z = 3 by default. Every candidate with
// the right sign in the estimate is returned, with the flag.
// Look-elsewhere: the test is local. Where f is flat over many bins (a constant gamma) its noise
// wiggles are candidates and the largest pass now and then: on a concave S with gamma = -40 and
// sigma(gamma) ~ 4.5 over 361 bins, about 0.4 "significant" 2nd-order candidates per curve
// (200 noise realizations; of 40 such in 100 realizations none survived the robustness filter
// below). Use the robust list for conclusions.
// Position: `bin` is the grid extremum (where `value` is read); `L` is the vertex of a
// least-squares parabola through f over the bins within half the prominence of f[i] (at least
// max(h, 3), at most 4 max(h, 3) + 2 bins each side), so a flat-topped extremum is located by its
// whole top, not by a noise wiggle on it; L may lie a few bins from x[bin]. L_sigma is its
// jackknife (with the same bins): statistical only. On synthetic curves (300 noise realizations,
// bins of 0.0025) the sd of L was 0.00011 / 0.00123 against an rms L_sigma of 0.00008 / 0.00120
// (a back-bending beta / a flat negative peak of gamma); the parabola's own bias on an asymmetric
// extremum (there 0.00057, a quarter bin) is not in it. NaN where the parabola is not convex
// (then L = x[bin]) or a replicate's is not. (The arg-min of a replicate is a step function of
// the data; its delete-1 jackknife underestimated by up to 10x, hence the parabola.)
//
// ---- Features -------------------------------------------------------------------------------
// L*: the bin where the smoothed S is largest; L* is the root of the + to - sign change of beta
// nearest to it (within h + 1 bins), from a least-squares line through beta on the 2h bins around
// the change (two-bin linear interpolation where those are not all finite); L_sigma by jackknife
// of the same root on the same bins (calibrated: sd 0.00079 vs rms L_sigma 0.00083 over 300
// realizations with beta's noise twice its change per bin). No sign change near the largest S:
// L* = that bin's centre, L_sigma NaN. If S is largest at the upper (lower) end with beta > 0
// (< 0) there, S has no maximum inside: L* = +inf (-inf), found = false, and the whole curve is
// one branch. Trained branch: x_i < L*; other branch: x_i > L*. If no S is finite, L* = NaN and
// no bin belongs to a branch.
// Convex intervals: maximal runs of bins of one branch with gamma > 0, with interpolated gamma = 0
// ends, gamma's maximum inside +- sigma, significant when gamma_max - z sigma > 0. Noise near
// gamma = 0 can split an interval or add slivers: those are not significant.
// gamma_max of a branch: the largest gamma there +- its sigma (bin fixed): "barrier" if
// gamma_max - z sigma > 0, "no barrier" if gamma_max + z sigma < 0, else "undecided". (The max
// over bins is biased upwards by the noise: conservative for "no barrier".)
// Peaks: maxima of the smoothed S (whole curve), resolved and with prominence as above.
//
// ---- Robustness ------------------------------------------------------------------------------
// The reference (binning, window h) is compared with four variants: bin width halved and doubled
// (separate curves the caller supplies), window half-width h/2 and 2h on the reference data. A
// significant reference transition is robust when every variant has a significant transition of
// the same order, type, branch and sign whose L lies within `tolerance_bins` (default 2) widths
// of the reference bin at the reference L (the spacing of the reference centres around it).
// Bin-width variants keep the window's span in L by default (h -> 2h on halved bins, h -> h/2 on
// doubled ones), so they test the binning, not the smoothing. A halved h is never below the
// smallest h with 2h + 1 >= degree + 2. The barrier verdict is robust where the reference and all
// four variants agree; a noisy half-window variant easily makes "no barrier" undecided.
//
// Minimum sizes: derivatives need n >= w bins with finite values (and w >= degree + 1); features
// need several windows' worth of bins; the window variants need n >= 4h + 1 (else all NaN).
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace xorscape::dos {

// ---- 1. local polynomial derivatives ------------------------------------------------------------

enum class FitWeight { uniform, tricube };
std::string_view to_string(FitWeight w);

struct LocalFitSpec {
  int degree = 3;  // p, 1..8; delta needs p >= 3, epsilon p >= 4
  int window = 9;  // w = 2h + 1 bins, odd, w >= p + 1
  FitWeight weight = FitWeight::uniform;
  int half_width() const { return window / 2; }
};
// Throws std::invalid_argument naming the bad field.
void validate(const LocalFitSpec& spec);

inline constexpr int max_derivative_order = 4;

// Per bin: the smoothed S and its derivatives in L. NaN where the window does not fit.
struct EntropyDerivatives {
  std::vector<double> S, beta, gamma, delta, epsilon;
  const std::vector<double>& order(int n) const;  // n = 0 (S) .. 4 (epsilon)
  std::vector<double>& order(int n);
};

EntropyDerivatives local_polynomial_derivatives(std::span<const double> centers,
                                                std::span<const double> S,
                                                const LocalFitSpec& spec);

// ---- 2. jackknife over runs -----------------------------------------------------------------

// R runs of ln G over n bins: run r, bin i at ln_g[r * n + i] (the HDF5 layout); NaN where a run
// never reached the bin.
struct RunsView {
  std::span<const double> centers;
  std::span<const double> ln_g;
  std::size_t bins() const { return centers.size(); }
  std::size_t runs() const { return centers.empty() ? 0 : ln_g.size() / centers.size(); }
};

struct JackknifeDerivatives {
  LocalFitSpec fit;
  std::vector<double> centers;
  std::vector<double> mean_ln_g;                  // mean over runs (NaN unless every run is finite)
  EntropyDerivatives estimate;                    // derivatives of the mean of all runs
  EntropyDerivatives sigma;                       // jackknife standard errors (NaN when R < 2)
  std::vector<EntropyDerivatives> leave_one_out;  // R replicates (empty when R < 2)
  std::size_t runs = 0;
};

// Throws std::invalid_argument if ln_g.size() is not a multiple of the number of bins.
JackknifeDerivatives jackknife_derivatives(const RunsView& runs, const LocalFitSpec& spec);

// sqrt((R-1)/R sum (theta_r - mean)^2); NaN if R < 2 or any replicate is not finite.
double jackknife_sigma(std::span<const double> replicates);

// ---- 3. features ----------------------------------------------------------------------------

enum class Branch { trained, other };  // trained: L < L* (beta > 0); other: L > L*
std::string_view to_string(Branch b);

enum class BarrierVerdict { barrier, no_barrier, undecided };
std::string_view to_string(BarrierVerdict v);  // "barrier", "no barrier", "undecided"

struct MaximumOfS {
  bool found = false;                  // S has its largest value inside the curve
  std::size_t bin = 0;                 // bin of the largest smoothed S
  double L = __builtin_nan("");        // L*; +inf / -inf when S has no interior maximum
  double L_sigma = __builtin_nan("");  // jackknife (sign change nearest the estimate's)
  double S = __builtin_nan(""), S_sigma = __builtin_nan("");
};

struct Peak {
  Branch branch = Branch::trained;  // the maximum at L* itself is reported as trained
  std::size_t bin = 0;
  double L = 0, L_sigma = __builtin_nan("");  // refined position (see "Position" above)
  double S = 0, S_sigma = __builtin_nan("");
  double prominence = 0, prominence_sigma = __builtin_nan("");
  bool significant = false;  // prominence > z sigma
};

struct ConvexInterval {
  Branch branch = Branch::trained;
  std::size_t first_bin = 0, last_bin = 0;  // gamma > 0 on first..last
  double L_lo = 0, L_hi = 0;  // gamma = 0, linearly interpolated (bin centre at a gap)
  std::size_t gamma_max_bin = 0;
  double gamma_max = 0, gamma_max_sigma = __builtin_nan("");
  bool significant = false;  // gamma_max - z sigma > 0
};

struct GammaMax {
  Branch branch = Branch::trained;
  bool found = false;  // false when the branch has no finite gamma
  std::size_t bin = 0;
  double L = __builtin_nan(""), value = __builtin_nan(""), sigma = __builtin_nan("");
  double z = 3;
  BarrierVerdict verdict = BarrierVerdict::undecided;
};

BarrierVerdict barrier_verdict(double gamma_max, double sigma, double z);

MaximumOfS find_maximum(const JackknifeDerivatives& d);
bool in_branch(double L, const MaximumOfS& max, Branch b);
// span: extrema must be extrema over +-span bins (analyze_microcanonical: the fit window w).
std::vector<Peak> find_peaks(const JackknifeDerivatives& d, const MaximumOfS& max, double z,
                             int span);
std::vector<ConvexInterval> find_convex_intervals(const JackknifeDerivatives& d,
                                                  const MaximumOfS& max, double z);
GammaMax find_gamma_max(const JackknifeDerivatives& d, const MaximumOfS& max, Branch b, double z);

// ---- 4. inflection-point analysis -------------------------------------------------------------

enum class TransitionType { independent, dependent };
std::string_view to_string(TransitionType t);

struct Transition {
  int order = 0;  // 1..4; also the order n of the derivative d^nS/dL^n with the extremum
  TransitionType type = TransitionType::independent;
  Branch branch = Branch::trained;
  bool minimum = true;  // minimum or maximum of d^nS/dE^n in the branch's own variable E
  std::size_t bin = 0;
  double L = 0, L_sigma = __builtin_nan("");    // refined position (see "Position" above)
  double value = 0, sigma = __builtin_nan("");  // d^nS/dL^n at the bin (in L, as stored)
  double prominence = 0, prominence_sigma = __builtin_nan("");
  bool significant = false;
  long partner = -1;  // dependent: index (in the same list) of the nearest independent
                      // transition of lower order on the same branch; -1 if none
  int sign() const { return value > 0 ? 1 : (value < 0 ? -1 : 0); }
};

// All candidates on both branches, ordered by branch (trained first), then bin, then order.
std::vector<Transition> find_transitions(const JackknifeDerivatives& d, const MaximumOfS& max,
                                         double z, int span);

// ---- the whole analysis of one curve --------------------------------------------------------

struct AnalysisSpec {
  LocalFitSpec fit;
  double z = 3.0;  // significance in jackknife sigmas, > 0
};

struct MicrocanonicalAnalysis {
  AnalysisSpec spec;
  JackknifeDerivatives derivatives;
  MaximumOfS maximum;
  std::vector<Peak> peaks;
  std::vector<ConvexInterval> convex;  // both branches, increasing L
  GammaMax gamma_max_trained, gamma_max_other;
  std::vector<Transition> transitions;
};

MicrocanonicalAnalysis analyze_microcanonical(const RunsView& runs, const AnalysisSpec& spec);

// ---- 5. robustness ---------------------------------------------------------------------------

enum class Variant { half_bin_width, double_bin_width, half_window, double_window };
inline constexpr std::array<Variant, 4> all_variants = {
    Variant::half_bin_width, Variant::double_bin_width, Variant::half_window,
    Variant::double_window};
std::string_view to_string(Variant v);

struct RobustnessInput {
  RunsView reference;
  RunsView half_bin_width;    // the same runs binned twice as finely
  RunsView double_bin_width;  // ... twice as coarsely
};

struct RobustnessSpec {
  AnalysisSpec analysis;              // the reference
  int tolerance_bins = 2;             // in reference bins
  bool keep_window_span_in_L = true;  // bin-width variants: h scaled so the span in L stays
};

struct RobustTransition {
  Transition transition;        // from the reference
  std::array<long, 4> match{};  // per Variant: index into that variant's transitions, or -1
  bool robust = false;
};

struct RobustnessReport {
  MicrocanonicalAnalysis reference;
  std::array<MicrocanonicalAnalysis, 4> variants;  // indexed by Variant
  std::vector<RobustTransition> transitions;       // every significant reference transition
  // barrier / no barrier only where the reference and all four variants agree; else undecided
  BarrierVerdict trained_barrier = BarrierVerdict::undecided;
  BarrierVerdict other_barrier = BarrierVerdict::undecided;
};

// The window of each variant (reference fit + the rule above).
LocalFitSpec variant_fit(const LocalFitSpec& reference, Variant v, bool keep_window_span_in_L);

// Matching alone: significant reference transitions against the variants' lists.
std::vector<RobustTransition> match_transitions(
    std::span<const double> reference_centers, std::span<const Transition> reference,
    const std::array<std::span<const Transition>, 4>& variants, int tolerance_bins);

RobustnessReport robustness_check(const RobustnessInput& input, const RobustnessSpec& spec);

}  // namespace xorscape::dos
