// The analytic gradient (Eq. 6, both implementations) against central finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "xorscape/exec/random_stream.hpp"
#include "xorscape/model/batched_kernel.hpp"
#include "xorscape/model/reference_network.hpp"

namespace {
using namespace xorscape::model;

std::vector<double> random_vector(int n, std::uint64_t seed, double scale) {
  xorscape::exec::RandomStream s(seed, 0, xorscape::exec::Purpose::initialization);
  std::vector<double> v(n);
  for (auto& x : v) x = scale * (2.0 * s.uniform() - 1.0);
  return v;
}

double fd_derivative(const Network& net, std::vector<double> v, int k, const BatchRows& rows) {
  const double h = 1e-5 * std::max(1.0, std::fabs(v[k]));
  const double x = v[k];
  v[k] = x + h;
  const double up = loss_reference(net, v, rows);
  v[k] = x - h;
  const double down = loss_reference(net, v, rows);
  return (up - down) / (2.0 * h);
}

class GradientTest : public ::testing::TestWithParam<std::tuple<Activation, LossKind, int>> {};

TEST_P(GradientTest, MatchesCentralDifferences) {
  const auto [act, loss, nh] = GetParam();
  Network net{nh, act, Gate::xor_gate, loss};
  const BatchRows batches[] = {kFullBatch, {3, 3, 0, 1}, {2, 2, 2, 2}};
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    // Nudge relu inputs away from its kink, where the derivative is not defined.
    auto v = random_vector(net.num_params(), seed, 2.0);
    for (const auto& rows : batches) {
      const Evaluation e = evaluate_reference(net, v, rows);
      for (int k = 0; k < net.num_params(); ++k) {
        const double fd = fd_derivative(net, v, k, rows);
        EXPECT_NEAR(e.gradient[k], fd, 1e-8 + 1e-6 * std::fabs(fd))
            << "param " << param_names(net)[k] << " seed " << seed;
      }
    }
  }
}

TEST_P(GradientTest, BatchedKernelAgreesWithReference) {
  const auto [act, loss, nh] = GetParam();
  Network net{nh, act, Gate::xor_gate, loss};
  constexpr int W = 8;
  const int np = net.num_params();
  std::vector<double> p(np * W), g(np * W);
  std::vector<std::vector<double>> vs;
  BatchRows rows[W];
  for (int t = 0; t < W; ++t) {
    vs.push_back(random_vector(np, 100 + t, 3.0));
    for (int k = 0; k < np; ++k) p[k * W + t] = vs[t][k];
    rows[t] = {static_cast<std::uint8_t>(t % 4), static_cast<std::uint8_t>((t / 2) % 4), 1, 3};
  }
  KernelScratch s;
  s.reserve(net, W);
  double loss_v[W], loss_only[W];
  loss_grad_block<W>(net, p.data(), W, rows, loss_v, g.data(), W, s);
  loss_block<W>(net, p.data(), W, rows, loss_only, s);
  for (int t = 0; t < W; ++t) {
    const Evaluation e = evaluate_reference(net, vs[t], rows[t]);
    EXPECT_NEAR(loss_v[t], e.loss, 1e-14);
    EXPECT_EQ(loss_v[t], loss_only[t]);
    for (int k = 0; k < np; ++k)
      EXPECT_NEAR(g[k * W + t], e.gradient[k], 1e-14 + 1e-12 * std::fabs(e.gradient[k]));
  }
}

INSTANTIATE_TEST_SUITE_P(AllActivationsLossesSizes, GradientTest,
                         ::testing::Combine(::testing::Values(Activation::sigmoid, Activation::tanh,
                                                              Activation::relu),
                                            ::testing::Values(LossKind::mse, LossKind::bce),
                                            ::testing::Values(1, 2, 3, 18)),
                         [](const auto& info) {
                           return std::string(to_string(std::get<0>(info.param))) + "_" +
                                  std::string(to_string(std::get<1>(info.param))) + "_nh" +
                                  std::to_string(std::get<2>(info.param));
                         });
}  // namespace
