#include "xorscape/landscape/cross_section.hpp"

#include <array>
#include <cmath>

#include "xorscape/model/batched_kernel.hpp"

namespace xorscape::landscape {
namespace {

using model::kCases;
using model::Network;

// Hidden neuron that parameter k belongs to (its weights, bias or output weight); -1 for b2.
int neuron_of(const Network& net, int k) {
  const int nh = net.n_hidden;
  if (k < 2 * nh) return k / 2;
  if (k < 4 * nh) return k % nh;
  return -1;
}

// Coefficient of parameter k in the pre-activation of hidden neuron i for case m.
double hidden_coefficient(const Network& net, int k, int i, int m) {
  if (k == net.w1(i, 0)) return model::kInput1[m];
  if (k == net.w1(i, 1)) return model::kInput2[m];
  if (k == net.b1(i)) return 1.0;
  return 0.0;
}

// v: any indexable parameter source (a vector, or center values with one parameter replaced).
template <typename Values>
double hidden_z(const Network& net, const Values& v, int i, int m) {
  return v[net.w1(i, 0)] * model::kInput1[m] + v[net.w1(i, 1)] * model::kInput2[m] + v[net.b1(i)];
}

template <typename Values>
double neuron_term(const Network& net, const Values& v, int i, int m) {
  return v[net.w2(i)] * model::activate(net.hidden_activation, hidden_z(net, v, i, m));
}

// The center with parameter k set to `value`, without copying it.
struct Replaced {
  const std::vector<double>& center;
  int k;
  double value;
  double operator[](int j) const { return j == k ? value : center[j]; }
};

// Whether the term of neuron i in case m changes with parameter k.
bool depends_on(const Network& net, int k, int i, int m) {
  return k == net.w2(i) || hidden_coefficient(net, k, i, m) != 0.0;
}

}  // namespace

CrossSection::CrossSection(const Network& net, std::span<const double> center, ParameterPair pair,
                           std::span<const double> x_shifts, std::span<const double> y_shifts)
    : net_(net),
      center_(center.begin(), center.end()),
      pair_(pair),
      nx_(static_cast<int>(x_shifts.size())) {
  const int px = pair.x, py = pair.y;
  for (double s : y_shifts) y_.push_back(center_[py] + s);
  const auto& y = model::targets(net.gate);
  a_.assign(static_cast<std::size_t>(kCases) * nx_, 0.0);
  zeros_.assign(nx_, 0.0);
  q_.assign(a_.size(), 0.0);
  hc_.assign(a_.size(), 0.0);
  std::vector<double> v = center_;
  for (int m = 0; m < kCases; ++m) {
    target_[m] = y[m];
    double* a = a_.data() + m * nx_;
    for (int c = 0; c < nx_; ++c) {
      v[px] = center_[px] + x_shifts[c];
      a[c] = net.b2() == py ? 0.0 : v[net.b2()];
      for (int i = 0; i < net.n_hidden; ++i)
        if (!depends_on(net, py, i, m)) a[c] += neuron_term(net, v, i, m);
    }
    v[px] = center_[px];
    const int i = neuron_of(net, py);
    if (i < 0 || i != neuron_of(net, px) || !depends_on(net, px, i, m) ||
        !depends_on(net, py, i, m))
      continue;
    special_neuron_[m] = i;
    double* q = q_.data() + m * nx_;
    double* h = hc_.data() + m * nx_;
    for (int c = 0; c < nx_; ++c) {
      v[px] = center_[px] + x_shifts[c];
      if (px == net.w2(i)) {
        special_[m] = Special::product;
        q[c] = v[px];
      } else if (py == net.w2(i)) {
        special_[m] = Special::product;
        q[c] = model::activate(net.hidden_activation, hidden_z(net, v, i, m));
      } else {
        special_[m] = Special::joint;
        joint_weight_[m] = center_[net.w2(i)];
        joint_row_coef_[m] = hidden_coefficient(net, py, i, m);
        const double saved = v[py];
        v[py] = 0.0;  // the row's share is added per row
        h[c] = hidden_z(net, v, i, m);
        v[py] = saved;
      }
    }
    v[px] = center_[px];
  }
  // Cases whose pre-activation is a column term plus a row term have e^{-t} = e^{-s A[c]}
  // e^{-s B(r)}: the column factors are computed here, the row factor once per row, and a grid
  // point needs no exponential at all. Only where |A| stays below kSeparableLimit, so that the
  // factors are finite and the product loses nothing (each factor is within 2 ulp; their product
  // within 5).
  ea_.assign(a_.size(), 0.0);
  for (int m = 0; m < kCases; ++m) {
    if (special_[m] != Special::none || net.loss != model::LossKind::mse) continue;
    const double sign = target_[m] == 0.0 ? 1.0 : -1.0;
    const double* a = a_.data() + m * nx_;
    separable_[m] = true;
    for (int c = 0; c < nx_; ++c)
      separable_[m] = separable_[m] && std::fabs(a[c]) < kSeparableLimit;
    if (!separable_[m]) continue;
    for (int c = 0; c < nx_; ++c) ea_[m * nx_ + c] = model::vector_exp(-sign * a[c]);
  }
}

CrossSection::RowTerms CrossSection::row_terms(int m, double y) const {
  const int px = pair_.x, py = pair_.y;
  RowTerms t{py == net_.b2() ? y : 0.0, 0.0, 0.0};
  const Replaced v{center_, py, y};
  for (int i = 0; i < net_.n_hidden; ++i)
    if (depends_on(net_, py, i, m) && !depends_on(net_, px, i, m))
      t.b += neuron_term(net_, v, i, m);
  if (special_[m] == Special::product) {
    const int i = special_neuron_[m];
    t.p = py == net_.w2(i) ? y : model::activate(net_.hidden_activation, hidden_z(net_, v, i, m));
  } else if (special_[m] == Special::joint) {
    t.h = joint_row_coef_[m] * y;
  }
  return t;
}

namespace {

// The terms of z_m for one case m: z = a[c] + b + p q[c] + w j[c] (q, j: zeros when absent).
struct CaseTerms {
  const double *a, *q, *j;
  double b, p, w, sign;
};

// 1 + e^{-t} of one case, t = sign z (see mse_from_denominators), clamped to [-350, 350].
// The product and joint terms are compile-time options so that absent ones cost nothing.
template <bool kProduct, bool kJoint>
void case_denominator(int n, const CaseTerms& u, double* d) {
  const double *a = u.a, *q = u.q, *j = u.j;
  const double b = u.b, p = u.p, w = u.w, sign = u.sign;
#pragma omp simd
  for (int c = 0; c < n; ++c) {
    double z = a[c] + b;
    if constexpr (kProduct) z += p * q[c];
    if constexpr (kJoint) z += w * j[c];
    double t = sign * z;
    t = t > 350.0 ? 350.0 : (t < -350.0 ? -350.0 : t);
    d[c] = 1.0 + model::vector_exp(-t);
  }
}

// 1 + e^{-t} of a separable case from the column factors e^{-s A[c]} and the row's e^{-s B}.
// The product is clamped like t in case_denominator.
inline void separable_denominator(int n, const double* ea, double eb, double* d) {
  constexpr double kHi = 1.0070908870280797e152, kLo = 1.0 / kHi;  // e^{+-350}
#pragma omp simd
  for (int c = 0; c < n; ++c) {
    double e = ea[c] * eb;
    e = e > kHi ? kHi : (e < kLo ? kLo : e);
    d[c] = 1.0 + e;
  }
}

// MSE of the four cases from their denominators d_m = 1 + e^{-t_m}. With targets 0 or 1 the
// residual |y-hat - y| is sigma(t) = 1/d with t = z (y = 0) or t = -z (y = 1), which has no
// cancellation, and two residuals share one division: 1/(d0 d1) gives 1/d0 = d1/(d0 d1) and
// 1/d1 (division is what bounds the throughput). The clamp of t to [-350, 350] keeps d0 d1
// finite; below it a residual is under 1e-152 and its square under 1e-304, so only losses below
// about 1e-300 are affected. Exponentials and divisions sit in separate loops: one loop doing
// all of it runs out of vector registers and spills.
template <bool kStoreCases>
void mse_from_denominators(int n, const double* d, double* loss, std::uint8_t* wrong,
                           double* cases) {
  const double *d0 = d, *d1 = d + n, *d2 = d + 2 * n, *d3 = d + 3 * n;
#pragma omp simd
  for (int c = 0; c < n; ++c) {
    const double i01 = 1.0 / (d0[c] * d1[c]), i23 = 1.0 / (d2[c] * d3[c]);
    const double r0 = d1[c] * i01, r1 = d0[c] * i01, r2 = d3[c] * i23, r3 = d2[c] * i23;
    const double c0 = r0 * r0, c1 = r1 * r1, c2 = r2 * r2, c3 = r3 * r3;
    loss[c] = (((c0 + c1) + c2) + c3) * 0.25;
    wrong[c] = static_cast<std::uint8_t>((r0 >= 0.5 ? 1 : 0) + (r1 >= 0.5 ? 1 : 0) +
                                         (r2 >= 0.5 ? 1 : 0) + (r3 >= 0.5 ? 1 : 0));
    if constexpr (kStoreCases) {
      cases[c] = c0;
      cases[n + c] = c1;
      cases[2 * n + c] = c2;
      cases[3 * n + c] = c3;
    }
  }
}

}  // namespace

void CrossSection::evaluate_row(int r, double* loss, std::uint8_t* wrong, double* cases,
                                double* work) const {
  const int n = nx_;
  std::array<CaseTerms, 4> terms;
  for (int m = 0; m < kCases; ++m) {
    const RowTerms t = row_terms(m, y_[r]);
    CaseTerms& ct = terms[m];
    ct = {a_.data() + m * n,
          zeros_.data(),
          zeros_.data(),
          t.b,
          0.0,
          0.0,
          target_[m] == 0.0 ? 1.0 : -1.0};
    if (special_[m] == Special::product) {
      ct.q = q_.data() + m * n;
      ct.p = t.p;
    } else if (special_[m] == Special::joint) {
      const double* h = hc_.data() + m * n;
      double* act = work + m * n;
#pragma omp simd
      for (int c = 0; c < n; ++c) act[c] = h[c] + t.h;
      model::detail::activate_elements<8>(net_.hidden_activation, act, act, n);
      ct.j = act;
      ct.w = joint_weight_[m];
    }
  }
  if (net_.loss == model::LossKind::mse) {
    double* d = work + kCases * n;
    for (int m = 0; m < kCases; ++m) {
      if (special_[m] == Special::product)
        case_denominator<true, false>(n, terms[m], d + m * n);
      else if (special_[m] == Special::joint)
        case_denominator<false, true>(n, terms[m], d + m * n);
      else if (separable_[m] && std::fabs(terms[m].b) < kSeparableLimit)
        separable_denominator(n, ea_.data() + m * n, model::vector_exp(-terms[m].sign * terms[m].b),
                              d + m * n);
      else
        case_denominator<false, false>(n, terms[m], d + m * n);
    }
    if (cases)
      mse_from_denominators<true>(n, d, loss, wrong, cases);
    else
      mse_from_denominators<false>(n, d, loss, wrong, cases);
    return;
  }
  // Other losses: pre-activations first, then the generic per-case loss.
  double* z = cases ? cases : work + kCases * n;
  for (int m = 0; m < kCases; ++m) {
    const CaseTerms& t = terms[m];
    for (int c = 0; c < n; ++c) z[m * n + c] = t.a[c] + t.b + t.p * t.q[c] + t.w * t.j[c];
  }
  output_loss(z, wrong);
  for (int c = 0; c < n; ++c) loss[c] = (((z[c] + z[n + c]) + z[2 * n + c]) + z[3 * n + c]) * 0.25;
}

void CrossSection::output_loss(double* contrib, std::uint8_t* wrong) const {
  const int n = nx_;
#pragma omp simd
  for (int c = 0; c < n; ++c) wrong[c] = 0;
  for (int m = 0; m < kCases; ++m) {
    double* z = contrib + m * n;
    const double y = target_[m];
    if (net_.loss == model::LossKind::mse) {
#pragma omp simd
      for (int c = 0; c < n; ++c) {
        const double d = model::sigmoid(z[c]) - y;
        wrong[c] += std::fabs(d) >= 0.5 ? 1 : 0;
        z[c] = d * d;
      }
    } else {
      // -[y ln s(z) + (1-y) ln(1-s(z))] = softplus(z) - y z, as in the batched kernel.
      for (int c = 0; c < n; ++c) {
        const double d = model::sigmoid(z[c]) - y;
        wrong[c] += std::fabs(d) >= 0.5 ? 1 : 0;
        const double zc = z[c];
        z[c] = (zc > 0.0 ? zc : 0.0) + std::log1p(std::exp(-std::fabs(zc))) - y * zc;
      }
    }
  }
}

}  // namespace xorscape::landscape
