// The density-of-loss samplers against closed forms and exact facts: a toy energy whose density
// is known (the sum of squares of d uniform variables inside the inscribed ball), the network's
// tracked loss against a fresh evaluation, and the output-flip and n_h = 1 facts of the model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "dos_toys.hpp"
#include "xorscape/dos/network_energy.hpp"
#include "xorscape/dos/simple_sampling.hpp"
#include "xorscape/dos/wang_landau.hpp"
#include "xorscape/model/reference_network.hpp"

namespace {
using namespace xorscape;

// The sum of squares of 9 uniform variables inside the inscribed ball (tests/unit/dos_toys.hpp;
// test_dos_validation.cpp has the full set of toys and methods).
TEST(WangLandau, RecoversTheBallVolumeOfTheSumOfSquares) {
  const int d = 9;
  const dos_toys::Toy t =
      dos_toys::box_sum_of_squares(d, dos::log_then_uniform_edges(0.05, 0.5, 1.0, 12, 6));
  const auto exact = dos_toys::exact_as_estimated(t, dos::Method::multicanonical);
  dos::WangLandauSettings s;
  s.ln_f_final = 1e-5;
  s.check_every = 2000;
  s.production_steps = 2000000;
  for (std::uint64_t run = 0; run < 2; ++run) {
    dos_toys::SumOfSquares toy(std::vector<double>(d, 0.25));
    exec::RandomStream rng(7, run, exec::Purpose::proposal);
    dos::WangLandauWalker walker(toy, t.measure, t.edges, s, rng);
    const auto r = walker.run(nullptr);
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(r.bins_never_reached, 0);
    EXPECT_GT(r.flat_iterations, 0);
    EXPECT_GT(r.round_trips, 0u);
    const double rms_wl = dos_toys::rms_error(r.ln_g_wl, exact);
    const double rms = dos_toys::rms_error(r.ln_g, exact);
    std::printf("run %d: rms(ln G_WL) = %.4f, rms(ln G) = %.4f, flat %d, trips %d\n", int(run),
                rms_wl, rms, r.flat_iterations, int(r.round_trips));
    EXPECT_LT(rms_wl, 0.05);
    EXPECT_LT(rms, 0.05);
  }
}

TEST(SimpleSampling, CountsMatchTheBoxMeasureOfTheNetwork) {
  // n_h = 1: the loss of every vector lies in [1/6, 3/4] (no zero-loss states for the
  // perceptron-like net); sampling a wide box must never leave that range.
  model::Network net;
  net.n_hidden = 1;
  dos::Measure box{dos::MeasureKind::box, std::vector<double>(5, 50.0), 1.0};
  const auto edges = dos::uniform_edges(0.0, 1.0, 40);
  exec::RandomStream rng(3, 0, exec::Purpose::proposal);
  const auto c = dos::sample_losses(net, box, edges, 200000, rng);
  EXPECT_GE(c.min_loss, 1.0 / 6.0 - 1e-12);
  EXPECT_LE(c.max_loss, 0.75 + 1e-12);
  std::uint64_t total = c.below + c.above;
  for (auto n : c.counts) total += n;
  EXPECT_EQ(total, 200000u);
  const auto ln_g = dos::ln_g_of_counts(c, box.log_mass());
  EXPECT_NEAR(dos::log_sum_exp(ln_g), box.log_mass(), 1e-12);  // everything inside [0, 1)
}

TEST(NetworkEnergy, TrackedLossEqualsAFreshEvaluationBitForBit) {
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<double> u(-8.0, 8.0);
  for (int nh : {1, 2, 3, 18})
    for (auto act : {model::Activation::sigmoid, model::Activation::tanh, model::Activation::relu})
      for (auto loss : {model::LossKind::mse, model::LossKind::bce}) {
        model::Network net;
        net.n_hidden = nh;
        net.hidden_activation = act;
        net.loss = loss;
        std::vector<double> v(net.num_params());
        for (double& x : v) x = u(gen);
        dos::NetworkEnergy e(net, v);
        for (int step = 0; step < 400; ++step) {
          if (step % 50 == 49) {
            for (double& x : v) x = u(gen);
            e.propose_all(v);
          } else {
            e.propose_one(static_cast<int>(gen() % net.num_params()), u(gen));
          }
          if (gen() % 2) e.accept();
          ASSERT_EQ(e.value(), model::loss_reference(net, e.position())) << nh << " " << step;
          ASSERT_EQ(e.value(), e.recompute());
        }
      }
}

// XNOR is XOR with the output flipped: negating the output weights and bias maps one loss onto
// the other, and the box is symmetric, so the two densities are identical.
TEST(NetworkEnergy, XorAndXnorLossesMapOntoEachOther) {
  std::mt19937_64 gen(5);
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  model::Network xr, xn;
  xn.gate = model::Gate::xnor_gate;
  for (int i = 0; i < 1000; ++i) {
    std::vector<double> v(9);
    for (double& x : v) x = u(gen);
    auto w = v;
    for (int k = 6; k < 9; ++k) w[k] = -w[k];
    EXPECT_NEAR(model::loss_reference(xr, v), model::loss_reference(xn, w), 1e-15);
  }
}

}  // namespace
