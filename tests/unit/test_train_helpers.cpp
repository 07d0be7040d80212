#include <gtest/gtest.h>

#include <cmath>

#include "xorscape/exec/record_schedule.hpp"
#include "xorscape/exec/shard.hpp"
#include "xorscape/train/initialization.hpp"
#include "xorscape/train/power_law_fit.hpp"
#include "xorscape/train/train_ensemble.hpp"

namespace {
using namespace xorscape;

TEST(RecordSchedule, StartsAtZeroEndsAtLastAndIncreases) {
  const auto e = exec::log_spaced_epochs(5000000, 20);
  EXPECT_EQ(e.front(), 0u);
  EXPECT_EQ(e.back(), 5000000u);
  for (std::size_t i = 1; i < e.size(); ++i) EXPECT_GT(e[i], e[i - 1]);
  EXPECT_NEAR(static_cast<double>(e.size()), 20 * std::log10(5e6), 25);
  EXPECT_EQ(exec::log_spaced_epochs(1, 20), (std::vector<std::uint64_t>{0, 1}));
}

TEST(PowerLawFit, RecoversAnExactPowerLaw) {
  std::vector<std::uint64_t> tau;
  std::vector<double> loss;
  for (std::uint64_t t : exec::log_spaced_epochs(1000000, 20)) {
    tau.push_back(t);
    loss.push_back(t ? 3.0 * std::pow(static_cast<double>(t), -1.2) : 1.0);
  }
  const auto fit = train::fit_power_law_tail(tau, loss, 1.0, 0.1);
  EXPECT_NEAR(fit.gamma, 1.2, 1e-10);
  EXPECT_LT(fit.gamma_stderr, 1e-9);
  EXPECT_EQ(fit.first_epoch, 100000u);
  EXPECT_EQ(fit.last_epoch, 1000000u);
  EXPECT_EQ(fit.points, 21);
}

TEST(PowerLawFit, StandardErrorReflectsNoise) {
  // Alternate +-0.1 around ln L: the slope's standard error is that of ordinary least squares.
  std::vector<std::uint64_t> tau;
  std::vector<double> loss;
  for (std::uint64_t t = 1000; t <= 10000; t += 1000) {
    tau.push_back(t);
    loss.push_back(std::pow(static_cast<double>(t), -1.0) * std::exp(tau.size() % 2 ? 0.1 : -0.1));
  }
  const auto fit = train::fit_power_law_tail(tau, loss, 1.0, 1.0);
  EXPECT_EQ(fit.points, 10);
  EXPECT_NEAR(fit.gamma, 1.0, 0.2);
  EXPECT_GT(fit.gamma_stderr, 0.01);
}

TEST(PowerLawFit, TooFewPointsGiveNaN) {
  const std::vector<std::uint64_t> tau{0, 1, 2};
  const std::vector<double> loss{0.25, 0.2, 0.19};
  EXPECT_TRUE(std::isnan(train::fit_power_law_tail(tau, loss, 1.0, 0.1).gamma));
}

TEST(Shard, ParsesAndPartitions) {
  EXPECT_TRUE(exec::parse_shard("1/3"));
  for (const char* bad : {"3/3", "1", "/2", "1/", "a/2", "1/0", "-1/2", "1/2x"})
    EXPECT_FALSE(exec::parse_shard(bad)) << bad;
  const auto s = *exec::parse_shard("1/3");
  EXPECT_TRUE(s.owns(4));
  EXPECT_FALSE(s.owns(5));
}

TEST(TaskGrid, CoordinatesRoundTripAndUnitsCoverTheShard) {
  train::TrainSpec spec;
  spec.hidden_sizes = {2, 18};
  spec.step_sizes = {0.01, 0.1, 1.0};
  spec.seeds_per_setting = 5;
  EXPECT_EQ(train::task_count(spec), 30u);
  const auto c = train::coordinates(spec, 22);  // group 1, within 7: step 1, replica 2
  EXPECT_EQ(c.group, 1);
  EXPECT_EQ(c.step, 1);
  EXPECT_EQ(c.replica, 2);
  std::vector<std::uint8_t> done(30, 0);
  done[3] = 1;
  const auto units = train::plan_units(spec, *exec::parse_shard("1/2"), done, 2);
  std::vector<int> seen(30, 0);
  for (const auto& u : units) {
    EXPECT_LE(u.tasks.size(), static_cast<std::size_t>(train::kMaxLanes));
    for (auto t : u.tasks) {
      ++seen[t];
      EXPECT_EQ(train::coordinates(spec, t).group, u.group);
    }
  }
  for (int t = 0; t < 30; ++t) EXPECT_EQ(seen[t], (t % 2 == 1 && t != 3) ? 1 : 0) << t;
}

TEST(Initialization, SchemesStayInTheirRanges) {
  train::InitSpec scaled;  // paper: 0.1 r, r in [0, 1)
  for (double x : train::initial_parameters(scaled, 9, 1, 4)) {
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 0.1);
  }
  train::InitSpec sym{train::InitScheme::symmetric, 2.0, {}, {}};
  bool negative = false;
  for (double x : train::initial_parameters(sym, 73, 1, 4)) {
    EXPECT_LE(std::fabs(x), 2.0);
    negative |= x < 0;
  }
  EXPECT_TRUE(negative);
  train::InitSpec given{train::InitScheme::given, 0.0, {1, 2, 3}, {0.5, 0, -1}};
  EXPECT_EQ(train::initial_parameters(given, 3, 1, 0), (std::vector<double>{1.5, 2, 2}));
}
}  // namespace
