#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "xorscape/dos/microcanonical.hpp"

// Each test checks against an independent calculation: closed-form derivatives, the variance of
// least-squares coefficients from (V^T V)^-1 inverted here by Gauss-Jordan, roots of closed-form
// gamma found here by bisection.

namespace {
using namespace xorscape::dos;

std::vector<double> uniform_grid(double lo, double step, int n) {
  std::vector<double> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = lo + step * i;
  return x;
}

std::vector<double> log_grid(double lo, double hi, int n) {
  std::vector<double> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    x[static_cast<std::size_t>(i)] = lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1));
  return x;
}

// Standard normal variates by Box-Muller from std::mt19937_64, whose output the standard fixes
// (std::normal_distribution is implementation-defined): the same numbers on every platform.
struct Normal {
  std::mt19937_64 rng;
  explicit Normal(unsigned seed) : rng(seed) {}
  double operator()() {
    const double u1 = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
};

// R noisy copies of S(x), run-major, as `dos` stores ln G.
std::vector<double> noisy_runs(const std::vector<double>& x, const std::function<double(double)>& S,
                               int R, double noise, unsigned seed) {
  Normal normal(seed);
  std::vector<double> out;
  for (int r = 0; r < R; ++r)
    for (double L : x) out.push_back(S(L) + noise * normal());
  return out;
}

std::size_t nearest_bin(const std::vector<double>& x, double L) {
  std::size_t best = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::abs(x[i] - L) < std::abs(x[best] - L)) best = i;
  return best;
}

double bisect(const std::function<double(double)>& f, double a, double b) {
  double fa = f(a);
  for (int it = 0; it < 200; ++it) {
    const double m = 0.5 * (a + b), fm = f(m);
    if ((fm > 0) == (fa > 0))
      a = m, fa = fm;
    else
      b = m;
  }
  return 0.5 * (a + b);
}

// ---- 1. derivatives ---------------------------------------------------------------------------

struct Poly {  // c0 + c1 L + ... + c4 L^4 and its derivatives
  double c[5];
  double d(int n, double L) const {
    double s = 0.0;
    for (int k = n; k <= 4; ++k) {
      double f = 1.0;
      for (int j = 0; j < n; ++j) f *= k - j;
      s += c[k] * f * std::pow(L, k - n);
    }
    return s;
  }
};

// Exact up to rounding: the rounding of S (eps |S|) is amplified by the n-th derivative's
// coefficients, ~ n! / (half-span of the window)^n; allowed: 45 eps times that, plus `rel`.
void expect_exact(const std::vector<double>& x, const Poly& p, const LocalFitSpec& spec,
                  int top_order, double rel) {
  std::vector<double> S;
  for (double L : x) S.push_back(p.d(0, L));
  const auto d = local_polynomial_derivatives(x, S, spec);
  const std::size_t h = static_cast<std::size_t>(spec.half_width());
  double S_max = 0.0;
  for (double v : S) S_max = std::max(S_max, std::abs(v));
  for (int n = 0; n <= top_order; ++n) {
    double scale = 0.0;
    for (double L : x) scale = std::max(scale, std::abs(p.d(n, L)));
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (i < h || i + h >= x.size()) {
        EXPECT_TRUE(std::isnan(d.order(n)[i])) << "order " << n << " bin " << i;
        continue;
      }
      const double half_span = 0.5 * (x[i + h] - x[i - h]);
      double amplification = 1.0;
      for (int k = 1; k <= n; ++k) amplification *= k / half_span;
      const double tol = rel * std::max(scale, 1.0) + 1e-14 * S_max * amplification;
      EXPECT_NEAR(d.order(n)[i], p.d(n, x[i]), tol)
          << "order " << n << " bin " << i << " L " << x[i];
    }
  }
}

TEST(LocalPolynomial, CubicIsExactOnUniformBins) {
  const Poly p{{1.3, -0.7, 2.1, -0.9, 0.0}};
  expect_exact(uniform_grid(0.0, 0.025, 41), p, {3, 9, FitWeight::uniform}, 3, 1e-12);
  expect_exact(uniform_grid(0.0, 0.025, 41), p, {3, 5, FitWeight::uniform}, 3, 1e-12);
  expect_exact(uniform_grid(0.0, 0.025, 41), p, {3, 9, FitWeight::tricube}, 3, 1e-12);
  // Large constant offsets (ln G is often ~ -100).
  expect_exact(uniform_grid(0.0, 0.025, 41), Poly{{-350.0, -0.7, 2.1, -0.9, 0.0}},
               {3, 9, FitWeight::uniform}, 3, 1e-12);
}

TEST(LocalPolynomial, QuarticIsExactOnLogSpacedBinsIncludingEpsilon) {
  const Poly p{{0.4, 1.1, -2.0, 0.8, 0.6}};
  expect_exact(log_grid(0.01, 1.0, 60), p, {4, 9, FitWeight::uniform}, 4, 1e-12);
  expect_exact(log_grid(0.01, 1.0, 60), p, {4, 11, FitWeight::tricube}, 4, 1e-12);
  const Poly cubic{{0.4, 1.1, -2.0, 0.8, 0.0}};
  expect_exact(log_grid(0.01, 1.0, 60), cubic, {3, 9, FitWeight::uniform}, 3, 1e-12);
  // ln G is often ~ -100 or less: exact up to the rounding of the inputs themselves.
  expect_exact(log_grid(0.01, 1.0, 60), Poly{{-350.0, 1.1, -2.0, 0.8, 0.6}},
               {4, 9, FitWeight::uniform}, 4, 1e-12);
  // A bin-width ratio of 10 across the grid, as where ln-bins meet uniform bins.
  std::vector<double> mixed = log_grid(0.001, 0.1, 40);
  for (int i = 1; i <= 30; ++i) mixed.push_back(0.1 + 0.03 * i);
  expect_exact(mixed, cubic, {3, 9, FitWeight::uniform}, 3, 1e-12);
}

// Weighted least squares at one bin through the normal equations (Gauss-Jordan): an independent
// route to what the library computes by Householder QR.
std::vector<double> weighted_fit_at(const std::vector<double>& x, const std::vector<double>& y,
                                    std::size_t i, int h, int p, bool tricube) {
  const int m = p + 1;
  double D = 0.0;
  for (int j = -h; j <= h; ++j) D = std::max(D, std::abs(x[i + j] - x[i]));
  D *= (h + 1.0) / h;
  std::vector<std::vector<double>> M(m, std::vector<double>(m + 1, 0.0));
  for (int j = -h; j <= h; ++j) {
    const double t = x[i + j] - x[i], d = std::abs(t) / D;
    const double w = tricube ? std::pow(1 - d * d * d, 3) : 1.0;
    for (int a = 0; a < m; ++a) {
      for (int b = 0; b < m; ++b) M[a][b] += w * std::pow(t, a + b);
      M[a][m] += w * std::pow(t, a) * y[i + j];
    }
  }
  for (int c = 0; c < m; ++c) {
    int piv = c;
    for (int r = c + 1; r < m; ++r)
      if (std::abs(M[r][c]) > std::abs(M[piv][c])) piv = r;
    std::swap(M[c], M[piv]);
    for (int r = 0; r < m; ++r) {
      if (r == c) continue;
      const double f = M[r][c] / M[c][c];
      for (int k = c; k <= m; ++k) M[r][k] -= f * M[c][k];
    }
  }
  std::vector<double> deriv;  // n! c_n
  double fact = 1.0;
  for (int n = 0; n < m; ++n) {
    if (n > 0) fact *= n;
    deriv.push_back(fact * M[n][m] / M[n][n]);
  }
  return deriv;
}

TEST(LocalPolynomial, SmoothingMatchesWeightedLeastSquaresOnNonUniformBins) {
  auto x = log_grid(0.02, 0.9, 50);
  std::vector<double> y;
  for (double L : x) y.push_back(std::sin(7 * L) + L * L * L * L * L);
  for (bool tricube : {false, true}) {
    const auto d = local_polynomial_derivatives(
        x, y, {3, 11, tricube ? FitWeight::tricube : FitWeight::uniform});
    for (std::size_t i : {5u, 20u, 40u}) {
      const auto ref = weighted_fit_at(x, y, i, 5, 3, tricube);
      for (int n = 0; n <= 3; ++n)
        EXPECT_NEAR(d.order(n)[i], ref[n], 1e-7 * (1 + std::abs(ref[n]))) << i << " " << n;
    }
  }
  // The two weightings differ on a function that is not a cubic.
  const auto u = local_polynomial_derivatives(x, y, {3, 11, FitWeight::uniform});
  const auto t = local_polynomial_derivatives(x, y, {3, 11, FitWeight::tricube});
  EXPECT_GT(std::abs(u.gamma[20] - t.gamma[20]), 1e-6);
}

TEST(LocalPolynomial, EpsilonIsNanBelowDegreeFourAndGapsPoisonTheirWindows) {
  const auto x = uniform_grid(0.0, 0.02, 50);
  std::vector<double> S;
  for (double L : x) S.push_back(std::sin(3 * L));
  S[25] = std::numeric_limits<double>::quiet_NaN();
  const auto d = local_polynomial_derivatives(x, S, {3, 9, FitWeight::uniform});
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_TRUE(std::isnan(d.epsilon[i]));
    const bool poisoned = i >= 21 && i <= 29;
    const bool edge = i < 4 || i >= 46;
    EXPECT_EQ(std::isnan(d.gamma[i]), poisoned || edge) << i;
  }
}

TEST(LocalPolynomial, BadSpecsAreRejected) {
  const auto x = uniform_grid(0.0, 0.1, 20);
  const std::vector<double> S(20, 1.0);
  EXPECT_THROW(local_polynomial_derivatives(x, S, {3, 8, FitWeight::uniform}),
               std::invalid_argument);
  EXPECT_THROW(local_polynomial_derivatives(x, S, {4, 3, FitWeight::uniform}),
               std::invalid_argument);
  EXPECT_THROW(local_polynomial_derivatives(x, S, {0, 9, FitWeight::uniform}),
               std::invalid_argument);
}

// S = ln g with g = L^2.5 (1 - L)^1.5: derivatives in closed form.
double smooth_d(int n, double L) {
  const double a = 2.5, b = 1.5, u = 1 - L;
  switch (n) {
    case 0:
      return a * std::log(L) + b * std::log(u);
    case 1:
      return a / L - b / u;
    case 2:
      return -a / (L * L) - b / (u * u);
    default:
      return 2 * a / (L * L * L) - 2 * b / (u * u * u);
  }
}

// Error of derivative n at L = 0.3 for a grid containing 0.3.
double error_at(const std::vector<double>& x, int n, const LocalFitSpec& spec) {
  std::vector<double> S;
  for (double L : x) S.push_back(smooth_d(0, L));
  const auto d = local_polynomial_derivatives(x, S, spec);
  const std::size_t i = nearest_bin(x, 0.3);
  return std::abs(d.order(n)[i] - smooth_d(n, x[i]));
}

TEST(LocalPolynomial, SmoothFunctionConvergesOnUniformBins) {
  // Expected orders (p = 3, symmetric window): S, beta O(dx^4); gamma, delta O(dx^2).
  const LocalFitSpec spec{3, 9, FitWeight::uniform};
  const double expected_ratio[4] = {16, 16, 4, 4};
  for (int n = 0; n <= 3; ++n) {
    std::vector<double> e;
    for (double dx : {0.01, 0.005, 0.0025}) {
      const int bins = static_cast<int>(std::lround(0.9 / dx)) + 1;
      e.push_back(error_at(uniform_grid(0.05, dx, bins), n, spec));
    }
    EXPECT_GT(e[0] / e[1], 0.7 * expected_ratio[n]) << "order " << n;
    EXPECT_GT(e[1] / e[2], 0.7 * expected_ratio[n]) << "order " << n;
    EXPECT_LT(e[2], 1e-2 * std::abs(smooth_d(n, 0.3)) + 1e-9) << "order " << n;
  }
}

TEST(LocalPolynomial, SmoothFunctionConvergesOnLogSpacedBins) {
  // The windows are asymmetric in L, but on a geometric grid the asymmetry is itself O(q), so the
  // orders stay those of the uniform grid (measured: 16, 16, 4, 4).
  const LocalFitSpec spec{3, 9, FitWeight::uniform};
  const double expected_ratio[4] = {16, 16, 4, 4};
  for (int n = 0; n <= 3; ++n) {
    std::vector<double> e;
    for (double q : {0.02, 0.01, 0.005}) {  // ln-spacing
      std::vector<double> x;
      const int K = static_cast<int>(std::lround(1.0 / q));
      for (int k = -K; k <= K / 2; ++k) x.push_back(0.3 * std::exp(k * q));
      e.push_back(error_at(x, n, spec));
    }
    EXPECT_GT(e[0] / e[1], 0.7 * expected_ratio[n]) << "order " << n;
    EXPECT_GT(e[1] / e[2], 0.7 * expected_ratio[n]) << "order " << n;
    EXPECT_LT(e[2], 2e-2 * std::abs(smooth_d(n, 0.3))) << "order " << n;
  }
}

// ---- 2. jackknife ---------------------------------------------------------------------------

// sqrt of the diagonal of (V^T V)^-1, V_jk = j^k, j = -h..h: the standard deviation of the
// least-squares coefficient c_k per unit noise; derivative n = n! c_n / dx^n.
std::vector<double> coefficient_sd(int h, int p) {
  const int m = p + 1;
  std::vector<std::vector<double>> M(static_cast<std::size_t>(m), std::vector<double>(2 * m, 0.0));
  for (int a = 0; a < m; ++a) {
    for (int b = 0; b < m; ++b)
      for (int j = -h; j <= h; ++j) M[a][b] += std::pow(j, a) * std::pow(j, b);
    M[a][m + a] = 1.0;
  }
  for (int c = 0; c < m; ++c) {  // Gauss-Jordan with partial pivoting
    int piv = c;
    for (int r = c + 1; r < m; ++r)
      if (std::abs(M[r][c]) > std::abs(M[piv][c])) piv = r;
    std::swap(M[c], M[piv]);
    const double d = M[c][c];
    for (auto& e : M[c]) e /= d;
    for (int r = 0; r < m; ++r) {
      if (r == c) continue;
      const double f = M[r][c];
      for (int k = 0; k < 2 * m; ++k) M[r][k] -= f * M[c][k];
    }
  }
  std::vector<double> sd;
  for (int k = 0; k < m; ++k) sd.push_back(std::sqrt(M[k][m + k]));
  return sd;
}

TEST(Jackknife, SigmaMatchesPropagatedNoiseAndErrorsAreHonest) {
  const double dx = 0.005, noise = 0.05;
  const int R = 40, n = 181, h = 4;
  const auto x = uniform_grid(0.05, dx, n);
  const auto S = [](double L) { return -20 * (L - 0.5) * (L - 0.5) + 3 * L * L * L; };
  const auto data = noisy_runs(x, S, R, noise, 12345);
  const auto d = jackknife_derivatives({x, data}, {3, 2 * h + 1, FitWeight::uniform});
  ASSERT_EQ(d.runs, static_cast<std::size_t>(R));
  ASSERT_EQ(d.leave_one_out.size(), static_cast<std::size_t>(R));
  const auto sd = coefficient_sd(h, 3);
  for (int order = 0; order <= 3; ++order) {
    double fact = 1.0;
    for (int k = 2; k <= order; ++k) fact *= k;
    const double propagated = noise / std::sqrt(R) * fact / std::pow(dx, order) * sd[order];
    double ss = 0.0;
    int count = 0, within = 0, honest = 0;
    for (int i = h; i < n - h; ++i) {
      const double s = d.sigma.order(order)[i];
      ss += s * s;
      ++count;
      within += std::abs(s / propagated - 1.0) < 0.5;
      // S is a cubic: the fit has no bias, the estimate's error is pure noise.
      const double L = x[i];
      const double exact = order == 0   ? S(L)
                           : order == 1 ? -40 * (L - 0.5) + 9 * L * L
                           : order == 2 ? -40 + 18 * L
                                        : 18.0;
      honest += std::abs(d.estimate.order(order)[i] - exact) < s;
    }
    const double rms = std::sqrt(ss / count);
    EXPECT_NEAR(rms / propagated, 1.0, 0.2) << "order " << order;
    EXPECT_GT(within, 0.9 * count) << "order " << order;
    // About 68 % of the bins within 1 sigma; bins within a window are correlated, so only ~20
    // of the 173 are independent (sd of the fraction ~ 0.1): a wide band.
    EXPECT_GT(honest, 0.4 * count) << "order " << order;
    EXPECT_LT(honest, 0.92 * count) << "order " << order;
  }
  // The estimate is the fit to the mean over runs.
  std::vector<double> mean(n, 0.0);
  for (int r = 0; r < R; ++r)
    for (int i = 0; i < n; ++i) mean[i] += data[static_cast<std::size_t>(r * n + i)] / R;
  const auto direct = local_polynomial_derivatives(x, mean, {3, 9, FitWeight::uniform});
  for (int i = h; i < n - h; ++i) EXPECT_NEAR(d.estimate.gamma[i], direct.gamma[i], 1e-6);
}

TEST(Features, BarrierVerdictIsAThreeSigmaStatement) {
  EXPECT_EQ(barrier_verdict(2.0, 0.5, 3.0), BarrierVerdict::barrier);
  EXPECT_EQ(barrier_verdict(1.4, 0.5, 3.0), BarrierVerdict::undecided);
  EXPECT_EQ(barrier_verdict(-1.4, 0.5, 3.0), BarrierVerdict::undecided);
  EXPECT_EQ(barrier_verdict(-2.0, 0.5, 3.0), BarrierVerdict::no_barrier);
  EXPECT_EQ(barrier_verdict(2.0, std::nan(""), 3.0), BarrierVerdict::undecided);
  EXPECT_EQ(to_string(BarrierVerdict::undecided), "undecided");
}

TEST(Jackknife, FormulaAndMissingBins) {
  // Replicates 1, 2, 3, 4: sqrt(3/4 * 5) = sqrt(3.75).
  const std::vector<double> rep{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(jackknife_sigma(rep), std::sqrt(3.75));
  EXPECT_TRUE(std::isnan(jackknife_sigma(std::vector<double>{1.0})));
  const auto x = uniform_grid(0.0, 0.01, 40);
  auto data = noisy_runs(
      x, [](double L) { return L * L; }, 3, 0.01, 7);
  data[1 * 40 + 20] = std::numeric_limits<double>::quiet_NaN();  // run 1 never reached bin 20
  const auto d = jackknife_derivatives({x, data}, {3, 5, FitWeight::uniform});
  EXPECT_TRUE(std::isnan(d.mean_ln_g[20]));
  for (std::size_t i = 18; i <= 22; ++i) EXPECT_TRUE(std::isnan(d.estimate.beta[i])) << i;
  EXPECT_TRUE(std::isfinite(d.estimate.beta[17]));
  EXPECT_TRUE(std::isfinite(d.sigma.beta[17]));
  // One run: estimates, but every sigma NaN.
  const std::vector<double> one(data.begin(), data.begin() + 40);
  const auto d1 = jackknife_derivatives({x, one}, {3, 5, FitWeight::uniform});
  EXPECT_TRUE(std::isfinite(d1.estimate.beta[10]));
  EXPECT_TRUE(std::isnan(d1.sigma.beta[10]));
  EXPECT_THROW(jackknife_derivatives({x, std::span(data).first(41)}, {3, 5, FitWeight::uniform}),
               std::invalid_argument);
}

// ---- 3./4. features and transitions on synthetic S(L) ------------------------------------------

constexpr double a_curv = 20, L_star = 0.5, L0 = 0.2, width = 0.04, depth = 0.15;

// Concave background with a convex intruder (a dip of S) at `at`; closed-form gamma.
double intruder_S(double L, double at = L0) {
  const double u = (L - at) / width;
  return -a_curv * (L - L_star) * (L - L_star) - depth * std::exp(-0.5 * u * u);
}
double intruder_gamma(double L, double at = L0) {
  const double u = (L - at) / width;
  return -2 * a_curv + depth / (width * width) * (1 - u * u) * std::exp(-0.5 * u * u);
}

TEST(Features, ConvexIntruderGivesABarrierAndAFirstOrderSignal) {
  const double dx = 0.0025;
  const auto x = uniform_grid(0.05, dx, 361);
  const auto data = noisy_runs(
      x, [](double L) { return intruder_S(L); }, 16, 0.001, 99);
  const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});

  // Independent: gamma = 0 on both sides of the dip (bisection of the closed form).
  const double lo = bisect([](double L) { return intruder_gamma(L); }, L0 - 2 * width, L0);
  const double hi = bisect([](double L) { return intruder_gamma(L); }, L0, L0 + 2 * width);

  ASSERT_TRUE(a.maximum.found);
  EXPECT_NEAR(a.maximum.L, L_star, dx);
  EXPECT_LT(a.maximum.L_sigma, dx);

  // Noise near gamma = 0 can split off insignificant slivers: count the significant intervals.
  std::vector<ConvexInterval> trained;
  for (const auto& c : a.convex)
    if (c.branch == Branch::trained && c.significant) trained.push_back(c);
  ASSERT_EQ(trained.size(), 1u);
  EXPECT_LT(trained[0].L_lo, L0);
  EXPECT_GT(trained[0].L_hi, L0);
  EXPECT_NEAR(trained[0].L_lo, lo, 3 * dx);
  EXPECT_NEAR(trained[0].L_hi, hi, 3 * dx);
  for (const auto& c : a.convex) EXPECT_FALSE(c.branch == Branch::other && c.significant);

  EXPECT_EQ(a.gamma_max_trained.verdict, BarrierVerdict::barrier);
  EXPECT_NEAR(a.gamma_max_trained.L, L0, 6 * dx);  // gamma is flat on top: noise moves it
  EXPECT_GT(a.gamma_max_trained.value - 3 * a.gamma_max_trained.sigma, 0.0);
  EXPECT_EQ(a.gamma_max_other.verdict, BarrierVerdict::no_barrier);
  EXPECT_EQ(to_string(a.gamma_max_trained.verdict), "barrier");

  // Back-bending beta: a positive-valued minimum of beta where gamma turns positive (= lo).
  int first_order = 0;
  for (const auto& t : a.transitions) {
    if (!t.significant || t.order != 1) continue;
    ++first_order;
    EXPECT_EQ(t.type, TransitionType::independent);
    EXPECT_EQ(t.branch, Branch::trained);
    EXPECT_TRUE(t.minimum);
    EXPECT_GT(t.value, 0.0);
    EXPECT_NEAR(t.L, lo, 3 * dx);
    EXPECT_LT(t.L_sigma, dx);
  }
  EXPECT_EQ(first_order, 1);
}

TEST(Features, PurelyConcaveEntropyHasNoBarrier) {
  const double dx = 0.0025;
  const auto concave = [](double L) { return -a_curv * (L - L_star) * (L - L_star); };
  const auto x = uniform_grid(0.05, dx, 361);
  const auto data = noisy_runs(x, concave, 16, 0.001, 5);
  const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});
  ASSERT_TRUE(a.maximum.found);
  EXPECT_NEAR(a.maximum.L, L_star, dx);
  EXPECT_TRUE(a.convex.empty());
  EXPECT_EQ(a.gamma_max_trained.verdict, BarrierVerdict::no_barrier);
  EXPECT_EQ(a.gamma_max_other.verdict, BarrierVerdict::no_barrier);
  EXPECT_EQ(to_string(a.gamma_max_trained.verdict), "no barrier");
  for (const auto& t : a.transitions) EXPECT_FALSE(t.significant && t.order == 1) << t.L;
  // Candidates are resolved extrema: two of one kind are more than a window (9 bins) apart.
  for (std::size_t p = 0; p < a.transitions.size(); ++p)
    for (std::size_t q = p + 1; q < a.transitions.size(); ++q) {
      const auto &s = a.transitions[p], &t = a.transitions[q];
      if (s.order == t.order && s.minimum == t.minimum && s.branch == t.branch) {
        EXPECT_GT(t.bin > s.bin ? t.bin - s.bin : s.bin - t.bin, 9u);
      }
    }
  ASSERT_EQ(a.peaks.size(), 1u);
  EXPECT_EQ(a.peaks[0].bin, a.maximum.bin);
  // gamma = -40 is flat: its noise wiggles are negative-valued maxima, and the local test picks
  // up a few as 2nd-order candidates (look-elsewhere effect); none survives the variants.
  const auto xh = uniform_grid(0.05, dx / 2, 721), xd = uniform_grid(0.05, 2 * dx, 181);
  const auto h = noisy_runs(xh, concave, 16, 0.001, 6), d = noisy_runs(xd, concave, 16, 0.001, 7);
  const auto rep =
      robustness_check({{x, data}, {xh, h}, {xd, d}}, {{{3, 9, FitWeight::uniform}, 3.0}, 2, true});
  for (const auto& t : rep.transitions) EXPECT_FALSE(t.robust) << t.transition.L;
}

TEST(Features, NoiseOnAFlatEntropyGivesPeakCandidatesButNotSignificantOnes) {
  const auto x = uniform_grid(0.05, 0.0025, 361);
  const auto data = noisy_runs(
      x, [](double) { return 0.0; }, 16, 0.001, 8);
  const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});
  int significant = 0;
  for (const auto& p : a.peaks) significant += p.significant;
  EXPECT_GE(a.peaks.size(), 10u);
  // The highest noise peak against the lowest valleys of the whole curve passes now and then
  // (look-elsewhere): 0 or 1 per curve, rarely 2.
  EXPECT_LE(significant, 3);
}

TEST(Features, IntruderOnTheOtherBranchIsReadInMinusL) {
  // Mirror image: the dip at 1 - L0 = 0.8, where beta < 0. In E = -L it is again a positive
  // minimum of beta_E, i.e. a negative-valued maximum of beta(L).
  const double dx = 0.0025;
  const auto x = uniform_grid(0.05, dx, 361);
  const auto data = noisy_runs(
      x, [](double L) { return intruder_S(L, 1 - L0); }, 16, 0.001, 3);
  const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});
  const double hi =
      bisect([](double L) { return intruder_gamma(L, 1 - L0); }, 1 - L0, 1 - L0 + 2 * width);
  int found = 0;
  for (const auto& t : a.transitions) {
    if (!t.significant || t.order != 1) continue;
    ++found;
    EXPECT_EQ(t.branch, Branch::other);
    EXPECT_EQ(t.type, TransitionType::independent);
    EXPECT_TRUE(t.minimum);   // in E
    EXPECT_LT(t.value, 0.0);  // beta(L) < 0
    EXPECT_NEAR(t.L, hi, 3 * dx);
  }
  EXPECT_EQ(found, 1);
  EXPECT_EQ(a.gamma_max_other.verdict, BarrierVerdict::barrier);
  EXPECT_EQ(a.gamma_max_trained.verdict, BarrierVerdict::no_barrier);
}

TEST(Features, SecondaryPeakIsAPeakButLStarIsTheGlobalMaximum) {
  const auto x = uniform_grid(0.05, 0.0025, 361);
  const auto S = [](double L) {
    const double u = (L - L0) / 0.03;
    return -a_curv * (L - L_star) * (L - L_star) + 1.5 * std::exp(-0.5 * u * u);
  };
  const auto data = noisy_runs(x, S, 8, 0.001, 11);
  const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});
  ASSERT_TRUE(a.maximum.found);
  EXPECT_NEAR(a.maximum.L, L_star, 0.005);
  EXPECT_LT(std::abs(a.maximum.L - L_star), 4 * a.maximum.L_sigma);
  std::vector<Peak> sig;
  for (const auto& p : a.peaks)
    if (p.significant) sig.push_back(p);
  ASSERT_EQ(sig.size(), 2u);
  EXPECT_NEAR(sig[0].L, L0, 0.01);
  EXPECT_EQ(sig[0].branch, Branch::trained);
  EXPECT_NEAR(sig[1].L, L_star, 0.005);
  EXPECT_GT(sig[1].prominence, sig[0].prominence);
}

TEST(Features, SecondOrderSignalFromANegativePeakOfGamma) {
  // S with gamma = -40 + 25 exp(-u^2/2): gamma has a negative-valued maximum at L0, beta stays
  // monotonic (no back-bending): an independent second-order transition, no barrier.
  const double c = 25.0, w = 0.04;
  const auto S = [&](double L) {
    const double u = (L - L0) / w;
    // integral twice of c exp(-u^2/2): c w^2 (u sqrt(pi/2) erf(u/sqrt2) + exp(-u^2/2))
    return -a_curv * (L - L_star) * (L - L_star) +
           c * w * w *
               (u * std::sqrt(M_PI / 2) * std::erf(u / std::sqrt(2.0)) + std::exp(-0.5 * u * u));
  };
  const auto x = uniform_grid(0.05, 0.0025, 361);
  const auto data = noisy_runs(x, S, 16, 0.0005, 21);
  const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});
  EXPECT_EQ(a.gamma_max_trained.verdict, BarrierVerdict::no_barrier);
  EXPECT_TRUE(a.convex.empty());
  int second = 0;
  for (const auto& t : a.transitions) {
    EXPECT_FALSE(t.significant && t.order == 1) << t.L;
    // Elsewhere gamma = -40 is flat and its noise wiggles can pass the local test (see
    // PurelyConcaveEntropyHasNoBarrier); the signal is the one at L0.
    if (!t.significant || t.order != 2 || std::abs(t.L - L0) > 0.25 * w) continue;
    EXPECT_EQ(t.type, TransitionType::independent);
    EXPECT_EQ(t.branch, Branch::trained);
    EXPECT_FALSE(t.minimum);
    EXPECT_LT(t.value, 0.0);
    EXPECT_NEAR(t.value, -a_curv * 2 + c, 4 * t.sigma + 0.05 * c);  // smoothing bias ~ 2 %
    // gamma is flat on top: the position is known to a few bins only, and says so.
    EXPECT_LT(std::abs(t.L - L0), 4 * t.L_sigma + 0.0025);
    ++second;
  }
  EXPECT_EQ(second, 1);
}

TEST(Features, ConvexIntervalEndsAreTheZerosOfGamma) {
  // Noise-free: the interpolated ends match the closed-form zeros to a small fraction of a bin.
  const double dx = 0.0025;
  const auto x = uniform_grid(0.05, dx, 361);
  std::vector<double> S;
  for (double L : x) S.push_back(intruder_S(L));
  const auto a = analyze_microcanonical({x, S}, {{3, 9, FitWeight::uniform}, 3.0});
  ASSERT_EQ(a.convex.size(), 1u);
  EXPECT_NEAR(a.convex[0].L_lo, bisect([](double L) { return intruder_gamma(L); }, 0.12, L0),
              0.1 * dx);
  EXPECT_NEAR(a.convex[0].L_hi, bisect([](double L) { return intruder_gamma(L); }, L0, 0.28),
              0.1 * dx);
  EXPECT_TRUE(std::isnan(a.convex[0].gamma_max_sigma));  // one run: no error bars
  EXPECT_FALSE(a.convex[0].significant);
  EXPECT_EQ(a.gamma_max_trained.verdict, BarrierVerdict::undecided);
}

// Over independent noise realizations, z = (estimate - truth) / sigma: its median |z| is that of
// a Gaussian, 0.674 (0.711 for Student's t with 7 degrees of freedom, sigma from R = 8 runs). The
// median, not the rms: a flat extremum now and then jumps far, and one such realization must not
// decide the test. With 80 realizations the median scatters by ~ 0.09.
struct Calibration {
  std::vector<double> abs_z;
  double sum = 0;  // of estimate - truth
  void add(double estimate, double truth, double sigma) {
    if (!std::isfinite(sigma)) return;
    abs_z.push_back(std::abs(estimate - truth) / sigma);
    sum += estimate - truth;
  }
  std::size_t n() const { return abs_z.size(); }
  double median_abs_z() {
    std::sort(abs_z.begin(), abs_z.end());
    return abs_z[abs_z.size() / 2];
  }
};

TEST(Features, ErrorOfLStarIsCalibrated) {
  // beta's noise (~0.2) is twice its change per bin (0.1): several sign changes near L*.
  const auto x = uniform_grid(0.05, 0.0025, 361);
  Calibration c;
  for (unsigned seed = 1; seed <= 80; ++seed) {
    const auto data = noisy_runs(
        x, [](double L) { return -a_curv * (L - L_star) * (L - L_star); }, 8, 0.002, 500 + seed);
    const auto m = find_maximum(jackknife_derivatives({x, data}, {3, 9, FitWeight::uniform}));
    ASSERT_TRUE(m.found);
    c.add(m.L, L_star, m.L_sigma);
  }
  ASSERT_GE(c.n(), 76u);
  EXPECT_LT(std::abs(c.sum / c.n()), 0.0005);
  // (Re-searching the sign change in each replicate instead underestimates sigma by ~ 2.)
  EXPECT_NEAR(c.median_abs_z(), 0.71, 0.27);
}

TEST(Features, ErrorOfATransitionPositionIsCalibrated) {
  // gamma = -40 + c exp(-u^2/2): a flat-topped negative-valued peak at L0.
  const auto x = uniform_grid(0.05, 0.0025, 361);
  const double c = 25.0, w = 0.04;
  const auto S = [&](double L) {
    const double u = (L - L0) / w;
    return -a_curv * (L - L_star) * (L - L_star) +
           c * w * w *
               (u * std::sqrt(M_PI / 2) * std::erf(u / std::sqrt(2.0)) + std::exp(-0.5 * u * u));
  };
  Calibration cal;
  for (unsigned seed = 1; seed <= 80; ++seed) {
    const auto data = noisy_runs(x, S, 16, 0.0005, 1000 + seed);
    const auto a = analyze_microcanonical({x, data}, {{3, 9, FitWeight::uniform}, 3.0});
    for (const auto& t : a.transitions)
      if (t.significant && t.order == 2 && std::abs(t.L - L0) < 0.02) cal.add(t.L, L0, t.L_sigma);
  }
  ASSERT_GE(cal.n(), 76u);
  EXPECT_LT(std::abs(cal.sum / cal.n()), 0.0006);  // a quarter bin
  // (A parabola over +-h bins only, fitted to the noise wiggle on the flat top, gave |z| ~ 10.)
  // (Wider than for L*: over 60 seed sets the median ranged 0.54 .. 1.05.)
  EXPECT_NEAR(cal.median_abs_z(), 0.674, 0.45);
}

// The classification table, on derivative arrays made by hand (no fit, no noise): each array is
// a flat background with Gaussian bumps of known sign, g(k) = exp(-(k/6)^2).
TEST(Transitions, ClassificationOnHandMadeDerivatives) {
  const std::size_t n = 200, split = 141;  // L* between bins 140 and 141
  JackknifeDerivatives d;
  d.fit = {4, 9, FitWeight::uniform};
  for (std::size_t i = 0; i < n; ++i) d.centers.push_back(static_cast<double>(i));
  const auto g = [](double k) { return std::exp(-(k / 6) * (k / 6)); };
  for (int k = 0; k <= 4; ++k) {
    d.estimate.order(k).assign(n, std::nan(""));
    d.sigma.order(k).assign(n, std::nan(""));
  }
  for (std::size_t j = 0; j < n; ++j) {
    const double i = static_cast<double>(j);
    const bool trained = j < split;
    d.estimate.S[j] = 0.0;
    // beta: trained: positive-valued minimum at 30, and at 110 a negative-valued maximum (a
    // "dependent 1st order" is not in the scheme: no transition); other: negative-valued maximum
    // at 160, i.e. a positive-valued minimum of beta_E = -beta
    const double well = std::exp(-std::pow((i - 110) / 20, 2));
    d.estimate.beta[j] =
        trained ? 8 - 3 * g(i - 30) - 16 * well + 4 * g(i - 110) : -8 + 3 * g(i - 160);
    // gamma: negative-valued maximum at 50; positive-valued minimum at 80; other: flat
    d.estimate.gamma[j] = !trained ? -10 : j < 65 ? -10 + 5 * g(i - 50) : 10 - 5 * g(i - 80);
    // delta: positive-valued minimum at 60 (value 1, prominence 9); negative-valued maximum at
    // 100; other: positive minimum at 170 in L, i.e. a negative-valued maximum of
    // delta_E = -delta
    d.estimate.delta[j] = !trained ? 10 - 5 * g(i - 170)
                          : j < 80 ? 10 - 9 * g(i - 60)
                                   : -10 + 5 * g(i - 100);
    // epsilon: negative-valued maximum at 40
    d.estimate.epsilon[j] = trained ? -10 + 5 * g(i - 40) : std::nan("");
  }
  // sigma per order: 1st, 4th and 3rd-dependent signals pass both tests; gamma's prominence 5 is
  // just below 3 (0.9 + 0.9); delta's minimum at 60 has prominence 9 > 3 (0.6 + 0.6) but its
  // value 1 < 3 x 0.6.
  const double sigma[5] = {0.1, 0.3, 0.9, 0.6, 0.1};
  for (int k = 0; k <= 4; ++k) d.sigma.order(k).assign(n, sigma[k]);
  MaximumOfS max;
  max.found = true;
  max.L = 140.5;
  const auto t = find_transitions(d, max, 3.0, 9);
  struct Want {
    std::size_t bin;
    int order;
    TransitionType type;
    Branch branch;
    bool minimum, significant;
  };
  const auto I = TransitionType::independent, D = TransitionType::dependent;
  const auto T = Branch::trained, O = Branch::other;
  const std::vector<Want> want{{30, 1, I, T, true, true},   {40, 4, I, T, false, true},
                               {50, 2, I, T, false, false}, {60, 3, I, T, true, false},
                               {80, 2, D, T, true, false},  {100, 3, D, T, false, true},
                               {160, 1, I, O, true, true},  {170, 3, D, O, false, true}};
  ASSERT_EQ(t.size(), want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(t[k].bin, want[k].bin) << k;
    EXPECT_EQ(t[k].order, want[k].order) << k;
    EXPECT_EQ(t[k].type, want[k].type) << k;
    EXPECT_EQ(t[k].branch, want[k].branch) << k;
    EXPECT_EQ(t[k].minimum, want[k].minimum) << k;
    EXPECT_EQ(t[k].significant, want[k].significant) << k;
    EXPECT_NEAR(t[k].L, static_cast<double>(want[k].bin), 0.01) << k;  // symmetric bumps
  }
  EXPECT_NEAR(t[1].prominence, 5.0, 1e-3);  // epsilon from -10 up to -5
  EXPECT_EQ(t[6].sign(), -1);               // beta(L) < 0 on the other branch
  EXPECT_EQ(t[7].sign(), 1);                // delta(L) > 0 there
  // Dependent transitions point to the nearest independent one of lower order on their branch.
  EXPECT_EQ(t[4].partner, 0);  // 2nd dependent at 80 -> 1st at 30
  EXPECT_EQ(t[5].partner, 2);  // 3rd dependent at 100 -> 2nd at 50 (nearer than 1st at 30)
  EXPECT_EQ(t[7].partner, 6);  // other branch: 3rd dependent at 170 -> 1st at 160
  for (std::size_t k : {0u, 1u, 2u, 3u, 6u}) EXPECT_EQ(t[k].partner, -1);
}

// ---- 5. robustness ----------------------------------------------------------------------------

Transition make(int order, TransitionType type, std::size_t bin, double L, double value) {
  Transition t;
  t.order = order;
  t.type = type;
  t.bin = bin;
  t.L = L;
  t.value = value;
  t.significant = true;
  return t;
}

TEST(Robustness, MatchingKeepsOnlySignalsSeenInEveryVariant) {
  const auto x = uniform_grid(0.0, 0.01, 101);
  const std::vector<Transition> ref{make(1, TransitionType::independent, 30, 0.30, 2.0),
                                    make(2, TransitionType::independent, 60, 0.60, -5.0),
                                    make(3, TransitionType::dependent, 80, 0.80, -1.0)};
  // Variant lists: signal 0 everywhere (up to 2 bins away); signal 1 planted in one variant only;
  // signal 2 everywhere but with the wrong sign in one and 3 bins away in another.
  std::array<std::vector<Transition>, 4> v;
  for (int k = 0; k < 4; ++k) {
    v[k].push_back(make(1, TransitionType::independent, 0, 0.30 + 0.005 * (k - 2), 1.5));
    v[k].push_back(make(3, TransitionType::dependent, 0, 0.80, -0.5));
  }
  v[2].push_back(make(2, TransitionType::independent, 0, 0.61, -4.0));
  v[1][1].value = 0.5;
  v[3][1].L = 0.83;
  std::array<std::span<const Transition>, 4> lists;
  for (int k = 0; k < 4; ++k) lists[k] = v[k];
  const auto m = match_transitions(x, ref, lists, 2);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_TRUE(m[0].robust);
  EXPECT_EQ(m[0].match[0], 0);
  EXPECT_FALSE(m[1].robust);
  EXPECT_EQ(m[1].match[2], 2);
  EXPECT_EQ(m[1].match[0], -1);
  EXPECT_FALSE(m[2].robust);
  EXPECT_EQ(m[2].match[0], 1);
  EXPECT_EQ(m[2].match[1], -1);  // sign
  EXPECT_EQ(m[2].match[3], -1);  // 3 bins away
  // An insignificant reference transition is not a signal at all.
  auto quiet = ref;
  quiet[0].significant = false;
  EXPECT_EQ(match_transitions(x, quiet, lists, 2).size(), 2u);
}

TEST(Robustness, VariantWindows) {
  const LocalFitSpec ref{3, 9, FitWeight::uniform};
  EXPECT_EQ(variant_fit(ref, Variant::half_window, true).window, 5);
  EXPECT_EQ(variant_fit(ref, Variant::double_window, true).window, 17);
  EXPECT_EQ(variant_fit(ref, Variant::half_bin_width, true).window, 17);
  EXPECT_EQ(variant_fit(ref, Variant::double_bin_width, true).window, 5);
  EXPECT_EQ(variant_fit(ref, Variant::half_bin_width, false).window, 9);
  EXPECT_EQ(variant_fit({4, 9, FitWeight::uniform}, Variant::half_window, true).window, 7);
}

TEST(Robustness, SignalInEveryBinningSurvivesOneInTheReferenceOnlyIsDropped) {
  const double dx = 0.0025, noise = 0.0005;
  const auto xr = uniform_grid(0.05, dx, 361);
  const auto xh = uniform_grid(0.05, dx / 2, 721);
  const auto xd = uniform_grid(0.05, 2 * dx, 181);
  const auto with = [](double L) { return intruder_S(L); };
  const auto without = [](double L) { return -a_curv * (L - L_star) * (L - L_star); };
  const auto ref = noisy_runs(xr, with, 16, noise, 1);
  const RobustnessSpec spec{{{3, 9, FitWeight::uniform}, 3.0}, 2, true};

  const auto half_with = noisy_runs(xh, with, 16, noise, 2);
  const auto double_with = noisy_runs(xd, with, 16, noise, 3);
  const auto kept = robustness_check({{xr, ref}, {xh, half_with}, {xd, double_with}}, spec);
  int robust_first = 0;
  for (const auto& t : kept.transitions)
    if (t.transition.order == 1 && t.robust) ++robust_first;
  EXPECT_EQ(robust_first, 1);
  EXPECT_EQ(kept.trained_barrier, BarrierVerdict::barrier);

  const auto half_without = noisy_runs(xh, without, 16, noise, 2);
  const auto double_without = noisy_runs(xd, without, 16, noise, 3);
  const auto dropped =
      robustness_check({{xr, ref}, {xh, half_without}, {xd, double_without}}, spec);
  int first = 0;
  for (const auto& t : dropped.transitions) {
    if (t.transition.order != 1) continue;
    ++first;                 // still in the reference ...
    EXPECT_FALSE(t.robust);  // ... but not robust
    EXPECT_GE(t.match[static_cast<std::size_t>(Variant::half_window)], 0);
    EXPECT_EQ(t.match[static_cast<std::size_t>(Variant::half_bin_width)], -1);
  }
  EXPECT_EQ(first, 1);
  EXPECT_EQ(dropped.trained_barrier, BarrierVerdict::undecided);
}

}  // namespace
