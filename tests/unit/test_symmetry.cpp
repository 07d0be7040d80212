// The exact symmetries of the network (model/symmetry.hpp) and the solution atlas built on them
// (train/solution_atlas.hpp), checked against the reference forward pass: a symmetry must leave
// all four outputs, and so the loss, unchanged to rounding.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "xorscape/model/paper_solutions.hpp"
#include "xorscape/model/reference_network.hpp"
#include "xorscape/model/symmetry.hpp"
#include "xorscape/train/solution_atlas.hpp"

namespace {
using namespace xorscape::model;
using xorscape::train::assign_family;
using xorscape::train::build_solution_atlas;
using xorscape::train::family_key_of;

constexpr double kRel = 1e-12;
constexpr int kVectorsPerShape = 60;

bool near_rel(double a, double b, double rel = kRel) {
  return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b));
}

std::vector<double> random_vector(const Network& net, std::mt19937_64& rng, double scale = 4.0) {
  std::normal_distribution<double> normal(0.0, scale);
  std::vector<double> v(net.num_params());
  for (auto& x : v) x = normal(rng);
  return v;
}

// Loss and outputs of w equal those of v to rounding; returns the assertion with a message.
::testing::AssertionResult same_function(const Network& net, const std::vector<double>& v,
                                         const std::vector<double>& w) {
  const Evaluation a = evaluate_reference(net, v), b = evaluate_reference(net, w);
  if (!near_rel(a.loss, b.loss))
    return ::testing::AssertionFailure() << "loss " << a.loss << " vs " << b.loss;
  if (!near_rel(loss_reference(net, v), loss_reference(net, w)))
    return ::testing::AssertionFailure() << "loss_reference differs";
  for (int c = 0; c < kCases; ++c)
    if (!near_rel(a.output[c], b.output[c]))
      return ::testing::AssertionFailure()
             << "output " << c << ": " << a.output[c] << " vs " << b.output[c];
  return ::testing::AssertionSuccess();
}

std::vector<int> identity_order(int nh) {
  std::vector<int> order(nh);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

// A random permutation and random flips (where the activation has them) of v.
std::vector<double> scramble(const Network& net, const std::vector<double>& v,
                             std::mt19937_64& rng) {
  auto order = identity_order(net.n_hidden);
  std::shuffle(order.begin(), order.end(), rng);
  auto w = permute_hidden(net, v, order);
  if (has_flip_symmetry(net.hidden_activation))
    for (int i = 0; i < net.n_hidden; ++i)
      if (rng() & 1) w = flip_hidden(net, w, i);
  return w;
}

const Activation kAll[] = {Activation::sigmoid, Activation::tanh, Activation::relu};

TEST(Symmetry, EveryPermutationKeepsLossAndOutputs) {
  std::mt19937_64 rng(20250401);
  for (Activation act : kAll)
    for (int nh = 1; nh <= 4; ++nh) {
      const Network net{nh, act};
      for (int k = 0; k < kVectorsPerShape; ++k) {
        const auto v = random_vector(net, rng);
        auto order = identity_order(nh);
        do {
          const auto w = permute_hidden(net, v, order);
          ASSERT_TRUE(same_function(net, v, w)) << to_string(act) << " n_h=" << nh;
          // Permuting moves whole neurons: the multiset of entries is unchanged.
          auto sv = v, sw = w;
          std::sort(sv.begin(), sv.end());
          std::sort(sw.begin(), sw.end());
          ASSERT_EQ(sv, sw);
        } while (std::next_permutation(order.begin(), order.end()));
      }
    }
}

TEST(Symmetry, EverySetOfFlipsKeepsLossAndOutputs) {
  std::mt19937_64 rng(20250402);
  for (Activation act : {Activation::sigmoid, Activation::tanh})
    for (int nh = 1; nh <= 4; ++nh) {
      const Network net{nh, act};
      for (int k = 0; k < kVectorsPerShape; ++k) {
        const auto v = random_vector(net, rng);
        for (unsigned mask = 1; mask < (1u << nh); ++mask) {
          auto w = v;
          for (int i = 0; i < nh; ++i)
            if (mask & (1u << i)) w = flip_hidden(net, w, i);
          ASSERT_TRUE(same_function(net, v, w)) << to_string(act) << " n_h=" << nh;
        }
        // A flip is its own inverse (exactly, but for the b2 shift's rounding).
        const auto twice = flip_hidden(net, flip_hidden(net, v, 0), 0);
        for (std::size_t p = 0; p < v.size(); ++p) ASSERT_NEAR(twice[p], v[p], 1e-14);
      }
    }
}

TEST(Symmetry, FlipChangesTheParametersTheDocumentedWay) {
  const Network sig{2, Activation::sigmoid}, th{2, Activation::tanh};
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(flip_hidden(sig, v, 1), (std::vector<double>{1, 2, -3, -4, 5, -6, 7, -8, 17}));
  EXPECT_EQ(flip_hidden(th, v, 0), (std::vector<double>{-1, -2, 3, 4, -5, 6, -7, 8, 9}));
}

// The check above can fail: a transformation that is not a symmetry is caught.
TEST(Symmetry, NegatingANeuronWithoutTheBiasShiftIsNotASymmetry) {
  const Network net{2, Activation::sigmoid};
  const std::vector<double> v(kTable2[0].begin(), kTable2[0].end());
  auto wrong = flip_hidden(Network{2, Activation::tanh}, v, 0);  // no b2 shift
  EXPECT_FALSE(same_function(net, v, wrong));
  auto swapped_w2 = v;
  std::swap(swapped_w2[net.w2(0)], swapped_w2[net.w2(1)]);  // moves only part of a neuron
  EXPECT_FALSE(same_function(net, v, swapped_w2));
}

TEST(Symmetry, ReluHasNoFlip) {
  const Network net{3, Activation::relu};
  std::mt19937_64 rng(7);
  const auto v = random_vector(net, rng);
  EXPECT_FALSE(has_flip_symmetry(Activation::relu));
  EXPECT_TRUE(has_flip_symmetry(Activation::sigmoid));
  EXPECT_TRUE(has_flip_symmetry(Activation::tanh));
  EXPECT_THROW(flip_hidden(net, v, 0), std::invalid_argument);
}

TEST(Symmetry, BadArgumentsThrow) {
  const Network net{3};
  const std::vector<double> v(net.num_params(), 1.0);
  EXPECT_THROW(permute_hidden(net, v, std::vector<int>{0, 1}), std::invalid_argument);
  EXPECT_THROW(permute_hidden(net, v, std::vector<int>{0, 1, 1}), std::invalid_argument);
  EXPECT_THROW(permute_hidden(net, v, std::vector<int>{0, 1, 3}), std::invalid_argument);
  EXPECT_THROW(flip_hidden(net, v, 3), std::invalid_argument);
  EXPECT_THROW(canonical_form(net, std::vector<double>(5, 0.0)), std::invalid_argument);
  auto nan = v;
  nan[4] = std::nan("");
  EXPECT_THROW(canonical_form(net, nan), std::invalid_argument);
}

TEST(Symmetry, CanonicalFormIsIdempotentAndTheSameForTheWholeOrbit) {
  std::mt19937_64 rng(20250403);
  for (Activation act : kAll)
    for (int nh = 1; nh <= 4; ++nh) {
      const Network net{nh, act};
      for (int k = 0; k < kVectorsPerShape; ++k) {
        const auto v = random_vector(net, rng);
        const auto c = canonical_form(net, v);
        ASSERT_EQ(canonical_form(net, c), c);
        ASSERT_TRUE(same_function(net, v, c));
        if (has_flip_symmetry(act)) {
          for (int i = 0; i < nh; ++i) ASSERT_GE(c[net.w2(i)], 0.0);
        }
        // Patterns ascend (the first sort key).
        const auto p = hidden_patterns(net, c);
        ASSERT_TRUE(std::is_sorted(p.begin(), p.end()));
        // Pure permutations give exactly the same canonical vector.
        auto order = identity_order(nh);
        std::shuffle(order.begin(), order.end(), rng);
        ASSERT_EQ(canonical_form(net, permute_hidden(net, v, order)), c);
        for (int t = 0; t < 8; ++t) {
          const auto w = scramble(net, v, rng);
          const auto cw = canonical_form(net, w);
          for (std::size_t q = 0; q < c.size(); ++q)
            ASSERT_LE(std::fabs(cw[q] - c[q]), 1e-12 * std::max(1.0, std::fabs(c[q])))
                << to_string(act) << " n_h=" << nh << " entry " << q;
        }
      }
    }
}

TEST(Symmetry, CanonicalFormOfANeuronWithZeroOutputWeight) {
  const Network net{2, Activation::sigmoid};
  const std::vector<double> v = {-1, 2, 3, 4, 0.5, -0.5, 0.0, 2.0, 0.3};
  const auto c = canonical_form(net, v);
  // The sign of the neuron with w2 = 0 is set by its first nonzero incoming weight.
  EXPECT_EQ(c[net.w1(0, 0)], 1.0);
  EXPECT_EQ(c[net.w2(0)], 0.0);
  EXPECT_FALSE(std::signbit(c[net.w2(0)]));
  EXPECT_EQ(canonical_form(net, flip_hidden(net, v, 0)), c);  // no b2 shift: exact
  const auto c1 = canonical_form(net, flip_hidden(net, v, 1));
  for (std::size_t q = 0; q < c.size(); ++q) EXPECT_NEAR(c1[q], c[q], 1e-15);
}

TEST(Symmetry, PatternsFollowTheActivationsOfTheReferencePass) {
  EXPECT_EQ(pattern_string(7), "0111");
  EXPECT_EQ(pattern_string(0b1000), "1000");
  std::mt19937_64 rng(20250404);
  for (Activation act : kAll)
    for (int nh = 1; nh <= 4; ++nh) {
      const Network net{nh, act};
      const double midpoint = act == Activation::sigmoid ? 0.5 : 0.0;
      for (int k = 0; k < kVectorsPerShape; ++k) {
        const auto v = random_vector(net, rng);
        const auto p = hidden_patterns(net, v);
        const auto e = evaluate_reference(net, v);
        for (int i = 0; i < nh; ++i) {
          std::string expected;
          for (int c = 0; c < kCases; ++c) expected += e.hidden[c * nh + i] > midpoint ? '1' : '0';
          ASSERT_EQ(pattern_string(p[i]), expected);
        }
        if (!has_flip_symmetry(act)) continue;
        for (int i = 0; i < nh; ++i) {
          const auto q = hidden_patterns(net, flip_hidden(net, v, i));
          for (int j = 0; j < nh; ++j) ASSERT_EQ(q[j], j == i ? (~p[j] & 0xF) : p[j]);
        }
      }
    }
}

std::vector<std::vector<double>> table2_solutions(const Network& net) {
  std::vector<std::vector<double>> rows;
  for (std::size_t r = 0; r < kTable2.size(); ++r) {
    std::vector<double> v(kTable2[r].begin(), kTable2[r].end());
    rows.push_back(r == 2 || r == 3 ? from_transposed_hidden_layout(net, v) : v);
  }
  return rows;
}

TEST(SolutionAtlas, TableTwoRowsAreSolutionsInTwoFamilies) {
  const Network net{};
  const auto rows = table2_solutions(net);
  for (const auto& v : rows) EXPECT_LT(loss_reference(net, v), 0.005);
  // OR and NAND neurons, output ~ AND of them; or the two "exactly one input" detectors, output
  // ~ OR of them. In the flipped basis (w2 >= 0) the second kind reads 0010 + 0100.
  EXPECT_EQ(family_key_of(net, rows[0]), "0111+1110");
  EXPECT_EQ(family_key_of(net, rows[1]), "0010+0100");
  EXPECT_EQ(family_key_of(net, rows[2]), "0010+0100");
  EXPECT_EQ(family_key_of(net, rows[3]), "0010+0100");
  EXPECT_EQ(family_key_of(net, rows[4]), "0111+1110");
  const auto atlas = build_solution_atlas(net, rows);
  ASSERT_EQ(atlas.families.size(), 2u);
  EXPECT_EQ(atlas.families[0].key, "0010+0100");  // 3 rows before 2
  EXPECT_EQ(atlas.families[0].members, (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(atlas.families[1].members, (std::vector<std::size_t>{0, 4}));
  for (std::size_t r = 0; r < rows.size(); ++r)
    EXPECT_EQ(assign_family(atlas, net, rows[r]), atlas.family_of[r]);
}

TEST(SolutionAtlas, RecoversPlantedFamiliesOfTableTwoCopies) {
  const Network net{};
  const auto rows = table2_solutions(net);
  const std::size_t copies[] = {7, 5, 3, 4, 6};
  std::mt19937_64 rng(20250405);
  std::normal_distribution<double> noise(0.0, 1e-3);
  std::vector<std::vector<double>> planted;
  std::vector<std::size_t> row_of;
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t k = 0; k < copies[r]; ++k) {
      auto v = scramble(net, rows[r], rng);
      for (auto& x : v) x += noise(rng);
      EXPECT_LT(loss_reference(net, v), 0.005);
      planted.push_back(v);
      row_of.push_back(r);
    }
  // Shuffle, so that the atlas cannot lean on the planting order.
  std::vector<std::size_t> perm(planted.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<std::vector<double>> shuffled;
  std::vector<std::size_t> shuffled_row;
  for (auto p : perm) shuffled.push_back(planted[p]), shuffled_row.push_back(row_of[p]);

  const auto a = build_solution_atlas(net, planted);
  const auto b = build_solution_atlas(net, shuffled);
  for (const auto* atlas : {&a, &b}) {
    ASSERT_EQ(atlas->families.size(), 2u);
    EXPECT_EQ(atlas->families[0].key, "0111+1110");
    EXPECT_EQ(atlas->families[0].count(), 7u + 6);
    EXPECT_EQ(atlas->families[1].key, "0010+0100");
    EXPECT_EQ(atlas->families[1].count(), 5u + 3 + 4);
    std::size_t total = 0;
    for (const auto& f : atlas->families) {
      total += f.count();
      EXPECT_TRUE(std::is_sorted(f.members.begin(), f.members.end()));
      for (auto m : f.members) EXPECT_EQ(atlas->family_of[m], &f - atlas->families.data());
    }
    EXPECT_EQ(total, planted.size());
  }
  for (std::size_t s = 0; s < shuffled.size(); ++s) {
    const int expected = shuffled_row[s] == 0 || shuffled_row[s] == 4 ? 0 : 1;
    EXPECT_EQ(b.family_of[s], expected);
  }
  // The representative does not depend on the order the solutions come in.
  for (std::size_t f = 0; f < 2; ++f)
    EXPECT_EQ(a.canonical[a.families[f].representative], b.canonical[b.families[f].representative]);
  for (std::size_t r = 0; r < rows.size(); ++r)
    EXPECT_EQ(assign_family(a, net, rows[r]), r == 0 || r == 4 ? 0 : 1);
}

// n_h = 3: four random prototypes with distinct keys and clear margins (|z| >= 0.5 on every
// case, |w2| >= 0.5), planted with noise far below the margins.
TEST(SolutionAtlas, RecoversPlantedFamiliesCountsAndRepresentatives) {
  const Network net{3, Activation::sigmoid};
  std::mt19937_64 rng(20250406);
  std::vector<std::vector<double>> prototypes;
  std::vector<std::string> keys;
  while (prototypes.size() < 4) {
    const auto v = random_vector(net, rng, 3.0);
    bool clear = true;
    for (int i = 0; i < net.n_hidden; ++i) {
      clear = clear && std::fabs(v[net.w2(i)]) >= 0.5;
      for (int c = 0; c < kCases; ++c)
        clear = clear && std::fabs(v[net.w1(i, 0)] * kInput1[c] + v[net.w1(i, 1)] * kInput2[c] +
                                   v[net.b1(i)]) >= 0.5;
    }
    const auto key = family_key_of(net, v);
    if (!clear || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    prototypes.push_back(v);
    keys.push_back(key);
  }
  const std::size_t copies[] = {9, 4, 4, 11};
  std::normal_distribution<double> noise(0.0, 1e-3);
  std::vector<std::vector<double>> planted;
  std::vector<std::size_t> proto_of;
  for (std::size_t p = 0; p < prototypes.size(); ++p)
    for (std::size_t k = 0; k < copies[p]; ++k) {
      auto v = scramble(net, prototypes[p], rng);
      for (auto& x : v) x += noise(rng);
      planted.push_back(v);
      proto_of.push_back(p);
    }
  const auto atlas = build_solution_atlas(net, planted);
  ASSERT_EQ(atlas.families.size(), 4u);
  // Ordered by count, ties (the two families of 4) by key.
  EXPECT_EQ(atlas.families[0].key, keys[3]);
  EXPECT_EQ(atlas.families[1].key, keys[0]);
  EXPECT_EQ(atlas.families[2].key, std::min(keys[1], keys[2]));
  EXPECT_EQ(atlas.families[3].key, std::max(keys[1], keys[2]));
  const std::size_t expected_counts[] = {11, 9, 4, 4};
  for (std::size_t f = 0; f < 4; ++f) {
    const auto& fam = atlas.families[f];
    EXPECT_EQ(fam.count(), expected_counts[f]);
    const std::size_t p = std::find(keys.begin(), keys.end(), fam.key) - keys.begin();
    for (auto m : fam.members) EXPECT_EQ(proto_of[m], p);
    // The representative sits within the noise of the prototype's canonical form.
    const auto c = canonical_form(net, prototypes[p]);
    const auto& rep = atlas.canonical[fam.representative];
    for (std::size_t q = 0; q < c.size(); ++q) EXPECT_NEAR(rep[q], c[q], 1e-2);
    EXPECT_GT(fam.median_distance, 0.0);
    EXPECT_LT(fam.median_distance, 1e-2);
    EXPECT_EQ(assign_family(atlas, net, prototypes[p]), static_cast<int>(f));
  }
  // A vector of a key that was not planted has no family.
  for (;;) {
    const auto v = random_vector(net, rng, 3.0);
    if (std::find(keys.begin(), keys.end(), family_key_of(net, v)) != keys.end()) continue;
    EXPECT_EQ(assign_family(atlas, net, v), -1);
    break;
  }
}

}  // namespace
