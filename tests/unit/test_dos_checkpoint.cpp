// Checkpoints of the density-of-loss walkers: a walk stopped after any number of proposals,
// snapshot, and continued in a fresh walker, energy and stream ends with the same bits as the
// walk that was never stopped, whichever stage it was stopped in; the random stream's state
// round trip under it.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "xorscape/dos/dos_tasks.hpp"
#include "xorscape/dos/network_energy.hpp"
#include "xorscape/dos/wang_landau.hpp"

namespace {
using namespace xorscape;
using exec::Purpose;
using exec::RandomStream;

// Draws that leave the stream in every kind of position: mid-block, at a block's end, with and
// without a spare normal.
std::vector<std::uint64_t> draws(RandomStream& s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) {
    switch (i % 5) {
      case 0:
        out.push_back(std::bit_cast<std::uint64_t>(s.uniform()));
        break;
      case 1:
      case 2:
        out.push_back(std::bit_cast<std::uint64_t>(s.normal()));
        break;
      case 3:
        out.push_back(s.below(7));
        break;
      default:
        out.push_back(std::bit_cast<std::uint64_t>(s.uniform_open0()));
    }
  }
  return out;
}

TEST(RandomStreamState, RestoredStreamContinuesWithTheSameNumbers) {
  for (int before = 0; before < 12; ++before) {
    RandomStream a(5, 9, Purpose::proposal);
    draws(a, before);
    const RandomStream::State saved = a.state();
    const auto expected = draws(a, 40);
    RandomStream b(5, 9, Purpose::proposal);
    b.restore(saved);
    EXPECT_EQ(draws(b, 40), expected) << "after " << before << " draws";
  }
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void expect_identical(const dos::WalkerResult& a, const dos::WalkerResult& b, std::uint64_t k) {
  SCOPED_TRACE("stopped after " + std::to_string(k) + " proposals");
  EXPECT_TRUE(same_bits(a.ln_g, b.ln_g));
  EXPECT_TRUE(same_bits(a.ln_g_wl, b.ln_g_wl));
  EXPECT_EQ(a.histogram, b.histogram);
  const dos::StageCount dos::WalkerResult::*stages[] = {
      &dos::WalkerResult::tune, &dos::WalkerResult::flat, &dos::WalkerResult::one_over_t,
      &dos::WalkerResult::production};
  for (auto stage : stages) {
    EXPECT_EQ((a.*stage).proposals, (b.*stage).proposals);
    EXPECT_EQ((a.*stage).accepted, (b.*stage).accepted);
  }
  EXPECT_TRUE(same_bits(a.step_scale, b.step_scale));
  EXPECT_EQ(a.flat_iterations, b.flat_iterations);
  EXPECT_TRUE(same_bits(a.ln_f_reached, b.ln_f_reached));
  EXPECT_EQ(a.round_trips, b.round_trips);
  EXPECT_TRUE(same_bits(a.min_loss, b.min_loss));
  EXPECT_TRUE(same_bits(a.max_loss, b.max_loss));
  EXPECT_EQ(a.bins_never_reached, b.bins_never_reached);
  EXPECT_EQ(a.complete, b.complete);
}

// A small walk of the n_h = 2 network with every stage a few thousand proposals long.
struct Walk {
  model::Network net;
  dos::Measure measure;
  std::vector<double> edges = dos::uniform_edges(0.15, 0.75, 8);
  dos::WangLandauSettings s;
  std::vector<double> start;

  explicit Walk(bool single, dos::MeasureKind kind, std::uint64_t production) {
    net.n_hidden = 2;
    measure.kind = kind;
    measure.half_width.assign(net.num_params(), 10.0);
    measure.sigma = 3.0;
    s.single_parameter = single;
    s.tune_steps = 2500;  // two whole chunks and half of one
    s.check_every = 500;
    // A few halvings, then the 1/t stage from t ~ 1e4 to N / ln f_final = 8e4.
    s.ln_f_initial = 0.05;
    s.flatness = 0.6;
    s.ln_f_final = 1e-4;
    s.production_steps = production;
    start.assign(net.num_params(), 0.5);
    start[6] = -1.0;  // an output weight: the start lies inside the window
  }

  dos::WalkerResult run(const dos::WalkCheckpoint& c = {}) const {
    dos::NetworkEnergy e(net, start);
    RandomStream rng(3, 1, Purpose::proposal);
    dos::WangLandauWalker w(e, measure, edges, s, rng);
    return w.run(nullptr, c);
  }
  // Stopped after k proposals: the state saved there.
  dos::WalkerState stop_after(std::uint64_t k) const {
    dos::WalkerState saved;
    int saves = 0;
    dos::WalkCheckpoint c;
    c.stop_at = k;
    c.save = [&](const dos::WalkerState& st) {
      saved = st;
      ++saves;
    };
    const auto r = run(c);
    EXPECT_FALSE(r.complete);
    EXPECT_EQ(saves, 1);
    EXPECT_EQ(saved.steps, k);
    return saved;
  }
  // Continued from a state in a fresh walker, energy and stream.
  dos::WalkerResult resume(const dos::WalkerState& st, const dos::WalkCheckpoint& c = {}) const {
    dos::NetworkEnergy e(net, st.position);
    RandomStream rng(3, 1, Purpose::proposal);
    dos::WangLandauWalker w(e, measure, edges, s, rng);
    w.restore(st);
    return w.run(nullptr, c);
  }
};

// Stop points in and at the ends of every stage of a finished walk.
std::vector<std::uint64_t> stop_points(const dos::WalkerResult& r) {
  const std::uint64_t t = r.tune.proposals, f = t + r.flat.proposals,
                      o = f + r.one_over_t.proposals, p = o + r.production.proposals;
  std::vector<std::uint64_t> k = {
      1, 999, 1000, 1001, t / 2 + 17, t, t + 1, (t + f) / 2 + 3, f, f + 1, (f + o) / 2, o};
  if (p > o) k.insert(k.end(), {o + 1, (o + p) / 2, p - 1, p});
  return k;
}

void check_every_stop_point(const Walk& walk) {
  const auto ref = walk.run();
  std::printf("proposals: tune %llu, flat %llu (%d halvings), 1/t %llu, production %llu\n",
              static_cast<unsigned long long>(ref.tune.proposals),
              static_cast<unsigned long long>(ref.flat.proposals), ref.flat_iterations,
              static_cast<unsigned long long>(ref.one_over_t.proposals),
              static_cast<unsigned long long>(ref.production.proposals));
  ASSERT_TRUE(ref.complete);
  ASSERT_GT(ref.tune.proposals, 0u);
  ASSERT_GT(ref.flat.proposals, 0u);
  ASSERT_GT(ref.flat_iterations, 0);
  ASSERT_GT(ref.one_over_t.proposals, 0u);
  for (std::uint64_t k : stop_points(ref)) {
    const auto st = walk.stop_after(k);
    expect_identical(walk.resume(st), ref, k);
  }
}

TEST(WalkerCheckpoint, ResumedWalkEqualsTheUninterruptedOneInEveryStage) {
  check_every_stop_point(Walk(true, dos::MeasureKind::box, 6000));
}

TEST(WalkerCheckpoint, AllParameterMovesUnderTheGaussianMeasure) {
  Walk walk(false, dos::MeasureKind::gaussian, 6000);
  walk.s.ln_f_final = 5e-5;  // its flat stage gets nearer to 1e-4
  check_every_stop_point(walk);
}

TEST(WalkerCheckpoint, WangLandauWithoutProduction) {
  check_every_stop_point(Walk(true, dos::MeasureKind::box, 0));
}

TEST(WalkerCheckpoint, StoppedAndResumedSeveralTimes) {
  const Walk walk(true, dos::MeasureKind::box, 6000);
  const auto ref = walk.run();
  auto st = walk.stop_after(1234);
  for (std::uint64_t k : {2345u, 5000u, 9000u, 15000u}) {
    dos::WalkCheckpoint c;
    c.stop_at = k;
    c.save = [&](const dos::WalkerState& s) { st = s; };
    ASSERT_FALSE(walk.resume(st, c).complete);
    ASSERT_EQ(st.steps, k);
  }
  expect_identical(walk.resume(st), ref, st.steps);
}

TEST(WalkerCheckpoint, PeriodicCheckpointsLeaveTheWalkUnchanged) {
  const Walk walk(true, dos::MeasureKind::box, 300000);
  const auto ref = walk.run();
  std::vector<dos::WalkerState> saved;
  dos::WalkCheckpoint c;
  c.due = [] { return true; };
  c.save = [&](const dos::WalkerState& s) { saved.push_back(s); };
  expect_identical(walk.run(c), ref, 0);
  ASSERT_GE(saved.size(), 4u);
  for (std::size_t i = 0; i < saved.size(); ++i)
    EXPECT_EQ(saved[i].steps, (i + 1) * 65536);  // the monitor's cadence
  expect_identical(walk.resume(saved[saved.size() / 2]), ref, saved[saved.size() / 2].steps);
}

TEST(WalkerCheckpoint, RestoreRefusesAStateThatDoesNotFit) {
  const Walk walk(true, dos::MeasureKind::box, 6000);
  const auto st = walk.stop_after(3000);
  auto moved = st.position;
  moved[0] += 1e-9;
  dos::NetworkEnergy e(walk.net, moved);
  RandomStream rng(3, 1, Purpose::proposal);
  dos::WangLandauWalker w(e, walk.measure, walk.edges, walk.s, rng);
  EXPECT_THROW(w.restore(st), std::invalid_argument);
  auto fewer = st;
  fewer.ln_g.pop_back();
  dos::NetworkEnergy e2(walk.net, st.position);
  dos::WangLandauWalker w2(e2, walk.measure, walk.edges, walk.s, rng);
  EXPECT_THROW(w2.restore(fewer), std::invalid_argument);
}

TEST(WalkerCheckpoint, DosTaskResumesFromACheckpoint) {
  dos::DosSpec spec;
  spec.hidden_sizes = {1, 2};
  spec.runs = 2;
  spec.method = dos::Method::multicanonical;
  spec.edges = dos::log_then_uniform_edges(1e-3, 0.05, 1.0, 6, 18);
  spec.measure.half_width = {10.0};
  spec.wl.ln_f_final = 1e-3;
  spec.wl.check_every = 1000;
  spec.wl.production_steps = 50000;
  spec.seed = 4;
  const std::uint64_t task = 3;
  const auto ref = dos::run_dos_task(spec, task, nullptr);
  ASSERT_TRUE(ref.complete);
  dos::WalkerState st;
  dos::WalkCheckpoint c;
  c.stop_at = ref.walker.tune.proposals + ref.walker.flat.proposals + 1;
  c.save = [&](const dos::WalkerState& s) { st = s; };
  ASSERT_FALSE(dos::run_dos_task(spec, task, nullptr, nullptr, c).complete);
  const auto resumed = dos::run_dos_task(spec, task, nullptr, &st);
  ASSERT_TRUE(resumed.complete);
  EXPECT_TRUE(same_bits(resumed.ln_g, ref.ln_g));
  expect_identical(resumed.walker, ref.walker, c.stop_at);
}

}  // namespace
