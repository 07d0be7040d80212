#include <gtest/gtest.h>

#include <cmath>

#include "xorscape/exec/random_stream.hpp"

namespace {
using xorscape::exec::Purpose;
using xorscape::exec::RandomStream;

// Known-answer test of Philox4x32-10 from Random123's kat_vectors: counter 0, key 0.
TEST(RandomStream, PhiloxKnownAnswer) {
  r123::Philox4x32 philox;
  const auto out = philox({{0, 0, 0, 0}}, {{0, 0}});
  EXPECT_EQ(out[0], 0x6627e8d5u);
  EXPECT_EQ(out[1], 0xe169c58du);
  EXPECT_EQ(out[2], 0xbc57ac4cu);
  EXPECT_EQ(out[3], 0x9b00dbd8u);
}

TEST(RandomStream, UniformIsTheTopBitsOfTheBlock) {
  RandomStream s(7, 3, Purpose::batch);
  const auto b = s.block(0);
  const std::uint64_t first = (std::uint64_t{b[0]} << 32) | b[1];
  EXPECT_EQ(s.uniform(), static_cast<double>(first >> 11) * 0x1.0p-53);
}

TEST(RandomStream, StreamsDifferBySeedTaskAndPurpose) {
  const auto a = RandomStream(1, 0, Purpose::batch).block(0);
  EXPECT_NE(a, RandomStream(2, 0, Purpose::batch).block(0));
  EXPECT_NE(a, RandomStream(1, 1, Purpose::batch).block(0));
  EXPECT_NE(a, RandomStream(1, 0, Purpose::proposal).block(0));
  EXPECT_EQ(a, RandomStream(1, 0, Purpose::batch).block(0));
}

TEST(RandomStream, UniformAndNormalMoments) {
  RandomStream s(42, 0, Purpose::proposal);
  const int n = 400000;
  double su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    su += u, su2 += u * u;
    const double z = s.normal();
    sn += z, sn2 += z * z, sn4 += z * z * z * z;
  }
  // Tolerances are 5 standard errors of each estimate.
  EXPECT_NEAR(su / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(su2 / n, 1.0 / 3, 5 * std::sqrt(4.0 / 45 / n));
  EXPECT_NEAR(sn / n, 0.0, 5 * std::sqrt(1.0 / n));
  EXPECT_NEAR(sn2 / n, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sn4 / n, 3.0, 5 * std::sqrt(96.0 / n));
}

TEST(RandomStream, BelowIsUniformOverItsRange) {
  RandomStream s(5, 9, Purpose::acceptance);
  int counts[9] = {};
  const int n = 90000;
  for (int i = 0; i < n; ++i) ++counts[s.below(9)];
  for (int c : counts) EXPECT_NEAR(c, n / 9.0, 5 * std::sqrt(n / 9.0));
}
}  // namespace
