#include "xorscape/landscape/cross_section.hpp"

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
}

int CrossSection::joint_cases() const {
  int n = 0;
  for (auto s : special_) n += s == Special::joint ? 1 : 0;
  return n;
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

void CrossSection::evaluate_row(int r, double* contrib, std::uint8_t* wrong, double* work) const {
  const int n = nx_;
  for (int m = 0; m < kCases; ++m) {
    const RowTerms t = row_terms(m, y_[r]);
    const double* a = a_.data() + m * n;
    double* z = contrib + m * n;
    switch (special_[m]) {
      case Special::none:
#pragma omp simd
        for (int c = 0; c < n; ++c) z[c] = a[c] + t.b;
        break;
      case Special::product: {
        const double* q = q_.data() + m * n;
#pragma omp simd
        for (int c = 0; c < n; ++c) z[c] = a[c] + t.b + t.p * q[c];
        break;
      }
      case Special::joint: {
        const double* h = hc_.data() + m * n;
#pragma omp simd
        for (int c = 0; c < n; ++c) work[c] = h[c] + t.h;
        model::detail::activate_elements<8>(net_.hidden_activation, work, work, n);
        const double w = joint_weight_[m];
#pragma omp simd
        for (int c = 0; c < n; ++c) z[c] = a[c] + t.b + w * work[c];
        break;
      }
    }
  }
  output_loss(contrib, wrong);
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
