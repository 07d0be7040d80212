// The machinery behind fast simple sampling, each piece against a plain version of itself: the
// bulk Philox blocks against block(), the constant-time bin lookup against the binary search,
// the sampling kernel against model::loss_reference, and the sampler against a sample-by-sample
// loop over the documented stream layout (including independence of chunking).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "xorscape/dos/binning.hpp"
#include "xorscape/dos/simple_sampling.hpp"
#include "xorscape/model/reference_network.hpp"

namespace {
using namespace xorscape;

TEST(RandomStream, BulkBlocksEqualBlockByBlock) {
  const exec::RandomStream s(0x0123456789abcdefULL, 17, exec::Purpose::proposal);
  // Strides of the samplers (P = 9, 73), lengths around the SIMD widths, and indices that
  // cross the 2^32 boundary of the counter's low word.
  for (std::uint64_t first : {std::uint64_t{0}, std::uint64_t{5}, (std::uint64_t{1} << 32) - 70})
    for (std::uint64_t stride : {1, 9, 73})
      for (std::size_t n : {0, 1, 7, 8, 15, 16, 17, 40, 64}) {
        std::vector<std::uint32_t> w(4 * n + 4, 0xdeadbeef);
        s.blocks(first, stride, n, {w.data(), w.data() + n, w.data() + 2 * n, w.data() + 3 * n});
        for (std::size_t i = 0; i < n; ++i) {
          const auto b = s.block(first + i * stride);
          for (std::size_t j = 0; j < 4; ++j)
            ASSERT_EQ(w[j * n + i], b[j]) << first << " " << stride << " " << n << " " << i;
        }
        EXPECT_EQ(w[4 * n], 0xdeadbeef);  // nothing written past the end
      }
}

TEST(RandomStream, ReserveBlocksSkipsTheRestOfABlockAndAdvances) {
  exec::RandomStream s(3, 1, exec::Purpose::batch);
  const exec::RandomStream fresh(3, 1, exec::Purpose::batch);
  s.uniform();  // the first half of block 0
  EXPECT_EQ(s.reserve_blocks(5), 1u);
  const auto b = fresh.block(6);
  EXPECT_EQ(s.uniform(), static_cast<double>(((std::uint64_t{b[0]} << 32) | b[1]) >> 11) * 0x1p-53);
  EXPECT_EQ(s.reserve_blocks(2), 7u);
}

// Losses to look up: every edge and its neighbours, random values, and the special cases.
std::vector<double> probe_losses(const std::vector<double>& edges) {
  std::vector<double> L = {0.0,
                           -0.0,
                           -1.0,
                           1e-320,
                           1e-300,
                           2.0,
                           1e300,
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN()};
  for (double e : edges)
    for (double x : {e, std::nextafter(e, -1.0), std::nextafter(e, 2.0), 0.5 * e, 1.5 * e})
      L.push_back(x);
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> u(0.0, 1.2);
  for (int i = 0; i < 20000; ++i) L.push_back(u(gen));
  for (int i = 0; i < 2000; ++i) L.push_back(std::pow(10.0, -8.0 * u(gen)));
  return L;
}

TEST(BinLocator, AgreesWithTheBinarySearch) {
  std::vector<std::vector<double>> sets = {
      dos::log_then_uniform_edges(1e-3, 0.05, 1.0, 20, 95),
      dos::log_then_uniform_edges(1e-6, 0.1, 1.0, 60, 90),
      dos::uniform_edges(0.0, 1.0, 40),
      dos::uniform_edges(0.0, 1.0, 1000),
      dos::uniform_edges(0.2, 0.3, 7),
      {0.0, 1e-300, 1.0},  // the table cannot resolve it: binary search
      {-1.0, 0.0, 1.0},    // negative edges: binary search
      {0.25, 0.5},         // one bin
  };
  std::mt19937_64 gen(9);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> random_edges(200);
  for (double& e : random_edges) e = u(gen);
  std::sort(random_edges.begin(), random_edges.end());
  sets.push_back(random_edges);
  for (const auto& edges : sets) {
    const dos::BinLocator locator(edges);
    EXPECT_EQ(locator.constant_time(), edges.front() >= 0.0) << edges.size() << " edges";
    const auto L = probe_losses(edges);
    std::vector<std::int32_t> slots(L.size());
    locator.slots(L.data(), L.size(), slots.data());
    const int n = static_cast<int>(edges.size()) - 1;
    for (std::size_t i = 0; i < L.size(); ++i) {
      const int b = dos::bin_of(edges, L[i]);
      const int expected = b >= 0 ? b + 1 : L[i] < edges.front() ? 0 : n + 1;
      ASSERT_EQ(locator.slot(L[i]), expected) << edges.size() << " edges, L = " << L[i];
      ASSERT_EQ(slots[i], expected) << edges.size() << " edges, L = " << L[i];
      ASSERT_EQ(locator.bin(L[i]), b);
    }
  }
}

// The kernel's error against the reference: a few ulp of every quantity, except that the
// reference's own rounding of z = w_a + w_b + b (absolute, ~ulp(3B)) moves its loss by up to
// ~(n_h + 1) B ulp(3B) relative, and its residual 1 - yhat has an absolute error ~1e-16.
double tolerance(double L, int nh, double B) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  return 64 * eps * (1.0 + (nh + 1) * B * (1.0 + 3.0 * B)) * L + 8 * eps * std::sqrt(L) + 1e-300;
}

TEST(SamplingKernel, MatchesTheReferenceLossAndDependsOnItsVectorOnly) {
  std::mt19937_64 gen(21);
  for (int nh : {1, 2, 3, 18})
    for (int gate = 0; gate < 6; ++gate)
      for (double B : {1.0, 10.0, 50.0, 100.0, 600.0}) {
        model::Network net;
        net.n_hidden = nh;
        net.gate = static_cast<model::Gate>(gate);
        const int P = net.num_params();
        const std::size_t count = 77;  // vector body and tail
        std::uniform_real_distribution<double> u(-B, B);
        std::vector<double> p(P * count);
        for (double& x : p) x = u(gen);
        std::vector<double> loss(count), one(1);
        dos::SamplingScratch scratch;
        scratch.reserve(net, count);
        // The bound only selects code: with and without it, the same bits.
        dos::sampling_losses(net, p.data(), count, count, loss.data(), scratch, B);
        std::vector<double> unbounded(count);
        dos::sampling_losses(net, p.data(), count, count, unbounded.data(), scratch);
        for (std::size_t t = 0; t < count; ++t) {
          std::vector<double> v(P);
          for (int k = 0; k < P; ++k) v[k] = p[k * count + t];
          const double ref = model::loss_reference(net, v);
          ASSERT_NEAR(loss[t], ref, tolerance(ref, nh, B)) << nh << " " << gate << " " << B;
          ASSERT_EQ(std::bit_cast<std::uint64_t>(loss[t]),
                    std::bit_cast<std::uint64_t>(unbounded[t]));
          dos::sampling_losses(net, v.data(), 1, 1, one.data(), scratch, B);
          ASSERT_EQ(std::bit_cast<std::uint64_t>(loss[t]), std::bit_cast<std::uint64_t>(one[0]));
        }
      }
}

TEST(SamplingKernel, OtherNetworksUseTheModelKernel) {
  model::Network net;
  net.hidden_activation = model::Activation::tanh;
  net.loss = model::LossKind::bce;
  const std::size_t count = 20;
  std::vector<double> p(9 * count), a(count), b(count);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = std::sin(1.0 + i) * 5.0;
  dos::SamplingScratch scratch;
  scratch.reserve(net, count);
  dos::sampling_losses(net, p.data(), count, count, a.data(), scratch);
  model::loss_many(net, p.data(), count, count, b.data(), scratch.kernel);
  EXPECT_EQ(a, b);
}

// The sampler rebuilt sample by sample from its documented layout.
dos::SampleCounts sample_by_sample(const model::Network& net, const dos::Measure& m,
                                   const std::vector<double>& edges, std::uint64_t n,
                                   exec::RandomStream& rng) {
  const int P = net.num_params();
  const bool box = m.kind == dos::MeasureKind::box;
  const std::uint64_t group = box ? 4 : 2;
  const std::uint64_t first = rng.reserve_blocks((n + group - 1) / group * P);
  double bound = 0.0;
  for (int k = 0; k < P; ++k) bound = std::max(bound, m.half_width[k]);
  dos::SampleCounts out;
  out.counts.assign(edges.size() - 1, 0);
  dos::SamplingScratch scratch;
  scratch.reserve(net, 1);
  std::vector<double> v(P);
  for (std::uint64_t g = 0; g < n; ++g) {
    for (int k = 0; k < P; ++k) {
      const auto w = rng.block(first + g / group * P + k);
      if (box) {
        v[k] = m.half_width[k] * ((w[g % 4] + 0.5) * 0x1p-31 - 1.0);
      } else {
        const std::uint64_t a = (std::uint64_t{w[0]} << 32) | w[1];
        const std::uint64_t b = (std::uint64_t{w[2]} << 32) | w[3];
        const double radius =
            std::sqrt(-2.0 * std::log((static_cast<double>(a >> 11) + 1.0) * 0x1p-53));
        const double angle = 2.0 * M_PI * (static_cast<double>(b >> 11) * 0x1p-53);
        v[k] = m.sigma * (radius * (g % 2 == 0 ? std::cos(angle) : std::sin(angle)));
      }
    }
    double L;
    dos::sampling_losses(net, v.data(), 1, 1, &L, scratch, box ? bound : HUGE_VAL);
    out.min_loss = std::min(out.min_loss, L);
    out.max_loss = std::max(out.max_loss, L);
    const int b = dos::bin_of(edges, L);
    if (b >= 0)
      ++out.counts[b];
    else if (L < edges.front())
      ++out.below;
    else
      ++out.above;
  }
  return out;
}

void expect_same(const dos::SampleCounts& a, const dos::SampleCounts& b) {
  EXPECT_EQ(a.counts, b.counts);
  EXPECT_EQ(a.below, b.below);
  EXPECT_EQ(a.above, b.above);
  EXPECT_EQ(a.min_loss, b.min_loss);
  EXPECT_EQ(a.max_loss, b.max_loss);
}

TEST(SimpleSampling, IsTheDocumentedLayoutAndIndependentOfChunking) {
  const auto edges = dos::log_then_uniform_edges(1e-3, 0.05, 1.0, 20, 30);
  for (int nh : {1, 2, 5})
    for (auto kind : {dos::MeasureKind::box, dos::MeasureKind::gaussian}) {
      model::Network net;
      net.n_hidden = nh;
      const int P = net.num_params();
      dos::Measure m{kind, std::vector<double>(P, 10.0), 3.0};
      m.half_width[1] = 2.0;         // per-parameter widths
      const std::uint64_t n = 1203;  // several chunks and a part-filled last row
      exec::RandomStream a(5, 2, exec::Purpose::proposal), b = a, c = a;
      const auto whole = dos::sample_losses(net, m, edges, n, a);
      expect_same(whole, sample_by_sample(net, m, edges, n, b));
      dos::SampleCounts parts = dos::sample_losses(net, m, edges, 260, c);
      dos::add_counts(parts, dos::sample_losses(net, m, edges, 4, c));
      dos::add_counts(parts, dos::sample_losses(net, m, edges, n - 264, c));
      expect_same(whole, parts);
      // Both streams are now at the same place.
      EXPECT_EQ(a.uniform(), c.uniform());
    }
}

}  // namespace
