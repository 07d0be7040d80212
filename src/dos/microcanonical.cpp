#include "xorscape/dos/microcanonical.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace xorscape::dos {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Linear filters of the local polynomial fit: derivative n at bin i is
//   (n == 0 ? y_i : 0) + sum_j a[i][n][j] (y_{i-h+j} - y_i).
// Summing differences y_j - y_i avoids accumulating rounding on the large constant offsets of
// ln G (hundreds) against the large coefficients of the higher derivatives (the inputs' own
// rounding, eps |y|, is amplified either way); the rows of n >= 1 sum to 0 and that of n = 0 to
// 1, so this is the same linear map.
struct Filters {
  std::size_t bins = 0;
  int h = 0, w = 0, orders = 0;  // orders = derivatives 0..orders-1 available
  std::vector<double> a;         // [(i * orders + n) * w + j]
  std::vector<char> ok;          // the window fits and the fit is not singular
  const double* row(std::size_t i, int n) const {
    return &a[(i * static_cast<std::size_t>(orders) + static_cast<std::size_t>(n)) *
              static_cast<std::size_t>(w)];
  }
};

// Least squares through Householder QR: for A (rows x cols, row-major, rows >= cols) returns the
// pseudo-inverse X = R^-1 Q^T (cols x rows, row-major); false when A is rank deficient.
bool pseudo_inverse(std::vector<double> A, int rows, int cols, std::vector<double>& X) {
  const auto at = [&](std::vector<double>& M, int r, int c, int stride) -> double& {
    return M[static_cast<std::size_t>(r * stride + c)];
  };
  std::vector<double> B(static_cast<std::size_t>(rows * rows), 0.0);  // accumulates Q^T
  for (int r = 0; r < rows; ++r) at(B, r, r, rows) = 1.0;
  std::vector<double> v(static_cast<std::size_t>(rows));
  double scale = 0.0;
  for (double e : A) scale = std::max(scale, std::abs(e));
  for (int k = 0; k < cols; ++k) {
    double norm2 = 0.0;
    for (int r = k; r < rows; ++r) norm2 += at(A, r, k, cols) * at(A, r, k, cols);
    const double norm = std::sqrt(norm2);
    if (!(norm > 1e-13 * scale)) return false;
    const double alpha = at(A, k, k, cols) > 0 ? -norm : norm;
    double v2 = 0.0;
    for (int r = k; r < rows; ++r) {
      v[static_cast<std::size_t>(r)] = at(A, r, k, cols) - (r == k ? alpha : 0.0);
      v2 += v[static_cast<std::size_t>(r)] * v[static_cast<std::size_t>(r)];
    }
    if (v2 == 0.0) continue;
    const auto reflect = [&](std::vector<double>& M, int ncols, int c0) {
      for (int c = c0; c < ncols; ++c) {
        double dot = 0.0;
        for (int r = k; r < rows; ++r) dot += v[static_cast<std::size_t>(r)] * at(M, r, c, ncols);
        const double f = 2.0 * dot / v2;
        for (int r = k; r < rows; ++r) at(M, r, c, ncols) -= f * v[static_cast<std::size_t>(r)];
      }
    };
    reflect(A, cols, k);
    reflect(B, rows, 0);
  }
  double rmax = 0.0;
  for (int k = 0; k < cols; ++k) rmax = std::max(rmax, std::abs(at(A, k, k, cols)));
  for (int k = 0; k < cols; ++k)
    if (!(std::abs(at(A, k, k, cols)) > 1e-12 * rmax)) return false;
  X.assign(static_cast<std::size_t>(cols * rows), 0.0);
  for (int c = 0; c < rows; ++c) {
    for (int k = cols - 1; k >= 0; --k) {
      double s = at(B, k, c, rows);
      for (int l = k + 1; l < cols; ++l) s -= at(A, k, l, cols) * at(X, l, c, rows);
      at(X, k, c, rows) = s / at(A, k, k, cols);
    }
  }
  return true;
}

Filters make_filters(std::span<const double> x, const LocalFitSpec& spec) {
  validate(spec);
  Filters F;
  F.bins = x.size();
  F.h = spec.half_width();
  F.w = 2 * F.h + 1;
  F.orders = std::min(spec.degree, max_derivative_order) + 1;
  const int m = spec.degree + 1;
  F.a.assign(F.bins * static_cast<std::size_t>(F.orders * F.w), 0.0);
  F.ok.assign(F.bins, 0);
  std::vector<double> A(static_cast<std::size_t>(F.w * m)), X, sw(static_cast<std::size_t>(F.w));
  for (std::size_t i = 0; i < F.bins; ++i) {
    if (i < static_cast<std::size_t>(F.h) || i + static_cast<std::size_t>(F.h) >= F.bins) continue;
    const double* xw = &x[i - static_cast<std::size_t>(F.h)];
    const double xc = x[i];
    double s = 0.0;
    bool finite = true;
    for (int j = 0; j < F.w; ++j) {
      finite = finite && std::isfinite(xw[j]);
      s = std::max(s, std::abs(xw[j] - xc));
    }
    if (!finite || !(s > 0.0)) continue;
    for (int j = 0; j < F.w; ++j) {
      const double t = (xw[j] - xc) / s;
      double weight = 1.0;
      if (spec.weight == FitWeight::tricube) {
        const double d = std::abs(t) * F.h / (F.h + 1.0);
        const double c = 1.0 - d * d * d;
        weight = c * c * c;
      }
      sw[static_cast<std::size_t>(j)] = std::sqrt(weight);
      double p = sw[static_cast<std::size_t>(j)];
      for (int k = 0; k < m; ++k, p *= t) A[static_cast<std::size_t>(j * m + k)] = p;
    }
    if (!pseudo_inverse(A, F.w, m, X)) continue;
    double factorial = 1.0, s_pow = 1.0;
    for (int n = 0; n < F.orders; ++n) {
      if (n > 0) factorial *= n, s_pow *= s;
      double* row = &F.a[(i * static_cast<std::size_t>(F.orders) + static_cast<std::size_t>(n)) *
                         static_cast<std::size_t>(F.w)];
      for (int j = 0; j < F.w; ++j)
        row[j] = factorial / s_pow * X[static_cast<std::size_t>(n * F.w + j)] *
                 sw[static_cast<std::size_t>(j)];
    }
    F.ok[i] = 1;
  }
  return F;
}

EntropyDerivatives apply_filters(const Filters& F, std::span<const double> y) {
  EntropyDerivatives d;
  for (int n = 0; n <= max_derivative_order; ++n) d.order(n).assign(F.bins, nan);
  for (std::size_t i = 0; i < F.bins; ++i) {
    if (!F.ok[i]) continue;
    const double* yw = &y[i - static_cast<std::size_t>(F.h)];
    bool finite = true;
    for (int j = 0; j < F.w; ++j) finite = finite && std::isfinite(yw[j]);
    if (!finite) continue;
    const double yc = y[i];
    for (int n = 0; n < F.orders; ++n) {
      const double* a = F.row(i, n);
      double s = 0.0;
      for (int j = 0; j < F.w; ++j) s += a[j] * (yw[j] - yc);
      d.order(n)[i] = (n == 0 ? yc : 0.0) + s;
    }
  }
  return d;
}

bool finite_at(const std::vector<double>& f, std::size_t i) {
  return std::isfinite(f[i]);
}

// Jackknife sigma of a functional of one replicate.
template <class F>
double jackknife_of(const JackknifeDerivatives& d, F&& functional) {
  std::vector<double> rep;
  rep.reserve(d.leave_one_out.size());
  for (const auto& r : d.leave_one_out) rep.push_back(functional(r));
  return jackknife_sigma(rep);
}

// For each bin, the maximal run [lo, hi] of consecutive bins with finite f that satisfy
// `allowed` and contain it ({1, 0}, empty, for the others). One pass.
template <class Allowed>
std::vector<std::pair<std::size_t, std::size_t>> runs_of(const std::vector<double>& f,
                                                         Allowed&& allowed) {
  const std::size_t n = f.size();
  std::vector<std::pair<std::size_t, std::size_t>> run(n, {1, 0});
  const auto in = [&](std::size_t k) { return finite_at(f, k) && allowed(k); };
  for (std::size_t i = 0; i < n;) {
    if (!in(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < n && in(j + 1)) ++j;
    for (std::size_t k = i; k <= j; ++k) run[k] = {i, j};
    i = j + 1;
  }
  return run;
}

// Topographic prominence of a local minimum of g at i within [lo, hi]: on each side the highest
// point before g drops below g[i]; the smaller of the two rises. Returns {rise, bin of the top}.
std::pair<double, std::size_t> prominence_of_minimum(const std::vector<double>& g, std::size_t i,
                                                     std::size_t lo, std::size_t hi) {
  double best = inf;
  std::size_t top = i;
  for (int side = -1; side <= 1; side += 2) {
    double high = -inf;
    std::size_t high_bin = i;
    std::size_t j = i;
    while ((side < 0 && j > lo) || (side > 0 && j < hi)) {
      j = side < 0 ? j - 1 : j + 1;
      if (g[j] < g[i]) break;
      if (g[j] > high) high = g[j], high_bin = j;
    }
    if (high_bin != i && high - g[i] < best) best = high - g[i], top = high_bin;
  }
  if (top == i) return {0.0, i};
  return {best, top};
}

bool is_local_min(const std::vector<double>& g, std::size_t i) {
  return g[i] < g[i - 1] && g[i] <= g[i + 1];
}

// A local minimum that is also the lowest point within `span` bins on either side (inside
// [lo, hi]): wiggles of the noise, whose scale is the fit window, are not resolved extrema.
bool is_resolved_min(const std::vector<double>& g, std::size_t i, std::size_t lo, std::size_t hi,
                     std::size_t span) {
  if (i <= lo || i >= hi || !is_local_min(g, i)) return false;
  const std::size_t a = i > lo + span ? i - span : lo, b = std::min(hi, i + span);
  for (std::size_t j = a; j <= b; ++j)
    if (j != i && g[j] < g[i]) return false;
  return true;
}

// Sub-bin position of the minimum of g at i: the vertex of the least-squares parabola through
// (x_j, g_j), j = a..b (a window around i). NaN where the parabola opens downwards or (if
// `inside`) its vertex leaves [x_a, x_b]. A smooth function of the g_j, so its jackknife is sound;
// the arg-min of a replicate (a step function of the data) is not: its delete-1 jackknife
// underestimates.
double vertex(std::span<const double> x, const std::vector<double>& g, std::size_t i, std::size_t a,
              std::size_t b, bool inside = true) {
  double m[3][4] = {};
  for (std::size_t j = a; j <= b; ++j) {
    if (!std::isfinite(g[j])) return nan;
    const double t = x[j] - x[i], p[3] = {1.0, t, t * t};
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) m[r][c] += p[r] * p[c];
      m[r][3] += p[r] * g[j];
    }
  }
  for (int c = 0; c < 3; ++c) {  // Gauss-Jordan, partial pivoting
    int piv = c;
    for (int r = c + 1; r < 3; ++r)
      if (std::abs(m[r][c]) > std::abs(m[piv][c])) piv = r;
    for (int k = 0; k < 4; ++k) std::swap(m[c][k], m[piv][k]);
    if (m[c][c] == 0.0) return nan;
    for (int r = 0; r < 3; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (int k = c; k < 4; ++k) m[r][k] -= f * m[c][k];
    }
  }
  const double slope = m[1][3] / m[1][1], curv = m[2][3] / m[2][2];
  if (!(curv > 0.0)) return nan;
  const double v = x[i] - slope / (2.0 * curv);
  return (!inside || (v >= x[a] && v <= x[b])) ? v : nan;
}

// The extremum's position and its jackknife sigma: g = sign * (derivative `order`), minimum at
// bin i, parabola over i-radius .. i+radius inside [lo, hi]. Falls back to x[i] (sigma NaN).
// The parabola covers the bins around i where g stays within half the prominence of g[i] (the
// feature's own width, so a flat extremum is fitted over its whole top, not over the noise
// wiggle on it), at least i-radius .. i+radius and at most 4 radius + 2 bins on each side (other
// features beyond); all inside [lo, hi].
std::pair<double, double> extremum_position(const JackknifeDerivatives& d, int order, double sign,
                                            const std::vector<double>& g, std::size_t i,
                                            std::size_t lo, std::size_t hi, std::size_t radius,
                                            double prominence) {
  const std::span<const double> x(d.centers);
  const double level = g[i] + 0.5 * prominence;
  const std::size_t cap = 4 * radius + 2;  // two windows each side at most
  std::size_t a = i, b = i;
  while (a > lo && i - a < cap && g[a - 1] <= level) --a;
  while (b < hi && b - i < cap && g[b + 1] <= level) ++b;
  a = std::min(a, i > lo + radius ? i - radius : lo);
  b = std::max(b, std::min(hi, i + radius));
  const double v = vertex(x, g, i, a, b);
  if (std::isnan(v)) return {x[i], nan};
  std::vector<double> rep, gr(x.size());
  for (const auto& r : d.leave_one_out) {
    const auto& f = r.order(order);
    for (std::size_t k = a; k <= b; ++k) gr[k] = sign * f[k];
    rep.push_back(vertex(x, gr, i, a, b, false));
  }
  return {v, jackknife_sigma(rep)};
}

}  // namespace

// ---- 1 ----------------------------------------------------------------------------------------

std::string_view to_string(FitWeight w) {
  return w == FitWeight::uniform ? "uniform" : "tricube";
}

void validate(const LocalFitSpec& spec) {
  if (spec.degree < 1 || spec.degree > 8)
    throw std::invalid_argument("LocalFitSpec: degree " + std::to_string(spec.degree) +
                                " outside [1, 8]");
  if (spec.window < 3 || spec.window % 2 == 0)
    throw std::invalid_argument("LocalFitSpec: window " + std::to_string(spec.window) +
                                " must be odd and >= 3");
  if (spec.window < spec.degree + 1)
    throw std::invalid_argument("LocalFitSpec: window " + std::to_string(spec.window) +
                                " must be >= degree + 1 = " + std::to_string(spec.degree + 1));
}

const std::vector<double>& EntropyDerivatives::order(int n) const {
  switch (n) {
    case 0:
      return S;
    case 1:
      return beta;
    case 2:
      return gamma;
    case 3:
      return delta;
    case 4:
      return epsilon;
  }
  throw std::invalid_argument("EntropyDerivatives::order: n outside 0..4");
}

std::vector<double>& EntropyDerivatives::order(int n) {
  return const_cast<std::vector<double>&>(std::as_const(*this).order(n));
}

EntropyDerivatives local_polynomial_derivatives(std::span<const double> centers,
                                                std::span<const double> S,
                                                const LocalFitSpec& spec) {
  if (centers.size() != S.size())
    throw std::invalid_argument("local_polynomial_derivatives: centers and S differ in size");
  return apply_filters(make_filters(centers, spec), S);
}

// ---- 2 ----------------------------------------------------------------------------------------

double jackknife_sigma(std::span<const double> replicates) {
  const std::size_t R = replicates.size();
  if (R < 2) return nan;
  double mean = 0.0;
  for (double t : replicates) {
    if (!std::isfinite(t)) return nan;
    mean += t;
  }
  mean /= static_cast<double>(R);
  double ss = 0.0;
  for (double t : replicates) ss += (t - mean) * (t - mean);
  return std::sqrt((static_cast<double>(R) - 1.0) / static_cast<double>(R) * ss);
}

JackknifeDerivatives jackknife_derivatives(const RunsView& runs, const LocalFitSpec& spec) {
  const std::size_t n = runs.bins();
  if (n == 0 || runs.ln_g.size() % n != 0)
    throw std::invalid_argument("jackknife_derivatives: ln_g must hold R x " + std::to_string(n) +
                                " values");
  const std::size_t R = runs.runs();
  JackknifeDerivatives d;
  d.fit = spec;
  d.runs = R;
  d.centers.assign(runs.centers.begin(), runs.centers.end());
  const Filters F = make_filters(runs.centers, spec);
  const auto value = [&](std::size_t r, std::size_t i) { return runs.ln_g[r * n + i]; };
  std::vector<char> all_finite(n, R > 0 ? 1 : 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t r = 0; r < R; ++r)
      if (!std::isfinite(value(r, i))) all_finite[i] = 0;
  // Mean over a subset of runs (all but `skip`), summed in run order.
  const auto mean_without = [&](std::size_t skip) {
    std::vector<double> m(n, nan);
    const double count = static_cast<double>(skip < R ? R - 1 : R);
    for (std::size_t i = 0; i < n; ++i) {
      if (!all_finite[i]) continue;
      double s = 0.0;
      for (std::size_t r = 0; r < R; ++r)
        if (r != skip) s += value(r, i);
      m[i] = s / count;
    }
    return m;
  };
  d.mean_ln_g = mean_without(R);
  d.estimate = apply_filters(F, d.mean_ln_g);
  for (int k = 0; k <= max_derivative_order; ++k) d.sigma.order(k).assign(n, nan);
  if (R < 2) return d;
  d.leave_one_out.reserve(R);
  for (std::size_t r = 0; r < R; ++r) d.leave_one_out.push_back(apply_filters(F, mean_without(r)));
  std::vector<double> rep(R);
  for (int k = 0; k <= max_derivative_order; ++k)
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t r = 0; r < R; ++r) rep[r] = d.leave_one_out[r].order(k)[i];
      d.sigma.order(k)[i] = jackknife_sigma(rep);
    }
  return d;
}

// ---- 3 ----------------------------------------------------------------------------------------

std::string_view to_string(Branch b) {
  return b == Branch::trained ? "trained" : "other";
}

std::string_view to_string(BarrierVerdict v) {
  switch (v) {
    case BarrierVerdict::barrier:
      return "barrier";
    case BarrierVerdict::no_barrier:
      return "no barrier";
    case BarrierVerdict::undecided:
      break;
  }
  return "undecided";
}

BarrierVerdict barrier_verdict(double gamma_max, double sigma, double z) {
  if (!std::isfinite(gamma_max) || !std::isfinite(sigma)) return BarrierVerdict::undecided;
  if (gamma_max - z * sigma > 0.0) return BarrierVerdict::barrier;
  if (gamma_max + z * sigma < 0.0) return BarrierVerdict::no_barrier;
  return BarrierVerdict::undecided;
}

bool in_branch(double L, const MaximumOfS& max, Branch b) {
  return b == Branch::trained ? L < max.L : L > max.L;
}

namespace {

// The + to - sign change of beta between bins j and j + 1: the root of the least-squares line
// through beta on the 2h bins j-h+1 .. j+h (all finite and inside the curve), else the linear
// interpolation between j and j + 1. Two-bin interpolation alone jumps between intervals when
// beta's noise is comparable to its change per bin, and its jackknife then underestimates.
double zero_between(std::span<const double> x, const std::vector<double>& beta, std::size_t j,
                    std::size_t h) {
  const double b0 = beta[j], b1 = beta[j + 1];
  if (h >= 1 && j + 1 >= h && j + h < beta.size()) {
    double mx = 0.0, mb = 0.0;
    bool finite = true;
    for (std::size_t k = j + 1 - h; k <= j + h; ++k) {
      finite = finite && std::isfinite(beta[k]);
      mx += x[k], mb += beta[k];
    }
    const double count = 2.0 * static_cast<double>(h);
    mx /= count, mb /= count;
    double sxx = 0.0, sxb = 0.0;
    for (std::size_t k = j + 1 - h; finite && k <= j + h; ++k) {
      sxx += (x[k] - mx) * (x[k] - mx);
      sxb += (x[k] - mx) * (beta[k] - mb);
    }
    if (finite && sxx > 0.0 && sxb < 0.0) return mx - mb * sxx / sxb;
  }
  if (b0 == b1) return x[j];
  return x[j] + b0 * (x[j + 1] - x[j]) / (b0 - b1);
}

bool sign_change_at(const std::vector<double>& beta, std::size_t j) {
  return j + 1 < beta.size() && std::isfinite(beta[j]) && std::isfinite(beta[j + 1]) &&
         beta[j] > 0.0 && beta[j + 1] <= 0.0;
}

}  // namespace

MaximumOfS find_maximum(const JackknifeDerivatives& d) {
  MaximumOfS m;
  const auto& S = d.estimate.S;
  const auto& beta = d.estimate.beta;
  const std::size_t n = S.size();
  std::size_t first = n, last = n, best = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(S[i])) continue;
    if (first == n) first = i;
    last = i;
    if (best == n || S[i] > S[best]) best = i;
  }
  if (best == n) return m;
  m.bin = best;
  m.S = S[best];
  m.S_sigma = d.sigma.S[best];
  const std::span<const double> x(d.centers);
  const std::size_t h = static_cast<std::size_t>(d.fit.half_width());
  if (best == last && beta[best] > 0.0) {
    m.L = inf;  // S still rising at the upper end
    return m;
  }
  if (best == first && beta[best] < 0.0) {
    m.L = -inf;  // S falling from the lower end
    return m;
  }
  m.found = true;
  m.L = x[best];
  // The + to - sign change of beta nearest to the largest S (within the window).
  const auto nearest_change = [&](const std::vector<double>& b, std::size_t from,
                                  std::size_t radius) {
    for (std::size_t k = 0; k <= radius; ++k) {
      if (from >= k && sign_change_at(b, from - k)) return from - k;
      if (sign_change_at(b, from + k)) return from + k;
    }
    return n;
  };
  const std::size_t crossing = nearest_change(beta, best > 0 ? best - 1 : 0, h + 1);
  if (crossing == n) return m;
  m.L = zero_between(x, beta, crossing, h);
  // Each replicate: the root of its line through the same bins (a smooth function of the data,
  // so the jackknife holds; re-searching the sign change per replicate is a step function of the
  // data, and its jackknife underestimates when beta's noise is comparable to its change per bin).
  m.L_sigma = jackknife_of(
      d, [&](const EntropyDerivatives& r) { return zero_between(x, r.beta, crossing, h); });
  return m;
}

std::vector<Peak> find_peaks(const JackknifeDerivatives& d, const MaximumOfS& max, double z,
                             int span) {
  std::vector<Peak> peaks;
  const auto& S = d.estimate.S;
  const std::size_t radius = static_cast<std::size_t>(std::max(3, d.fit.half_width()));
  std::vector<double> g(S.size());
  for (std::size_t i = 0; i < S.size(); ++i) g[i] = -S[i];
  const auto run = runs_of(g, [](std::size_t) { return true; });
  for (std::size_t i = 1; i + 1 < S.size(); ++i) {
    const auto [lo, hi] = run[i];
    if (lo > hi) continue;
    if (!is_resolved_min(g, i, lo, hi, static_cast<std::size_t>(std::max(span, 1)))) continue;
    const auto [rise, top] = prominence_of_minimum(g, i, lo, hi);
    Peak p;
    p.bin = i;
    std::tie(p.L, p.L_sigma) = extremum_position(d, 0, -1.0, g, i, lo, hi, radius, rise);
    p.branch = (i == max.bin || !in_branch(d.centers[i], max, Branch::other)) ? Branch::trained
                                                                              : Branch::other;
    p.S = S[i];
    p.S_sigma = d.sigma.S[i];
    p.prominence = rise;
    p.prominence_sigma = d.sigma.S[top] + d.sigma.S[i];
    p.significant = rise > z * p.prominence_sigma;
    peaks.push_back(p);
  }
  return peaks;
}

std::vector<ConvexInterval> find_convex_intervals(const JackknifeDerivatives& d,
                                                  const MaximumOfS& max, double z) {
  std::vector<ConvexInterval> out;
  const auto& gamma = d.estimate.gamma;
  const auto& x = d.centers;
  const std::size_t n = gamma.size();
  for (Branch b : {Branch::trained, Branch::other}) {
    const auto convex = [&](std::size_t i) {
      return std::isfinite(gamma[i]) && gamma[i] > 0.0 && in_branch(x[i], max, b);
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (!convex(i)) continue;
      std::size_t j = i;
      while (j + 1 < n && convex(j + 1)) ++j;
      ConvexInterval c;
      c.branch = b;
      c.first_bin = i;
      c.last_bin = j;
      c.L_lo = x[i];
      if (i > 0 && std::isfinite(gamma[i - 1]) && gamma[i - 1] <= 0.0)
        c.L_lo = x[i - 1] + (x[i] - x[i - 1]) * (-gamma[i - 1]) / (gamma[i] - gamma[i - 1]);
      c.L_hi = x[j];
      if (j + 1 < n && std::isfinite(gamma[j + 1]) && gamma[j + 1] <= 0.0)
        c.L_hi = x[j] + (x[j + 1] - x[j]) * gamma[j] / (gamma[j] - gamma[j + 1]);
      c.gamma_max_bin = i;
      for (std::size_t k = i; k <= j; ++k)
        if (gamma[k] > gamma[c.gamma_max_bin]) c.gamma_max_bin = k;
      c.gamma_max = gamma[c.gamma_max_bin];
      c.gamma_max_sigma = d.sigma.gamma[c.gamma_max_bin];
      c.significant = barrier_verdict(c.gamma_max, c.gamma_max_sigma, z) == BarrierVerdict::barrier;
      out.push_back(c);
      i = j;
    }
  }
  std::sort(out.begin(), out.end(), [](const ConvexInterval& a, const ConvexInterval& b) {
    return a.first_bin < b.first_bin;
  });
  return out;
}

GammaMax find_gamma_max(const JackknifeDerivatives& d, const MaximumOfS& max, Branch b, double z) {
  GammaMax g;
  g.branch = b;
  g.z = z;
  const auto& gamma = d.estimate.gamma;
  for (std::size_t i = 0; i < gamma.size(); ++i) {
    if (!std::isfinite(gamma[i]) || !in_branch(d.centers[i], max, b)) continue;
    if (!g.found || gamma[i] > g.value) g.found = true, g.bin = i, g.value = gamma[i];
  }
  if (!g.found) return g;
  g.L = d.centers[g.bin];
  g.sigma = d.sigma.gamma[g.bin];
  g.verdict = barrier_verdict(g.value, g.sigma, z);
  return g;
}

// ---- 4 ----------------------------------------------------------------------------------------

std::string_view to_string(TransitionType t) {
  return t == TransitionType::independent ? "independent" : "dependent";
}

std::vector<Transition> find_transitions(const JackknifeDerivatives& d, const MaximumOfS& max,
                                         double z, int span) {
  std::vector<Transition> out;
  const auto& x = d.centers;
  const std::size_t n = x.size();
  const std::size_t radius = static_cast<std::size_t>(std::max(3, d.fit.half_width()));
  for (Branch b : {Branch::trained, Branch::other}) {
    const auto allowed = [&](std::size_t i) { return in_branch(x[i], max, b); };
    for (int order = 1; order <= max_derivative_order; ++order) {
      const auto& f = d.estimate.order(order);
      // d^nS/dE^n = e * d^nS/dL^n with E = L (trained) or E = -L (other branch).
      const double e = (b == Branch::other && order % 2 == 1) ? -1.0 : 1.0;
      const double normal_sign = order % 2 == 1 ? 1.0 : -1.0;  // (-1)^(n+1)
      std::vector<double> gE(n), h(n);
      for (std::size_t i = 0; i < n; ++i) gE[i] = e * f[i];
      for (int kind = 0; kind < 2; ++kind) {
        // kind 0: positive-valued minima of gE; kind 1: negative-valued maxima (minima of -gE).
        const double flip = kind == 0 ? 1.0 : -1.0;
        for (std::size_t i = 0; i < n; ++i) h[i] = flip * gE[i];
        const auto run = runs_of(h, allowed);
        for (std::size_t i = 1; i + 1 < n; ++i) {
          const auto [lo, hi] = run[i];
          if (lo > hi || !(h[i] > 0.0)) continue;
          // |gE| locally smallest, resolved on the scale of the window
          if (!is_resolved_min(h, i, lo, hi, static_cast<std::size_t>(std::max(span, 1)))) continue;
          const double sign_E = kind == 0 ? 1.0 : -1.0;
          const TransitionType type =
              sign_E == normal_sign ? TransitionType::independent : TransitionType::dependent;
          if (order == 1 && type == TransitionType::dependent) continue;  // not in the scheme
          const auto [rise, top] = prominence_of_minimum(h, i, lo, hi);
          Transition t;
          t.order = order;
          t.type = type;
          t.branch = b;
          t.minimum = kind == 0;
          t.bin = i;
          std::tie(t.L, t.L_sigma) =
              extremum_position(d, order, flip * e, h, i, lo, hi, radius, rise);
          t.value = f[i];
          t.sigma = d.sigma.order(order)[i];
          t.prominence = rise;
          const std::size_t tp = top;
          t.prominence_sigma = d.sigma.order(order)[tp] + d.sigma.order(order)[i];
          t.significant = std::abs(t.value) > z * t.sigma && rise > z * t.prominence_sigma;
          out.push_back(t);
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Transition& a, const Transition& b) {
    if (a.branch != b.branch) return a.branch == Branch::trained;
    if (a.bin != b.bin) return a.bin < b.bin;
    return a.order < b.order;
  });
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k].type != TransitionType::dependent) continue;
    std::size_t best_dist = std::numeric_limits<std::size_t>::max();
    for (std::size_t u = 0; u < out.size(); ++u) {
      const Transition& c = out[u];
      if (c.type != TransitionType::independent || c.branch != out[k].branch ||
          c.order >= out[k].order)
        continue;
      const std::size_t dist = c.bin > out[k].bin ? c.bin - out[k].bin : out[k].bin - c.bin;
      if (dist < best_dist) best_dist = dist, out[k].partner = static_cast<long>(u);
    }
  }
  return out;
}

MicrocanonicalAnalysis analyze_microcanonical(const RunsView& runs, const AnalysisSpec& spec) {
  if (!(spec.z > 0.0) || !std::isfinite(spec.z))
    throw std::invalid_argument("AnalysisSpec: z must be finite and > 0");
  MicrocanonicalAnalysis a;
  a.spec = spec;
  a.derivatives = jackknife_derivatives(runs, spec.fit);
  a.maximum = find_maximum(a.derivatives);
  a.peaks = find_peaks(a.derivatives, a.maximum, spec.z, spec.fit.window);
  a.convex = find_convex_intervals(a.derivatives, a.maximum, spec.z);
  a.gamma_max_trained = find_gamma_max(a.derivatives, a.maximum, Branch::trained, spec.z);
  a.gamma_max_other = find_gamma_max(a.derivatives, a.maximum, Branch::other, spec.z);
  a.transitions = find_transitions(a.derivatives, a.maximum, spec.z, spec.fit.window);
  return a;
}

// ---- 5 ----------------------------------------------------------------------------------------

std::string_view to_string(Variant v) {
  switch (v) {
    case Variant::half_bin_width:
      return "half_bin_width";
    case Variant::double_bin_width:
      return "double_bin_width";
    case Variant::half_window:
      return "half_window";
    case Variant::double_window:
      break;
  }
  return "double_window";
}

LocalFitSpec variant_fit(const LocalFitSpec& reference, Variant v, bool keep_window_span_in_L) {
  validate(reference);
  const int h = reference.half_width();
  const int h_min = (reference.degree + 2) / 2;  // smallest h with 2h + 1 >= degree + 2
  const int halved = std::min(h, std::max((h + 1) / 2, h_min));
  const int doubled = 2 * h;
  int hv = h;
  switch (v) {
    case Variant::half_bin_width:
      hv = keep_window_span_in_L ? doubled : h;
      break;
    case Variant::double_bin_width:
      hv = keep_window_span_in_L ? halved : h;
      break;
    case Variant::half_window:
      hv = halved;
      break;
    case Variant::double_window:
      hv = doubled;
      break;
  }
  LocalFitSpec f = reference;
  f.window = 2 * hv + 1;
  return f;
}

std::vector<RobustTransition> match_transitions(
    std::span<const double> reference_centers, std::span<const Transition> reference,
    const std::array<std::span<const Transition>, 4>& variants, int tolerance_bins) {
  std::vector<RobustTransition> out;
  const std::size_t n = reference_centers.size();
  // The width of the reference bin at L: the spacing of the centres around it.
  const auto bin_width = [&](double L) {
    if (n < 2) return 0.0;
    const auto it = std::upper_bound(reference_centers.begin(), reference_centers.end(), L);
    std::size_t k = static_cast<std::size_t>(it - reference_centers.begin());
    k = std::clamp<std::size_t>(k, 1, n - 1);
    return reference_centers[k] - reference_centers[k - 1];
  };
  for (const Transition& t : reference) {
    if (!t.significant) continue;
    RobustTransition rt;
    rt.transition = t;
    const double tolerance = tolerance_bins * bin_width(t.L);
    rt.robust = true;
    for (std::size_t k = 0; k < variants.size(); ++k) {
      rt.match[k] = -1;
      double best = inf;
      for (std::size_t u = 0; u < variants[k].size(); ++u) {
        const Transition& c = variants[k][u];
        const double distance = std::abs(c.L - t.L);
        if (!c.significant || c.order != t.order || c.type != t.type || c.branch != t.branch ||
            c.sign() != t.sign() || !(distance <= tolerance))
          continue;
        if (distance < best) best = distance, rt.match[k] = static_cast<long>(u);
      }
      rt.robust = rt.robust && rt.match[k] >= 0;
    }
    out.push_back(rt);
  }
  return out;
}

RobustnessReport robustness_check(const RobustnessInput& input, const RobustnessSpec& spec) {
  RobustnessReport rep;
  rep.reference = analyze_microcanonical(input.reference, spec.analysis);
  for (Variant v : all_variants) {
    AnalysisSpec as = spec.analysis;
    as.fit = variant_fit(spec.analysis.fit, v, spec.keep_window_span_in_L);
    const RunsView& data = v == Variant::half_bin_width     ? input.half_bin_width
                           : v == Variant::double_bin_width ? input.double_bin_width
                                                            : input.reference;
    rep.variants[static_cast<std::size_t>(v)] = analyze_microcanonical(data, as);
  }
  std::array<std::span<const Transition>, 4> lists;
  for (std::size_t k = 0; k < 4; ++k) lists[k] = rep.variants[k].transitions;
  rep.transitions = match_transitions(input.reference.centers, rep.reference.transitions, lists,
                                      spec.tolerance_bins);
  const auto agree = [&](auto member) {
    const BarrierVerdict v0 = (rep.reference.*member).verdict;
    for (const auto& a : rep.variants)
      if ((a.*member).verdict != v0) return BarrierVerdict::undecided;
    return v0;
  };
  rep.trained_barrier = agree(&MicrocanonicalAnalysis::gamma_max_trained);
  rep.other_barrier = agree(&MicrocanonicalAnalysis::gamma_max_other);
  return rep;
}

}  // namespace xorscape::dos
