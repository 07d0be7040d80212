#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "xorscape/model/vector_exp.hpp"

namespace {
using xorscape::model::sigmoid;
using xorscape::model::vector_exp;

std::int64_t ulp_distance(double a, double b) {
  const auto ia = std::bit_cast<std::int64_t>(a), ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(VectorExp, WithinTwoUlpOfLibmOverTheRange) {
  std::int64_t worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const double x = -700.0 + 1400.0 * i / 200000.0 + 1e-7 * (i % 13);
    worst = std::max(worst, ulp_distance(vector_exp(x), std::exp(x)));
  }
  EXPECT_LE(worst, 2);
}

TEST(VectorExp, SmallArgumentsAreAccurate) {
  for (double x : {0.0, 1e-300, -1e-300, 1e-10, -0.3465, 0.3466, 1.0, -1.0}) {
    EXPECT_LE(ulp_distance(vector_exp(x), std::exp(x)), 2) << x;
  }
  EXPECT_EQ(vector_exp(0.0), 1.0);
}

TEST(Sigmoid, FiniteForHugeArgumentsAndNaNPropagates) {
  for (double z : {1e300, -1e300, 1e10, -1e10, 800.0, -800.0}) {
    const double s = sigmoid(z);
    EXPECT_TRUE(std::isfinite(s)) << z;
    EXPECT_GE(s, 0.0);
    EXPECT_LE(s, 1.0);
  }
  EXPECT_EQ(sigmoid(1e300), 1.0);
  EXPECT_LT(sigmoid(-1e300), 1e-300);
  EXPECT_EQ(sigmoid(0.0), 0.5);
  EXPECT_TRUE(std::isnan(sigmoid(std::numeric_limits<double>::quiet_NaN())));
}

TEST(Sigmoid, MatchesTheClosedForm) {
  for (double z = -30.0; z <= 30.0; z += 0.37)
    EXPECT_NEAR(sigmoid(z), 1.0 / (1.0 + std::exp(-z)), 4e-16) << z;
}
}  // namespace
