#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "xorscape/dos/dos_spec.hpp"
#include "xorscape/dos/entropy_analysis.hpp"

// The step from stored ln G (mass per bin) to the analysed S(L) (log density per unit L) and
// the whole chain on planted densities whose bin masses are integrated here by Simpson's rule.

namespace {
using namespace xorscape::dos;

// ln of the integral of exp(S) over [a, b] (Simpson, 2000 panels; S smooth on the bin).
double ln_mass(const std::function<double(double)>& S, double a, double b) {
  const int n = 2000;
  const double h = (b - a) / n, ref = S(0.5 * (a + b));
  double sum = 0.0;
  for (int k = 0; k <= n; ++k) {
    const double w = k == 0 || k == n ? 1.0 : (k % 2 ? 4.0 : 2.0);
    sum += w * std::exp(S(a + k * h) - ref);
  }
  return ref + std::log(sum * h / 3.0);
}

// R runs of ln G on `edges` with independent Gaussian noise of sd `noise` per bin and run.
std::vector<double> planted_runs(const std::vector<double>& edges,
                                 const std::function<double(double)>& S, int R, double noise,
                                 unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, noise);
  std::vector<double> exact;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i)
    exact.push_back(ln_mass(S, edges[i], edges[i + 1]));
  std::vector<double> out;
  for (int r = 0; r < R; ++r)
    for (double x : exact) out.push_back(x + normal(rng));
  return out;
}

TEST(DensityPerUnitL, MergedBinsAreTheMassOverTheMergedWidth) {
  const auto S = [](double L) { return 3.0 - 40.0 * (L - 0.3) * (L - 0.3); };
  const auto edges = log_then_uniform_edges(1e-3, 0.05, 1.0, 20, 95);
  const auto ln_g = planted_runs(edges, S, 1, 0.0, 1);
  for (int merge : {1, 2, 4}) {
    const auto d = density_per_unit_L(edges, ln_g, 1, merge);
    ASSERT_EQ(d.centers.size(), (edges.size() - 1) / merge);
    for (std::size_t j = 0; j < d.centers.size(); ++j) {
      const double a = edges[j * merge], b = edges[(j + 1) * merge];
      EXPECT_NEAR(d.centers[j], 0.5 * (a + b), 1e-15);
      EXPECT_NEAR(d.ln_density[j], ln_mass(S, a, b) - std::log(b - a), 1e-9) << merge << " " << j;
    }
  }
}

TEST(DensityPerUnitL, AGroupWithABinARunNeverReachedIsMissingForThatRunOnly) {
  const auto edges = uniform_edges(0.0, 1.0, 8);
  std::vector<double> ln_g(16, 0.0);
  ln_g[8 + 3] = std::nan("");  // run 1, bin 3
  const auto d = density_per_unit_L(edges, ln_g, 2, 2);
  ASSERT_EQ(d.ln_density.size(), 8u);
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(d.ln_density[j], std::log(2.0 / 0.25), 1e-14);  // run 0: G = 1 per bin
    EXPECT_EQ(std::isnan(d.ln_density[4 + j]), j == 1) << j;
  }
}

TEST(DensityPerUnitL, RejectsAShapeMismatch) {
  const auto edges = uniform_edges(0.0, 1.0, 8);
  EntropyAnalysisSettings odd_merge;
  odd_merge.merge = 3;
  EXPECT_THROW(density_per_unit_L(edges, std::vector<double>(15, 0.0), 2, 2),
               std::invalid_argument);
  EXPECT_THROW(analyze_entropy(edges, std::vector<double>(16, 0.0), 2, odd_merge),
               std::invalid_argument);
}

// A maximum inside the log-spaced bins: S = -k ln^2(L / L0) peaks at L0. Derivatives of ln G
// per bin instead of ln(G / dL) would put it at L0 e^{1/(2k)} = 1.28 L0 (dL is proportional to
// L there).
TEST(AnalyzeEntropy, MaximumOnLogBinsIsThatOfTheDensityPerUnitL) {
  const double L0 = 0.02, k = 2.0;
  const auto S = [&](double L) { return -k * std::pow(std::log(L / L0), 2); };
  const auto edges = log_then_uniform_edges(1e-3, 0.2, 1.0, 400, 50);
  const int R = 8;
  const auto ln_g = planted_runs(edges, S, R, 0.01, 7);
  const auto report = analyze_entropy(edges, ln_g, R, {});
  const auto& m = report.reference.maximum;
  ASSERT_TRUE(m.found);
  EXPECT_NEAR(m.L, L0, 0.03 * L0);
  EXPECT_GT(std::abs(1.28 * L0 - m.L), 0.15 * L0);
  EXPECT_LT(std::abs(m.L - L0), 5 * m.L_sigma + 0.01 * L0);
}

// A concave S with a bump on its trained side has convex stretches (gamma > 0) at the bump's
// flanks: an entropic barrier, robustly; without the bump there is none.
TEST(AnalyzeEntropy, BarrierVerdictFollowsThePlantedShape) {
  const auto edges = uniform_edges(0.0, 1.0, 400);
  const auto concave = [](double L) { return -30.0 * (L - 0.6) * (L - 0.6); };
  const auto bumpy = [&](double L) {
    return concave(L) + 1.5 * std::exp(-0.5 * std::pow((L - 0.3) / 0.03, 2));
  };
  const int R = 8;
  const auto with_bump = analyze_entropy(edges, planted_runs(edges, bumpy, R, 0.002, 3), R, {});
  const auto without = analyze_entropy(edges, planted_runs(edges, concave, R, 0.002, 4), R, {});
  EXPECT_NEAR(with_bump.reference.maximum.L, 0.6, 0.01);
  EXPECT_NEAR(without.reference.maximum.L, 0.6, 0.01);
  EXPECT_EQ(with_bump.trained_barrier, BarrierVerdict::barrier);
  EXPECT_NE(without.trained_barrier, BarrierVerdict::barrier);
  EXPECT_EQ(without.reference.gamma_max_trained.verdict, BarrierVerdict::no_barrier);
  bool convex_at_bump = false;
  for (const auto& c : with_bump.reference.convex)
    convex_at_bump = convex_at_bump || (c.significant && c.L_hi > 0.24 && c.L_lo < 0.36);
  EXPECT_TRUE(convex_at_bump);
}

}  // namespace
