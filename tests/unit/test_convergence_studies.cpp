// lr-scan, perturb and their shared pieces, each against an independent calculation: planted
// edges for the bisection, per-epoch records of separately run trajectories for tau_conv, hand
// counts for the statistics and the plateau.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "xorscape/model/paper_solutions.hpp"
#include "xorscape/model/reference_network.hpp"
#include "xorscape/train/initialization.hpp"
#include "xorscape/train/lr_scan.hpp"
#include "xorscape/train/outcome_statistics.hpp"
#include "xorscape/train/perturbation.hpp"
#include "xorscape/train/plateau.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace {
using namespace xorscape;

std::vector<double> table2_row1() {
  return {model::kTable2[0].begin(), model::kTable2[0].end()};
}

TEST(OutcomeStatistics, QuantilesAndFractionsByHand) {
  EXPECT_DOUBLE_EQ(train::quantile({4, 1, 3, 2}, 0.25), 1.75);  // NumPy: 1 + 0.75 * (2 - 1)
  EXPECT_DOUBLE_EQ(train::quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_TRUE(std::isnan(train::quantile({}, 0.5)));
  const std::vector<std::int64_t> conv{10, -1, 30, 20, -1};
  const std::vector<std::uint8_t> div{0, 1, 0, 0, 0};
  const std::vector<double> gamma{1.0, NAN, 1.2, 1.4, NAN};
  const auto s = train::summarize_outcomes(conv, div, gamma);
  EXPECT_EQ(s.converged, 3u);
  EXPECT_DOUBLE_EQ(s.converged_fraction, 0.6);
  EXPECT_DOUBLE_EQ(s.diverged_fraction, 0.2);
  EXPECT_DOUBLE_EQ(s.epoch_median, 20.0);
  EXPECT_EQ(s.gamma_count, 3u);
  EXPECT_NEAR(s.gamma_mean, 1.2, 1e-15);
  EXPECT_NEAR(s.gamma_std, 0.2, 1e-15);
  EXPECT_NEAR(s.gamma_sem, 0.2 / std::sqrt(3.0), 1e-15);
}

train::LrScanSpec sweep_spec(double lo, double hi, int per_decade, double precision) {
  train::LrScanSpec s;
  const int n = static_cast<int>(std::round(std::log10(hi / lo) * per_decade)) + 1;
  for (int i = 0; i < n; ++i) s.sweep.push_back(lo * std::pow(10.0, double(i) / per_decade));
  s.precision = precision;
  return s;
}

TEST(LrScan, BisectionFindsPlantedEdges) {
  const auto spec = sweep_spec(1e-4, 1e2, 4, 1e-3);
  for (const auto& [lo, hi] : {std::pair{0.0123, 4.56}, std::pair{2.0e-3, 17.484}}) {
    const auto edges =
        train::search_edges(spec, [&](double eta) { return eta >= lo && eta <= hi; });
    ASSERT_TRUE(edges[0].found && edges[1].found);
    EXPECT_LT(edges[0].lo, lo);
    EXPECT_GE(edges[0].hi, lo);
    EXPECT_LE(edges[1].lo, hi);
    EXPECT_GT(edges[1].hi, hi);
    for (const auto& e : edges) EXPECT_LE(e.hi / e.lo - 1.0, spec.precision);
  }
}

TEST(LrScan, EdgesOutsideTheSweepAreNotFound) {
  const auto spec = sweep_spec(1e-2, 1e1, 2, 1e-2);
  auto edges = train::search_edges(spec, [](double eta) { return eta <= 0.5; });
  EXPECT_FALSE(edges[0].found);  // converges at the sweep's lowest eta
  EXPECT_TRUE(edges[1].found);
  EXPECT_TRUE(std::isnan(edges[0].estimate()));
  edges = train::search_edges(spec, [](double) { return false; });
  EXPECT_FALSE(edges[0].found || edges[1].found);
}

TEST(LrScan, ConvergesNeedsTheFraction) {
  train::LrScanSpec spec;
  spec.replicas = 8;
  spec.converge_fraction = 0.5;
  EXPECT_FALSE(train::converges(spec, 3));
  EXPECT_TRUE(train::converges(spec, 4));
}

// Stopping at convergence changes nothing before it: the epoch is that of a run that goes on,
// and the stopped parameters are the ones that run recorded at that epoch.
TEST(StopAtConvergence, StopsWhereTheFullRunConverges) {
  train::TrainSpec spec;
  spec.epochs = 300000;
  const model::Network net;
  const std::vector<train::LaneSetup> lanes{
      {3, 0.5, train::initial_parameters(spec.init, net.num_params(), spec.seed, 3)},
      {4, 0.5, train::initial_parameters(spec.init, net.num_params(), spec.seed, 4)}};
  const auto full = train::run_trajectory_block(spec, net, lanes, {}, nullptr);
  spec.stop_at_convergence = true;
  const auto stopped = train::run_trajectory_block(spec, net, lanes, {}, nullptr);
  for (int t = 0; t < 2; ++t) {
    ASSERT_GE(full[t].convergence_epoch, 0);
    EXPECT_EQ(stopped[t].convergence_epoch, full[t].convergence_epoch);
    EXPECT_EQ(stopped[t].epochs_run, static_cast<std::uint64_t>(full[t].convergence_epoch));
    EXPECT_LT(stopped[t].final_loss_full, spec.threshold);
    const std::vector<std::uint64_t> at{static_cast<std::uint64_t>(full[t].convergence_epoch)};
    spec.stop_at_convergence = false;
    const auto rec =
        train::run_trajectory_block(spec, net, std::span(lanes).subspan(t, 1), at, nullptr);
    spec.stop_at_convergence = true;
    for (int k = 0; k < net.num_params(); ++k)
      EXPECT_EQ(stopped[t].final_params[k], rec[0].params[k]) << k;
  }
}

TEST(LaneBlock, SteppedByHandEqualsTheBlockRun) {
  train::TrainSpec spec;
  spec.epochs = 5000;
  spec.optimizer = train::Optimizer::adam;
  const model::Network net;
  std::vector<train::LaneSetup> lanes;
  for (std::uint64_t k = 0; k < 3; ++k)
    lanes.push_back({k, 0.01, train::initial_parameters(spec.init, 9, spec.seed, k)});
  const auto whole = train::run_trajectory_block(spec, net, lanes, {}, nullptr);
  train::LaneBlock block(spec, net, lanes, {});
  for (std::uint64_t e = 0;; ++e) {
    block.evaluate(e);
    if (e == spec.epochs) break;
    block.update(e);
  }
  const auto stepped = block.finish();
  for (int t = 0; t < 3; ++t)
    for (int k = 0; k < 9; ++k) EXPECT_EQ(stepped[t].final_params[k], whole[t].final_params[k]);
}

train::PerturbSpec perturb_spec(int parameter, double shift, int runs, std::uint64_t epochs) {
  train::PerturbSpec s;
  s.center = table2_row1();
  s.parameters = {parameter};
  s.shifts = {shift};
  s.runs = runs;
  s.base.epochs = epochs;
  return s;
}

TEST(Perturb, CenterBelowThresholdConvergesAtEpochZero) {
  const auto spec = perturb_spec(0, 0.0, 16, 1000);
  ASSERT_LT(model::loss_reference(model::Network{}, spec.center), spec.base.threshold);
  const auto r = train::run_perturb_task(spec, 0, nullptr);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.tau_conv, 0);
  for (auto e : r.run_convergence_epoch) EXPECT_EQ(e, 0);
}

// tau_conv from the lockstep group equals the first epoch at which the averages of the
// per-epoch records of the same runs, each run on its own, are both below the threshold.
TEST(Perturb, TauConvMatchesRecordsOfSeparateRuns) {
  const int R = 5;
  const std::uint64_t E = 2000;
  const auto spec = perturb_spec(8, -2.0, R, E);  // b2_1 shifted: tau_conv of a few hundred
  const auto r = train::run_perturb_task(spec, 0, nullptr);
  std::vector<std::uint64_t> every(E + 1);
  std::iota(every.begin(), every.end(), 0);
  std::vector<double> mean_batch(E + 1, 0.0), mean_full(E + 1, 0.0);
  const auto start = train::start_vector(spec, 0);
  for (int run = 0; run < R; ++run) {
    const std::vector<train::LaneSetup> lane{{static_cast<std::uint64_t>(run), 0.1, start}};
    const auto one = train::run_trajectory_block(spec.base, model::Network{}, lane, every, nullptr);
    for (std::uint64_t e = 0; e <= E; ++e) {
      mean_batch[e] += one[0].loss_batch[e] / R;
      mean_full[e] += one[0].loss_full[e] / R;
    }
    EXPECT_EQ(r.run_convergence_epoch[run], one[0].convergence_epoch);
  }
  std::int64_t expected = -1;
  for (std::uint64_t e = 0; e <= E && expected < 0; ++e)
    if (mean_batch[e] < spec.base.threshold && mean_full[e] < spec.base.threshold)
      expected = static_cast<std::int64_t>(e);
  ASSERT_GT(expected, 0);
  EXPECT_EQ(r.tau_conv, expected);
  EXPECT_NEAR(r.mean_full_loss, mean_full[expected], 1e-15);
}

TEST(Plateau, EdgesByHand) {
  const std::vector<double> shifts{-3, -2, -1, 0, 1, 2, 3};
  const std::vector<std::int64_t> tau{900, 500, 0, 0, 40, 2000, -1};
  auto p = train::detect_plateau(shifts, tau, 0.1, 100);
  ASSERT_TRUE(p.found);
  EXPECT_EQ(p.reference_tau, 0);
  EXPECT_DOUBLE_EQ(p.lower, -1.5);
  EXPECT_DOUBLE_EQ(p.upper, 1.5);
  EXPECT_FALSE(p.lower_open || p.upper_open);
  p = train::detect_plateau(shifts, tau, 0.1, 1000);  // 900 and 500 now on it
  EXPECT_TRUE(p.lower_open);
  EXPECT_DOUBLE_EQ(p.upper, 1.5);
  const std::vector<std::int64_t> never{5, 5, 5, -1, 5, 5, 5};
  EXPECT_FALSE(train::detect_plateau(shifts, never, 0.1, 100).found);
}

}  // namespace
