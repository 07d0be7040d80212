#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "xorscape/model/batched_kernel.hpp"
#include "xorscape/model/paper_solutions.hpp"
#include "xorscape/model/reference_network.hpp"

namespace {
using namespace xorscape::model;

TEST(ModelFacts, LossIsExactlyAQuarterAtTheZeroVector) {
  for (int nh : {1, 2, 3, 18})
    for (Activation a : {Activation::sigmoid, Activation::tanh, Activation::relu})
      for (Gate g : {Gate::xor_gate, Gate::and_gate, Gate::nor_gate}) {
        Network net{nh, a, g, LossKind::mse};
        std::vector<double> zero(net.num_params(), 0.0);
        EXPECT_EQ(loss_reference(net, zero), 0.25);
        double l;
        KernelScratch s;
        s.reserve(net, 1);
        loss_block<1>(net, zero.data(), 1, nullptr, &l, s);
        EXPECT_EQ(l, 0.25);
      }
}

TEST(ModelFacts, ParameterNamesFollowEquationTwo) {
  const std::vector<std::string> expected = {"w1_11", "w1_12", "w1_21", "w1_22", "b1_1",
                                             "b1_2",  "w2_11", "w2_12", "b2_1"};
  EXPECT_EQ(param_names(Network{}), expected);
  const auto big = param_names(Network{18});
  EXPECT_EQ(big.size(), 73u);
  EXPECT_EQ(big[Network{18}.w1(9, 0)], "w1_10_1");
  EXPECT_EQ(big[Network{18}.w2(9)], "w2_1_10");
  EXPECT_EQ(big.back(), "b2_1");
}

TEST(ModelFacts, TruthTablesOfTheGates) {
  EXPECT_EQ(targets(Gate::xor_gate), (std::array<double, 4>{0, 1, 1, 0}));
  EXPECT_EQ(targets(Gate::xnor_gate), (std::array<double, 4>{1, 0, 0, 1}));
  EXPECT_EQ(targets(Gate::and_gate), (std::array<double, 4>{0, 0, 0, 1}));
  EXPECT_EQ(targets(Gate::nand_gate), (std::array<double, 4>{1, 1, 1, 0}));
}

// Hand calculation of row #1 of Table II, case (0,0): z1 = 2.36, z2 = 6.29,
// zo = -8.68 s(2.36) + 8.46 s(6.29) - 3.94.
TEST(ModelFacts, TableTwoRowOneByHand) {
  const auto& r = kTable2[0];
  const std::vector<double> v(r.begin(), r.end());
  const auto s = [](double z) { return 1.0 / (1.0 + std::exp(-z)); };
  const double y00 = s(-8.68 * s(2.36) + 8.46 * s(6.29) - 3.94);
  const double y11 = s(-8.68 * s(-6.05 - 6.05 + 2.36) + 8.46 * s(-4.23 - 4.24 + 6.29) - 3.94);
  const Evaluation e = evaluate_reference(Network{}, v);
  EXPECT_NEAR(e.output[0], y00, 1e-15);
  EXPECT_NEAR(e.output[3], y11, 1e-15);
  EXPECT_LT(e.loss, 0.005);
}

// Rows 1, 2, 5 solve XOR as printed; rows 3 and 4 only with the hidden weights transposed.
TEST(ModelFacts, TableTwoLayoutFinding) {
  const Network net;
  for (int row = 0; row < 5; ++row) {
    const std::vector<double> v(kTable2[row].begin(), kTable2[row].end());
    const Evaluation paper = evaluate_reference(net, v);
    const Evaluation transposed = evaluate_reference(net, from_transposed_hidden_layout(net, v));
    const bool paper_solves = misclassified_cases(net, paper) == 0;
    EXPECT_EQ(paper_solves, row != 2 && row != 3) << "row #" << row + 1;
    EXPECT_EQ(misclassified_cases(net, transposed), 0) << "row #" << row + 1;
  }
}

TEST(ModelFacts, XorAndXnorAreMirrorImagesUnderOutputFlip) {
  // Negating the output weights and bias maps y-hat to 1 - y-hat: the XOR loss of v equals the
  // XNOR loss of the flipped vector.
  const std::vector<double> v(kTable2[1].begin(), kTable2[1].end());
  auto flipped = v;
  for (int k = 6; k < 9; ++k) flipped[k] = -flipped[k];
  Network x{2, Activation::sigmoid, Gate::xor_gate}, xn{2, Activation::sigmoid, Gate::xnor_gate};
  EXPECT_NEAR(loss_reference(x, v), loss_reference(xn, flipped), 1e-15);
}

TEST(ModelFacts, TransposedLayoutIsAnInvolution) {
  const Network net;
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto t = from_transposed_hidden_layout(net, v);
  EXPECT_EQ(t, (std::vector<double>{1, 3, 2, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(from_transposed_hidden_layout(net, t), v);
}

TEST(ModelFacts, LossManyMatchesReferenceForEveryLane) {
  const Network net;
  const std::size_t n = 37;  // blocks of 8 plus a tail
  std::vector<double> p(9 * n), loss(n);
  for (std::size_t k = 0; k < 9; ++k)
    for (std::size_t t = 0; t < n; ++t) p[k * n + t] = std::sin(1.0 + k * 3.1 + t * 0.7) * 6.0;
  KernelScratch s;
  s.reserve(net, 8);
  loss_many(net, p.data(), n, n, loss.data(), s);
  for (std::size_t t = 0; t < n; ++t) {
    std::vector<double> v(9);
    for (std::size_t k = 0; k < 9; ++k) v[k] = p[k * n + t];
    EXPECT_NEAR(loss[t], loss_reference(net, v), 1e-15);
  }
}
}  // namespace
