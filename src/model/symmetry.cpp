#include "xorscape/model/symmetry.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include "xorscape/model/gate.hpp"

namespace xorscape::model {
namespace {

void check_size(const Network& net, std::span<const double> v, const char* what) {
  if (static_cast<int>(v.size()) != net.num_params())
    throw std::invalid_argument(std::string(what) + ": vector has " + std::to_string(v.size()) +
                                " entries, n_h = " + std::to_string(net.n_hidden) + " needs " +
                                std::to_string(net.num_params()));
}

struct Neuron {
  double w1a = 0.0, w1b = 0.0, b1 = 0.0, w2 = 0.0;
  double b2_shift = 0.0;  // what flipping this neuron added to b2
  std::uint8_t pattern = 0;
};

std::uint8_t pattern_of(double w1a, double w1b, double b1) {
  std::uint8_t p = 0;
  for (int c = 0; c < kCases; ++c) {
    // The same expression as the forward pass, so the sign is that of the z the network sees.
    const double z = w1a * kInput1[c] + w1b * kInput2[c] + b1;
    if (z > 0.0) p |= static_cast<std::uint8_t>(1u << (kCases - 1 - c));
  }
  return p;
}

// The sign convention of canonical_form: w2 > 0, or w2 == 0 and the incoming weights lead with a
// positive entry. A neuron that is all zeros needs no flip.
bool wants_flip(const Neuron& n) {
  if (n.w2 != 0.0) return n.w2 < 0.0;
  for (double x : {n.w1a, n.w1b, n.b1})
    if (x != 0.0) return x < 0.0;
  return false;
}

}  // namespace

std::vector<double> permute_hidden(const Network& net, std::span<const double> v,
                                   std::span<const int> order) {
  check_size(net, v, "permute_hidden");
  const int nh = net.n_hidden;
  if (static_cast<int>(order.size()) != nh)
    throw std::invalid_argument("permute_hidden: order must have n_h entries");
  std::vector<char> seen(nh, 0);
  for (int k : order) {
    if (k < 0 || k >= nh || seen[k])
      throw std::invalid_argument("permute_hidden: order is not a permutation of 0..n_h-1");
    seen[k] = 1;
  }
  std::vector<double> out(v.begin(), v.end());
  for (int i = 0; i < nh; ++i) {
    const int k = order[i];
    out[net.w1(i, 0)] = v[net.w1(k, 0)];
    out[net.w1(i, 1)] = v[net.w1(k, 1)];
    out[net.b1(i)] = v[net.b1(k)];
    out[net.w2(i)] = v[net.w2(k)];
  }
  return out;
}

bool has_flip_symmetry(Activation a) {
  return a == Activation::sigmoid || a == Activation::tanh;
}

std::vector<double> flip_hidden(const Network& net, std::span<const double> v, int i) {
  check_size(net, v, "flip_hidden");
  if (!has_flip_symmetry(net.hidden_activation))
    throw std::invalid_argument("flip_hidden: " + std::string(to_string(net.hidden_activation)) +
                                " has no flip symmetry");
  if (i < 0 || i >= net.n_hidden) throw std::invalid_argument("flip_hidden: no hidden neuron i");
  std::vector<double> out(v.begin(), v.end());
  out[net.w1(i, 0)] = -v[net.w1(i, 0)];
  out[net.w1(i, 1)] = -v[net.w1(i, 1)];
  out[net.b1(i)] = -v[net.b1(i)];
  out[net.w2(i)] = -v[net.w2(i)];
  // w2 sigma(z) = w2 - w2 sigma(-z): the constant part moves into the output bias.
  if (net.hidden_activation == Activation::sigmoid) out[net.b2()] = v[net.b2()] + v[net.w2(i)];
  return out;
}

std::vector<std::uint8_t> hidden_patterns(const Network& net, std::span<const double> v) {
  check_size(net, v, "hidden_patterns");
  std::vector<std::uint8_t> out(net.n_hidden);
  for (int i = 0; i < net.n_hidden; ++i)
    out[i] = pattern_of(v[net.w1(i, 0)], v[net.w1(i, 1)], v[net.b1(i)]);
  return out;
}

std::string pattern_string(std::uint8_t pattern) {
  std::string s(kCases, '0');
  for (int c = 0; c < kCases; ++c)
    if (pattern & (1u << (kCases - 1 - c))) s[c] = '1';
  return s;
}

std::vector<double> canonical_form(const Network& net, std::span<const double> v) {
  check_size(net, v, "canonical_form");
  for (double x : v)
    if (!std::isfinite(x)) throw std::invalid_argument("canonical_form: non-finite entry");
  const int nh = net.n_hidden;
  const bool flips = has_flip_symmetry(net.hidden_activation);
  const bool shifts_b2 = net.hidden_activation == Activation::sigmoid;
  std::vector<Neuron> neurons(nh);
  for (int i = 0; i < nh; ++i) {
    Neuron& n = neurons[i];
    n = {v[net.w1(i, 0)], v[net.w1(i, 1)], v[net.b1(i)], v[net.w2(i)]};
    if (flips && wants_flip(n)) {
      if (shifts_b2) n.b2_shift = n.w2;
      n = {-n.w1a, -n.w1b, -n.b1, -n.w2, n.b2_shift};
      if (n.w2 == 0.0) n.w2 = 0.0;  // +0, so that v and its flip agree bit for bit here
    }
    n.pattern = pattern_of(n.w1a, n.w1b, n.b1);
  }
  // Total order on neurons (up to identical neurons, whose order does not matter).
  const auto key = [](const Neuron& n) {
    return std::make_tuple(n.pattern, -n.w2, -n.w1a, -n.w1b, -n.b1);
  };
  std::sort(neurons.begin(), neurons.end(),
            [&](const Neuron& a, const Neuron& b) { return key(a) < key(b); });
  std::vector<double> out(v.size());
  double b2 = v[net.b2()];
  for (int i = 0; i < nh; ++i) {
    const Neuron& n = neurons[i];
    out[net.w1(i, 0)] = n.w1a;
    out[net.w1(i, 1)] = n.w1b;
    out[net.b1(i)] = n.b1;
    out[net.w2(i)] = n.w2;
    // In canonical order, so that every permutation of v gets the same rounding.
    if (n.b2_shift != 0.0) b2 += n.b2_shift;
  }
  out[net.b2()] = b2;
  return out;
}

}  // namespace xorscape::model
