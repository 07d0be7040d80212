// The cross-section kernel against independent calculations: the plain one-vector evaluation,
// closed forms, the exchange symmetry of the hidden neurons, and the random-batch scans against
// batches rebuilt from the same random stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "xorscape/exec/random_stream.hpp"
#include "xorscape/landscape/cross_section.hpp"
#include "xorscape/landscape/descent_path.hpp"
#include "xorscape/landscape/landscape_tasks.hpp"
#include "xorscape/model/paper_solutions.hpp"
#include "xorscape/model/reference_network.hpp"

namespace {
using namespace xorscape;
using landscape::CrossSection;
using landscape::ParameterPair;
using model::Activation;
using model::Gate;
using model::LossKind;
using model::Network;

std::vector<double> table2_row(int row) {
  return {model::kTable2[row].begin(), model::kTable2[row].end()};
}

// A center with values of both signs and magnitudes like the paper's solutions.
std::vector<double> test_center(const Network& net) {
  std::vector<double> v(net.num_params());
  for (int k = 0; k < net.num_params(); ++k) v[k] = 3.0 * std::sin(1.7 * k + 0.3) + 0.5;
  return v;
}

struct Grid {
  std::vector<double> loss;
  std::vector<std::uint8_t> wrong;
};

Grid sweep(const Network& net, const std::vector<double>& center, ParameterPair p,
           const std::vector<double>& xs, const std::vector<double>& ys) {
  const CrossSection section(net, center, p, xs, ys);
  const int nx = static_cast<int>(xs.size());
  std::vector<double> work(8 * nx);
  Grid g{std::vector<double>(xs.size() * ys.size()),
         std::vector<std::uint8_t>(xs.size() * ys.size())};
  for (int r = 0; r < static_cast<int>(ys.size()); ++r) {
    section.evaluate_row(r, g.loss.data() + r * nx, g.wrong.data() + r * nx, nullptr, work.data());
  }
  return g;
}

std::vector<double> spaced(double lo, double hi, int n) {
  landscape::AxisGrid a{lo, hi, n};
  return a.shifts();
}

TEST(CrossSection, EveryPairMatchesThePlainEvaluationAtEveryPoint) {
  const auto xs = spaced(-6.0, 6.0, 13), ys = spaced(-5.0, 7.0, 11);  // odd: not symmetric
  for (int nh : {1, 2, 3})
    for (Activation act : {Activation::sigmoid, Activation::tanh, Activation::relu})
      for (LossKind loss : {LossKind::mse, LossKind::bce})
        for (Gate gate : {Gate::xor_gate, Gate::nand_gate}) {
          const Network net{nh, act, gate, loss};
          const auto center = test_center(net);
          for (auto p : landscape::all_pairs(net.num_params())) {
            const Grid g = sweep(net, center, p, xs, ys);
            for (std::size_t r = 0; r < ys.size(); ++r)
              for (std::size_t c = 0; c < xs.size(); ++c) {
                auto v = center;
                v[p.x] += xs[c];
                v[p.y] += ys[r];
                const auto e = model::evaluate_reference(net, v);
                const std::size_t k = r * xs.size() + c;
                ASSERT_NEAR(g.loss[k], e.loss, 1e-13 * std::max(1.0, e.loss))
                    << "n_h " << nh << " pair " << p.x << "," << p.y;
                ASSERT_EQ(g.wrong[k], model::misclassified_cases(net, e));
              }
          }
        }
}

TEST(CrossSection, CenterPointOfEverySectionIsTheLossAtTheCenter) {
  const Network net;
  const auto center = table2_row(0);
  const double expected = model::loss_reference(net, center);
  const auto shifts = spaced(-15.0, 15.0, 31);  // shift 0 at index 15
  for (auto p : landscape::all_pairs(net.num_params())) {
    const Grid g = sweep(net, center, p, shifts, shifts);
    // 1e-14: the plain evaluation forms y-hat - 1 with cancellation, the sweep does not.
    EXPECT_NEAR(g.loss[15 * 31 + 15], expected, 1e-14 * expected) << p.x << "," << p.y;
  }
}

double sigmoid_exact(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

// n_h = 1 with every parameter zero but the two free ones: closed forms written out by hand.
TEST(CrossSection, ClosedFormsOfTwoParameterToys) {
  const Network net{1, Activation::sigmoid, Gate::xor_gate, LossKind::mse};
  const std::vector<double> zero(net.num_params(), 0.0);
  const double y[4] = {0, 1, 1, 0};
  const auto xs = spaced(-4.0, 4.0, 9), ys = spaced(-3.0, 3.0, 7);
  // (w2_11, b2_1): the hidden neuron outputs 1/2 in every case, so z = b + w/2 for all four.
  const Grid out = sweep(net, zero, {net.w2(0), net.b2()}, xs, ys);
  // (w1_11, b1_1) with w2 = 0: the output is 1/2 whatever the hidden neuron does: L = 1/4.
  const Grid flat = sweep(net, zero, {net.w1(0, 0), net.b1(0)}, xs, ys);
  for (std::size_t r = 0; r < ys.size(); ++r)
    for (std::size_t c = 0; c < xs.size(); ++c) {
      double l = 0.0;
      for (double t : y) l += std::pow(sigmoid_exact(ys[r] + 0.5 * xs[c]) - t, 2) / 4.0;
      EXPECT_NEAR(out.loss[r * xs.size() + c], l, 1e-15);
      EXPECT_EQ(flat.loss[r * xs.size() + c], 0.25);
    }
  // (w1_11, w2_11) with b2 = 0: z_m = w2 sigma(w1 x1_m), x1 = (0, 0, 1, 1).
  const Grid prod = sweep(net, zero, {net.w1(0, 0), net.w2(0)}, xs, ys);
  for (std::size_t r = 0; r < ys.size(); ++r)
    for (std::size_t c = 0; c < xs.size(); ++c) {
      const double a[4] = {0.5, 0.5, sigmoid_exact(xs[c]), sigmoid_exact(xs[c])};
      double l = 0.0;
      for (int m = 0; m < 4; ++m) l += std::pow(sigmoid_exact(ys[r] * a[m]) - y[m], 2) / 4.0;
      EXPECT_NEAR(prod.loss[r * xs.size() + c], l, 1e-15);
    }
}

// Exchanging hidden neurons 1 and 2 of the center maps the section (w1_11, b2_1) onto
// (w1_21, b2_1), and (b1_1, w2_12) onto (b1_2, w2_11).
TEST(CrossSection, SwappingTheHiddenNeuronsMapsOneSectionOntoAnother) {
  const Network net;
  const auto v = table2_row(0);
  std::vector<double> swapped = v;
  std::swap(swapped[net.w1(0, 0)], swapped[net.w1(1, 0)]);
  std::swap(swapped[net.w1(0, 1)], swapped[net.w1(1, 1)]);
  std::swap(swapped[net.b1(0)], swapped[net.b1(1)]);
  std::swap(swapped[net.w2(0)], swapped[net.w2(1)]);
  const auto xs = spaced(-15.0, 15.0, 41), ys = spaced(-12.0, 12.0, 37);
  const std::pair<ParameterPair, ParameterPair> maps[] = {
      {{net.w1(0, 0), net.b2()}, {net.w1(1, 0), net.b2()}},
      {{net.b1(0), net.w2(1)}, {net.b1(1), net.w2(0)}},
      {{net.w1(0, 1), net.b1(0)}, {net.w1(1, 1), net.b1(1)}}};
  for (const auto& [a, b] : maps) {
    const Grid ga = sweep(net, v, a, xs, ys), gb = sweep(net, swapped, b, xs, ys);
    for (std::size_t k = 0; k < ga.loss.size(); ++k) {
      ASSERT_NEAR(ga.loss[k], gb.loss[k], 1e-15);
      ASSERT_EQ(ga.wrong[k], gb.wrong[k]);
    }
  }
}

landscape::LandscapeSpec random_spec(int scans, int rows_per_task) {
  landscape::LandscapeSpec s;
  s.center = table2_row(0);
  s.axes.assign(s.network.num_params(), landscape::AxisGrid{-10.0, 10.0, 23});
  s.pairs = {{s.network.b1(0), s.network.b2()}, {s.network.w1(1, 1), s.network.b1(0)}};
  s.batch = model::BatchKind::random;
  s.scans = scans;
  s.rows_per_task = rows_per_task;
  s.seed = 7;
  return s;
}

// Scan 0 of every point equals the plain evaluation of the batch rebuilt from the stream
// (2 bits per drawn row, 8 per point, 16 points per Philox block).
TEST(RandomBatchScan, FirstScanIsThePlainEvaluationOfTheDrawnBatch) {
  const auto spec = random_spec(3, 23);
  const auto r = landscape::run_sweep_task(spec, 0);
  const auto p = spec.pairs[0];
  const exec::RandomStream stream(spec.seed, p.x * spec.network.num_params() + p.y,
                                  exec::Purpose::batch);
  const int nx = 23, groups = 2;
  int differing_from_full = 0;
  for (int row = 0; row < 23; ++row)
    for (int c = 0; c < nx; ++c) {
      const auto blk = stream.block(static_cast<std::uint64_t>(row) * groups + c / 16);
      const int j = c % 16;
      const unsigned byte = (blk[j / 4] >> (8 * (j % 4))) & 0xffu;
      model::BatchRows rows;
      for (int k = 0; k < 4; ++k) rows[k] = static_cast<std::uint8_t>((byte >> (2 * k)) & 3u);
      auto v = spec.center;
      v[p.x] += spec.axes[p.x].shift(c);
      v[p.y] += spec.axes[p.y].shift(row);
      const double expected = model::loss_reference(spec.network, v, rows);
      EXPECT_NEAR(r.loss_scan[row * nx + c], expected, 1e-14);
      differing_from_full += r.loss_scan[row * nx + c] != r.loss[row * nx + c];
    }
  EXPECT_GT(differing_from_full, 23 * 23 / 2);
}

TEST(RandomBatchScan, MeanApproachesTheFullBatchLikeOneOverRootS) {
  const auto spec = random_spec(256, 23);
  const auto checkpoints = landscape::scan_checkpoints(256);
  ASSERT_EQ(checkpoints.front(), 1);
  ASSERT_EQ(checkpoints.back(), 256);
  for (std::uint64_t task : {0u, 1u}) {
    const auto r = landscape::run_sweep_task(spec, task);
    const double rms1 = std::sqrt(r.mean_error_sumsq.front() / r.loss.size());
    const double rms256 = std::sqrt(r.mean_error_sumsq.back() / r.loss.size());
    EXPECT_GT(rms1, 0.02);
    // Expected ratio 1/16; the factor 2 leaves room for the fluctuation of an estimate.
    EXPECT_LT(rms256, rms1 / 8.0);
    EXPECT_GT(rms256, rms1 / 32.0);
    for (std::size_t c = 1; c < checkpoints.size(); ++c)
      EXPECT_LE(r.mean_error_sumsq[c], r.mean_error_sumsq[c - 1] * 1.5);
    // The stored mean is the full batch plus the last checkpoint's error.
    double sq = 0.0;
    for (std::size_t k = 0; k < r.loss.size(); ++k) sq += std::pow(r.loss_mean[k] - r.loss[k], 2);
    EXPECT_NEAR(sq, r.mean_error_sumsq.back(), 1e-12 * sq);
  }
}

TEST(RandomBatchScan, ResultsDoNotDependOnHowRowsAreSplitIntoTasks) {
  const auto whole = landscape::run_sweep_task(random_spec(5, 23), 0);
  const auto spec = random_spec(5, 4);
  std::vector<double> mean, std_dev, scan, full;
  for (std::uint64_t t = 0; t < landscape::blocks_of_pair(spec, 0); ++t) {
    const auto r = landscape::run_sweep_task(spec, t);
    mean.insert(mean.end(), r.loss_mean.begin(), r.loss_mean.end());
    std_dev.insert(std_dev.end(), r.loss_std.begin(), r.loss_std.end());
    scan.insert(scan.end(), r.loss_scan.begin(), r.loss_scan.end());
    full.insert(full.end(), r.loss.begin(), r.loss.end());
  }
  EXPECT_EQ(mean, whole.loss_mean);
  EXPECT_EQ(std_dev, whole.loss_std);
  EXPECT_EQ(scan, whole.loss_scan);
  EXPECT_EQ(full, whole.loss);
}

TEST(DescentPath, LossNeverIncreasesForASmallStep) {
  const Network net;
  const auto center = table2_row(0);
  landscape::PathSettings settings;
  settings.epochs = 200000;
  settings.record_distance = 0.01;
  for (const auto& [pair, start] :
       {std::pair{ParameterPair{net.b1(0), net.b2()}, landscape::PathStart{0, -7.4, 8.9, 0.05}},
        std::pair{ParameterPair{net.b1(0), net.b2()}, landscape::PathStart{0, 15.0, -2.0, 0.05}},
        std::pair{ParameterPair{net.w1(1, 1), net.b1(0)},
                  landscape::PathStart{0, -5.0, 10.0, 0.05}}}) {
    const auto path = landscape::descend(net, center, pair, start, settings, nullptr);
    ASSERT_TRUE(path.complete);
    ASSERT_GT(path.loss.size(), 10u);
    EXPECT_EQ(path.epoch.front(), 0u);
    EXPECT_EQ(path.dx.front(), -0.0 + start.dx);
    for (std::size_t k = 1; k < path.loss.size(); ++k) {
      EXPECT_LE(path.loss[k], path.loss[k - 1]) << "record " << k;
      EXPECT_GT(path.epoch[k], path.epoch[k - 1]);
    }
    // The stored loss is the loss at the stored point.
    auto v = center;
    v[pair.x] += path.dx.back();
    v[pair.y] += path.dy.back();
    EXPECT_NEAR(path.loss.back(), model::loss_reference(net, v), 1e-15);
    EXPECT_EQ(path.final_loss, path.loss.back());
  }
}

TEST(DescentPath, StopsInTheWellAndRecordsByDistance) {
  const Network net;
  landscape::PathSettings settings;
  settings.epochs = 1000000;
  settings.stop_loss = 2e-3;  // the center itself has L = 1.3e-3
  settings.well_loss = 2e-3;
  settings.record_distance = 0.5;
  const auto path = landscape::descend(net, table2_row(0), {net.b1(0), net.b2()},
                                       {0, -7.4, 8.9, 0.1}, settings, nullptr);
  EXPECT_TRUE(path.reached_well);
  EXPECT_LT(path.final_loss, 2e-3);
  EXPECT_LT(path.epochs_run, settings.epochs);
  for (std::size_t k = 1; k + 1 < path.loss.size(); ++k) {
    const double step = std::hypot(path.dx[k] - path.dx[k - 1], path.dy[k] - path.dy[k - 1]);
    // Either a scheduled record or at least record_distance from the previous one; never a
    // jump much larger than the distance step (which would leave a straight chord in the plot).
    EXPECT_LT(step, 0.5 + 0.1) << k;
  }
}

}  // namespace
