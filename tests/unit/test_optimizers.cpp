#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "xorscape/exec/record_schedule.hpp"
#include "xorscape/model/reference_network.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace {
using namespace xorscape;

train::TrainSpec spec_for(train::Optimizer opt, std::uint64_t epochs,
                          model::BatchKind batch = model::BatchKind::full) {
  train::TrainSpec s;
  s.optimizer = opt;
  s.epochs = epochs;
  s.batch = batch;
  return s;
}

train::TrajectoryResult run_one(const train::TrainSpec& spec, std::vector<double> v0, double step,
                                const std::vector<std::uint64_t>& records) {
  const std::vector<train::LaneSetup> lanes{{0, step, std::move(v0)}};
  return train::run_trajectory_block(spec, model::Network{}, lanes, records, nullptr).at(0);
}

// v = (0,0,0,0, 0,0, c,c, 0): every hidden activation is 1/2 and y-hat = s = sigmoid(c) in
// all four cases. With s' = s(1-s) and the XOR targets the gradient works out by hand to
//   dL/db2 = s'(2s-1), dL/dw2_i = s'(2s-1)/2, dL/db1_i = c s'(2s-1)/4, dL/dw1_ij = c s'(2s-1)/8.
TEST(GradientDescent, OneStepMatchesTheHandCalculation) {
  const double c = 0.7, eta = 0.3;
  const double s = 1.0 / (1.0 + std::exp(-c)), g = s * (1.0 - s) * (2.0 * s - 1.0);
  const std::vector<double> v0{0, 0, 0, 0, 0, 0, c, c, 0};
  const std::vector<double> expected{-eta * c * g / 8, -eta * c * g / 8, -eta * c * g / 8,
                                     -eta * c * g / 8, -eta * c * g / 4, -eta * c * g / 4,
                                     c - eta * g / 2,  c - eta * g / 2,  -eta * g};
  const auto r = run_one(spec_for(train::Optimizer::gd, 1), v0, eta, {0, 1});
  for (int k = 0; k < 9; ++k) EXPECT_NEAR(r.final_params[k], expected[k], 1e-16) << k;
}

// Adam's first step: m-hat = g and v-hat = g^2, so v1 = v0 - eta g / (|g| + epsilon).
TEST(Adam, FirstStepMatchesTheHandCalculation) {
  const std::vector<double> v0{0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.6, -0.7, 0.05};
  const double eta = 0.01;
  auto spec = spec_for(train::Optimizer::adam, 1);
  const auto g = model::evaluate_reference(model::Network{}, v0).gradient;
  const auto r = run_one(spec, v0, eta, {0, 1});
  for (int k = 0; k < 9; ++k) {
    const double expected = v0[k] - eta * g[k] / (std::fabs(g[k]) + spec.adam.epsilon);
    EXPECT_NEAR(r.final_params[k], expected, 1e-15) << k;
  }
}

TEST(ZeroTemperatureMonteCarlo, NeverIncreasesTheLoss) {
  for (bool single : {false, true}) {
    auto spec = spec_for(train::Optimizer::zero_t_mc, 3000);
    spec.mc.single_parameter = single;
    spec.points_per_decade = 1000;
    const auto records = exec::log_spaced_epochs(spec.epochs, spec.points_per_decade);
    const std::vector<double> v0{0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.6, -0.7, 0.05};
    const auto r = run_one(spec, v0, 0.5, records);
    EXPECT_GT(r.accepted_moves, 10u);
    EXPECT_LT(r.accepted_moves, spec.epochs);
    for (std::size_t i = 1; i < records.size(); ++i) EXPECT_LE(r.loss_full[i], r.loss_full[i - 1]);
    EXPECT_LT(r.loss_full.back(), r.loss_full.front());
  }
}

TEST(Trajectory, ConvergenceEpochIsTheFirstBelowThreshold) {
  auto spec = spec_for(train::Optimizer::gd, 4000);
  spec.points_per_decade = 10000;  // record every epoch
  spec.threshold = 0.02;
  const auto records = exec::log_spaced_epochs(spec.epochs, spec.points_per_decade);
  ASSERT_EQ(records.size(), spec.epochs + 1);
  const std::vector<double> v0{-3, -3, -2, -2, 1,
                               3,  -4, 4,  -2};  // toward Table II row #1, L = 0.11
  const auto r = run_one(spec, v0, 0.5, records);
  ASSERT_GT(r.convergence_epoch, 0);
  EXPECT_LT(r.loss_full[r.convergence_epoch], spec.threshold);
  EXPECT_GE(r.loss_full[r.convergence_epoch - 1], spec.threshold);
}

TEST(Trajectory, RandomBatchConvergenceUsesTheFullBatch) {
  auto spec = spec_for(train::Optimizer::gd, 3000, model::BatchKind::random);
  spec.points_per_decade = 10000;
  spec.threshold = 0.02;
  const auto records = exec::log_spaced_epochs(spec.epochs, spec.points_per_decade);
  const std::vector<double> v0{-3, -3, -2, -2, 1, 3, -4, 4, -2};
  const auto r = run_one(spec, v0, 0.5, records);
  ASSERT_GT(r.convergence_epoch, 0);
  EXPECT_LT(r.loss_full[r.convergence_epoch], spec.threshold);
  for (std::int64_t e = 0; e < r.convergence_epoch; ++e) EXPECT_GE(r.loss_full[e], spec.threshold);
}

TEST(Trajectory, NaNStartIsFlaggedAsDivergedNotACrash) {
  std::vector<double> v0(9, 0.1);
  v0[4] = std::numeric_limits<double>::quiet_NaN();
  const auto r = run_one(spec_for(train::Optimizer::gd, 100), v0, 0.1, {0, 10, 100});
  EXPECT_TRUE(r.diverged);
  EXPECT_EQ(r.divergence_epoch, 0);
  EXPECT_TRUE(std::isnan(r.loss_full[0]));
  EXPECT_TRUE(std::isnan(r.final_loss_full));
}

TEST(Trajectory, ParameterOverflowIsFlagged) {
  std::vector<double> v0{0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.6, -0.7, 0.05};
  const auto r = run_one(spec_for(train::Optimizer::gd, 100), v0, 1e120, {0, 100});
  EXPECT_TRUE(r.diverged);
  EXPECT_EQ(r.divergence_epoch, 1);
}
}  // namespace
