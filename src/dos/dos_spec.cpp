#include "xorscape/dos/dos_spec.hpp"

#include <cmath>

#include "xorscape/dos/wang_landau.hpp"

namespace xorscape::dos {

double Measure::log_mass() const {
  if (kind == MeasureKind::gaussian) return 0.0;
  double s = 0.0;
  for (double b : half_width) s += std::log(2.0 * b);
  return s;
}

bool Measure::contains(int k, double x) const {
  return kind == MeasureKind::gaussian || std::fabs(x) <= half_width[k];
}

std::string_view to_string(Method m) {
  switch (m) {
    case Method::simple:
      return "simple";
    case Method::wang_landau:
      return "wang-landau";
    case Method::multicanonical:
      return "multicanonical";
  }
  return "?";
}

std::vector<double> uniform_edges(double lo, double hi, int n) {
  std::vector<double> e(n + 1);
  for (int i = 0; i <= n; ++i) e[i] = lo + (hi - lo) * i / n;
  e[n] = hi;
  return e;
}

std::vector<double> log_then_uniform_edges(double lo, double cut, double hi, int n_log, int n_lin) {
  std::vector<double> e;
  for (int i = 0; i < n_log; ++i) e.push_back(lo * std::pow(cut / lo, double(i) / n_log));
  for (int i = 0; i <= n_lin; ++i) e.push_back(cut + (hi - cut) * i / n_lin);
  e.back() = hi;
  return e;
}

double log_sum_exp(std::span<const double> x) {
  double top = -std::numeric_limits<double>::infinity();
  for (double v : x)
    if (std::isfinite(v)) top = std::max(top, v);
  if (!std::isfinite(top)) return top;
  double s = 0.0;
  for (double v : x)
    if (std::isfinite(v)) s += std::exp(v - top);
  return top + std::log(s);
}

void normalize_ln_g(std::vector<double>& ln_g, double log_mass) {
  const double shift = log_mass - log_sum_exp(ln_g);
  for (double& v : ln_g)
    if (std::isfinite(v)) v += shift;
}

}  // namespace xorscape::dos
