#pragma once
// Toy energies whose density of states is known in closed form, and the helpers that run every
// density-of-states method on them. Shared by the unit tests (tests/unit/test_dos*.cpp) and the
// full-scale accuracy run (tests/validation/dos_toys.cpp), so both compare against the same
// formulas.
//
//   SumOfSquares  E = sum_k x_k^2. Box measure [-1, 1]^d: for E <= 1 the set {E <= u} is the
//                 ball of radius sqrt(u); for 1 < u <= 2 the ball pokes out through the 2d faces
//                 as disjoint caps (two caps would need x_j^2 + x_k^2 > 2 >= u), so the volume is
//                 exact up to E = 2. Gaussian measure N(0, 1)^d: E is chi-squared with d degrees
//                 of freedom, exact everywhere.
//   Coordinate    E = x_j + B_j: a flat density of states, 2 B_k per unit E times the other sides.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "xorscape/dos/binning.hpp"
#include "xorscape/dos/dos_spec.hpp"
#include "xorscape/dos/dos_tasks.hpp"
#include "xorscape/dos/simple_sampling.hpp"
#include "xorscape/dos/wang_landau.hpp"
#include "xorscape/exec/random_stream.hpp"

namespace xorscape::dos_toys {

class SumOfSquares {
 public:
  explicit SumOfSquares(std::vector<double> x) : x_(std::move(x)), trial_(x_) { e_ = sum(x_); }
  int dim() const { return static_cast<int>(x_.size()); }
  double value() const { return e_; }
  std::span<const double> position() const { return x_; }
  // Incremental (O(1) per proposal), so d = 73 walks as fast as d = 9.
  double propose_one(int k, double v) {
    k_ = k;
    v_ = v;
    all_ = false;
    return e_new_ = e_ + (v * v - x_[k] * x_[k]);
  }
  double propose_all(std::span<const double> v) {
    trial_.assign(v.begin(), v.end());
    all_ = true;
    return e_new_ = sum(trial_);
  }
  void accept() {
    if (all_)
      x_.swap(trial_);
    else
      x_[k_] = v_;
    e_ = e_new_;
    // Rounding of the incremental sum would drift over 1e9 moves: resynchronize now and then.
    if (++accepted_ % 4096 == 0) e_ = sum(x_);
  }

 private:
  static double sum(std::span<const double> v) {
    double s = 0.0;
    for (double x : v) s += x * x;
    return s;
  }
  std::vector<double> x_, trial_;
  double e_ = 0.0, e_new_ = 0.0, v_ = 0.0;
  int k_ = 0;
  bool all_ = false;
  std::uint64_t accepted_ = 0;
};

class Coordinate {
 public:
  Coordinate(std::vector<double> x, int j, double offset)
      : x_(std::move(x)), trial_(x_), j_(j), offset_(offset) {}
  int dim() const { return static_cast<int>(x_.size()); }
  double value() const { return x_[j_] + offset_; }
  std::span<const double> position() const { return x_; }
  double propose_one(int k, double v) {
    trial_ = x_;
    trial_[k] = v;
    return trial_[j_] + offset_;
  }
  double propose_all(std::span<const double> v) {
    trial_.assign(v.begin(), v.end());
    return trial_[j_] + offset_;
  }
  void accept() { x_ = trial_; }

 private:
  std::vector<double> x_, trial_;
  int j_;
  double offset_;
};

// ---- closed forms ----------------------------------------------------------------------------

// Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_n; exact for degree 2n - 1).
inline std::pair<std::vector<double>, std::vector<double>> gauss_legendre(int n) {
  std::vector<double> x(n), w(n);
  for (int i = 0; i < n; ++i) {
    double z = std::cos(std::numbers::pi * (i + 0.75) / (n + 0.5)), dp = 0.0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1.0, p1 = z;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2.0 * k - 1.0) * z * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = n * (z * p1 - p0) / (z * z - 1.0);
      const double dz = p1 / dp;
      z -= dz;
      if (std::fabs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
  }
  return {x, w};
}

// integral of f over [a, b], split into `pieces` panels of 40-point Gauss-Legendre: the
// integrands below are analytic on the panels, so this is exact to rounding.
template <class F>
double integrate(F f, double a, double b, int pieces = 8) {
  static const auto gl = gauss_legendre(40);
  double s = 0.0;
  const double h = (b - a) / pieces;
  for (int p = 0; p < pieces; ++p) {
    const double mid = a + (p + 0.5) * h;
    for (std::size_t i = 0; i < gl.first.size(); ++i)
      s += gl.second[i] * f(mid + 0.5 * h * gl.first[i]);
  }
  return 0.5 * h * s;
}

inline double ln_ball_volume(int d) {
  return 0.5 * d * std::log(std::numbers::pi) - std::lgamma(0.5 * d + 1.0);
}

// ln Vol{x in [-1, 1]^d : |x|^2 <= u} for 0 < u <= 2 (see the top of this file). The caps,
// relative to the ball, are (V_{d-1}/V_d) * integral_0^acos(1/sqrt u) sin^d(t) dt (slices at
// x_1 = sqrt(u) cos t), an analytic integrand.
inline double ln_box_ball_volume(int d, double u) {
  if (!(u > 0.0) || u > 2.0) throw std::invalid_argument("ln_box_ball_volume: u outside (0, 2]");
  const double ln_ball = ln_ball_volume(d) + 0.5 * d * std::log(u);
  if (u <= 1.0) return ln_ball;
  const double theta = std::acos(1.0 / std::sqrt(u));
  const double caps = 2.0 * d * std::exp(ln_ball_volume(d - 1) - ln_ball_volume(d)) *
                      integrate([d](double t) { return std::pow(std::sin(t), d); }, 0.0, theta);
  return ln_ball + std::log1p(-caps);
}

// ln P(chi^2_d < u): the series gamma(a, x) / Gamma(a) = e^-x x^a sum_n x^n / Gamma(a + n + 1)
// has only positive terms, so it keeps full relative precision in the low tail.
inline double ln_chi2_cdf(int d, double u) {
  if (!(u > 0.0)) return -std::numeric_limits<double>::infinity();
  const double a = 0.5 * d, x = 0.5 * u;
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 100000 && term > 1e-17 * sum; ++n) {
    term *= x / (a + n);
    sum += term;
  }
  return -x + a * std::log(x) - std::lgamma(a) + std::log(sum);
}

// ln G_i = ln(F(e_{i+1}) - F(e_i)) from ln F at the edges, without cancellation for the steep
// low-E bins.
template <class LnCdf>
std::vector<double> ln_bin_masses(std::span<const double> edges, LnCdf ln_cdf) {
  std::vector<double> out;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const double hi = ln_cdf(edges[i + 1]), lo = ln_cdf(edges[i]);
    out.push_back(hi + std::log1p(-std::exp(lo - hi)));
  }
  return out;
}

// Box [-1, 1]^d, E = sum x^2, edges within (0, 2]. Units: volume (the box's mass is 2^d).
inline std::vector<double> exact_sum_of_squares_box(int d, std::span<const double> edges) {
  return ln_bin_masses(edges, [d](double u) {
    return u > 0.0 ? ln_box_ball_volume(d, u) : -std::numeric_limits<double>::infinity();
  });
}

// Gaussian N(0, 1)^d, E = sum x^2. Units: probability (the measure's mass is 1).
inline std::vector<double> exact_sum_of_squares_gaussian(int d, std::span<const double> edges) {
  return ln_bin_masses(edges, [d](double u) { return ln_chi2_cdf(d, u); });
}

// Box with half widths B, E = x_j + B_j, edges within [0, 2 B_j].
inline std::vector<double> exact_coordinate(std::span<const double> half_width, int j,
                                            std::span<const double> edges) {
  double ln_rest = 0.0;
  for (std::size_t k = 0; k < half_width.size(); ++k)
    if (static_cast<int>(k) != j) ln_rest += std::log(2.0 * half_width[k]);
  std::vector<double> out;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i)
    out.push_back(std::log(edges[i + 1] - edges[i]) + ln_rest);
  return out;
}

// n bins uniform in ln E on [lo, hi].
inline std::vector<double> log_edges(double lo, double hi, int n) {
  std::vector<double> e(n + 1);
  for (int i = 0; i <= n; ++i) e[i] = lo * std::pow(hi / lo, static_cast<double>(i) / n);
  e[n] = hi;
  return e;
}

// ---- the methods on a toy --------------------------------------------------------------------

// Simple sampling of a toy: the same draws from the measure as dos::sample_losses (sample by
// sample, parameter by parameter, same transforms), the energy in place of the network's loss.
template <class Energy>
dos::SampleCounts sample_toy(Energy& energy, const dos::Measure& m, std::span<const double> edges,
                             std::uint64_t n, exec::RandomStream& rng) {
  dos::SampleCounts out;
  out.counts.assign(edges.size() - 1, 0);
  std::vector<double> x(energy.dim());
  for (std::uint64_t s = 0; s < n; ++s) {
    for (int k = 0; k < energy.dim(); ++k)
      x[k] = m.kind == dos::MeasureKind::box ? m.half_width[k] * (2.0 * rng.uniform() - 1.0)
                                             : m.sigma * rng.normal();
    const double E = energy.propose_all(x);
    out.min_loss = std::min(out.min_loss, E);
    out.max_loss = std::max(out.max_loss, E);
    const int b = dos::bin_of(edges, E);
    if (b >= 0)
      ++out.counts[b];
    else if (E < edges.front())
      ++out.below;
    else
      ++out.above;
  }
  return out;
}

// A toy and where its walkers start (inside the window).
struct Toy {
  enum class Kind { sum_of_squares, coordinate } kind = Kind::sum_of_squares;
  int d = 9;
  dos::Measure measure;
  std::vector<double> edges;
  std::vector<double> exact;  // ln G_i, absolute (in the measure's units)
  int coordinate = 0;         // Coordinate: which one
  double start_energy() const { return std::sqrt(edges.front() * edges.back()); }
};

inline Toy box_sum_of_squares(int d, std::vector<double> edges) {
  Toy t;
  t.d = d;
  t.measure = {dos::MeasureKind::box, std::vector<double>(d, 1.0), 1.0};
  t.exact = exact_sum_of_squares_box(d, edges);
  t.edges = std::move(edges);
  return t;
}

inline Toy gaussian_sum_of_squares(int d, std::vector<double> edges) {
  Toy t;
  t.d = d;
  t.measure = {dos::MeasureKind::gaussian, {}, 1.0};
  t.exact = exact_sum_of_squares_gaussian(d, edges);
  t.edges = std::move(edges);
  return t;
}

inline Toy flat(std::vector<double> half_width, int j, std::vector<double> edges) {
  Toy t;
  t.kind = Toy::Kind::coordinate;
  t.d = static_cast<int>(half_width.size());
  t.coordinate = j;
  t.exact = exact_coordinate(half_width, j, edges);
  t.measure = {dos::MeasureKind::box, std::move(half_width), 1.0};
  t.edges = std::move(edges);
  return t;
}

// Calls f(energy) with the toy's energy at its start position.
template <class F>
auto with_energy(const Toy& t, F f) {
  const double E0 = t.start_energy();
  if (t.kind == Toy::Kind::sum_of_squares) {
    SumOfSquares e(std::vector<double>(t.d, std::sqrt(E0 / t.d)));
    return f(e);
  }
  std::vector<double> x(t.d, 0.0);
  x[t.coordinate] = E0 - t.measure.half_width[t.coordinate];
  Coordinate e(x, t.coordinate, t.measure.half_width[t.coordinate]);
  return f(e);
}

// One independent run of a method on a toy: ln G per bin, normalized as the code does it.
// Streams keyed by (seed, run) as in run_dos_task.
struct ToyRun {
  std::vector<double> ln_g;
  dos::WalkerResult walker;
  std::uint64_t proposals = 0;  // walker: all stages; simple: samples
};

inline ToyRun run_toy(const Toy& t, dos::Method method, const dos::WangLandauSettings& wl,
                      std::uint64_t samples, std::uint64_t seed, std::uint64_t run) {
  exec::RandomStream rng(seed, run, exec::Purpose::proposal);
  ToyRun out;
  if (method == dos::Method::simple) {
    const auto c =
        with_energy(t, [&](auto& e) { return sample_toy(e, t.measure, t.edges, samples, rng); });
    out.ln_g = dos::ln_g_of_counts(c, t.measure.log_mass());
    out.proposals = samples;
    return out;
  }
  dos::WangLandauSettings s = wl;
  if (method == dos::Method::wang_landau) s.production_steps = 0;
  out.walker = with_energy(t, [&](auto& e) {
    dos::WangLandauWalker walker(e, t.measure, t.edges, s, rng);
    return walker.run(nullptr);
  });
  out.ln_g = out.walker.ln_g;
  const auto& w = out.walker;
  out.proposals =
      w.tune.proposals + w.flat.proposals + w.one_over_t.proposals + w.production.proposals;
  return out;
}

// The exact ln G normalized the way a method normalizes its estimate: simple sampling is absolute
// (counts over all N samples); a walker only knows the window, so its ln G is scaled to put the
// measure's whole mass in the window: apply the same scaling to the exact values.
inline std::vector<double> exact_as_estimated(const Toy& t, dos::Method method) {
  std::vector<double> e = t.exact;
  if (method != dos::Method::simple) dos::normalize_ln_g(e, t.measure.log_mass());
  return e;
}

// rms over bins of ln G - exact (NaN bins count as infinitely wrong).
inline double rms_error(std::span<const double> ln_g, std::span<const double> exact) {
  double ss = 0.0;
  for (std::size_t i = 0; i < exact.size(); ++i) ss += std::pow(ln_g[i] - exact[i], 2);
  return std::sqrt(ss / static_cast<double>(exact.size()));
}

// P(|T| < 1) for Student's t with nu degrees of freedom: I_{nu/(nu+1)}(nu/2, 1/2), integrated
// from the density (the expected fraction of bins within one standard error of R = nu + 1 runs).
inline double student_t_within_one(int nu) {
  const double c = std::exp(std::lgamma(0.5 * (nu + 1)) - std::lgamma(0.5 * nu)) /
                   std::sqrt(nu * std::numbers::pi);
  return 2.0 * c *
         integrate([nu](double t) { return std::pow(1.0 + t * t / nu, -0.5 * (nu + 1)); }, 0.0,
                   1.0);
}

// Fraction of bins with |mean - exact| < stderr over R runs (combine_runs).
inline double coverage(const dos::RunStatistics& st, std::span<const double> exact) {
  int in = 0;
  for (std::size_t i = 0; i < exact.size(); ++i)
    in += std::fabs(st.mean[i] - exact[i]) < st.stderr_mean[i] ? 1 : 0;
  return static_cast<double>(in) / static_cast<double>(exact.size());
}

}  // namespace xorscape::dos_toys
