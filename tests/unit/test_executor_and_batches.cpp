#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

#include "xorscape/exec/executor.hpp"
#include "xorscape/train/batch_source.hpp"

namespace {
using namespace xorscape;

TEST(Executor, CommitsEveryUnitOnceOnTheCallingThread) {
  const std::size_t n = 200;
  std::vector<int> committed(n, 0);
  const auto caller = std::this_thread::get_id();
  bool other_thread_committed = false;
  omp_set_num_threads(2);
  exec::run_units(
      n, [](std::size_t u) { return static_cast<double>(u) * 2.0; },
      [&](std::size_t u, double r) {
        ++committed[u];
        EXPECT_EQ(r, u * 2.0);
        other_thread_committed |= std::this_thread::get_id() != caller;
      });
  for (int c : committed) EXPECT_EQ(c, 1);
  EXPECT_FALSE(other_thread_committed);
}

TEST(Executor, AnExceptionInAUnitReachesTheCaller) {
  EXPECT_THROW(exec::run_units(
                   50,
                   [](std::size_t u) {
                     if (u == 17) throw std::runtime_error("unit 17");
                     return 0;
                   },
                   [](std::size_t, int) {}),
               std::runtime_error);
}

// Rows of a random batch: uniform over the four truth-table rows, the four slots independent,
// the same for the same (seed, task, epoch) whatever the order epochs are asked for.
TEST(BatchSource, RowsAreUniformAndIndependentAndReproducible) {
  train::BatchSource source(3, 11);
  const int epochs = 100000;
  double counts[4][4] = {};
  double pair_counts[4][4] = {};  // slot 0 row x slot 3 row
  for (int e = 0; e < epochs; ++e) {
    const auto rows = source.rows(e);
    for (int m = 0; m < 4; ++m) counts[m][rows[m]] += 1;
    pair_counts[rows[0]][rows[3]] += 1;
  }
  const double expected = epochs / 4.0, sd = std::sqrt(epochs * 0.25 * 0.75);
  for (auto& slot : counts)
    for (double c : slot) EXPECT_NEAR(c, expected, 5 * sd);
  const double pair_expected = epochs / 16.0, pair_sd = std::sqrt(epochs / 16.0 * 15.0 / 16.0);
  for (auto& row : pair_counts)
    for (double c : row) EXPECT_NEAR(c, pair_expected, 5 * pair_sd);
  train::BatchSource again(3, 11);
  EXPECT_EQ(again.rows(77777), source.rows(77777));
  EXPECT_EQ(again.rows(5), train::BatchSource(3, 11).rows(5));
  EXPECT_NE(train::BatchSource(3, 12).rows(0), train::BatchSource(3, 11).rows(0));
}
}  // namespace
