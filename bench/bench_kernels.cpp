// Throughput of the kernels behind xorscape, n_h = 2, double precision, full batch:
//   sigmoid      the vectorized sigmoid alone: the machine's limit for this network
//   exp_only, division_only   its two halves, to show which bounds it
//   gd_single    (a) gradient-descent epochs per second, one trajectory
//   gd_ensemble  (b) trajectory-epochs per second, 1024 trajectories in blocks of 8
//   loss_many    (c) loss evaluations per second over many parameter vectors
//   landscape_full    all 36 cross-sections around Table II #1 at 1001 x 1001, full batch:
//                     grid-point evaluations per second
//   landscape_random  the same at 301 x 301 with S = 100 random-batch scans: point-scans/s
//   perturb_lockstep  perturb's R = 64 runs advanced in lockstep (LaneBlock, random batches,
//                     the mean over runs checked every epoch), from starts that do not converge,
//                     two tasks: trajectory-epochs/s
//   dos_simple        simple sampling of g(L): samples/s at n_h = 2 and 18 (box [-10, 10]^P)
//   dos_walker        Wang-Landau proposals/s at n_h = 2 and 18 (single-parameter moves with the
//                     incremental loss, constant ln f)
//   dos_simple_threads, dos_walker_threads   the same with one task per thread (2 threads)
//   perturb_blocks    the same 128 trajectories run as independent 8-lane blocks
//                     (run_trajectory_block): the cost of lockstep is the difference
// Each reports items/s; the `threads` argument runs the work split over OpenMP threads.
// bench/run_benchmarks.sh puts these beside the NumPy / PyTorch peers and the sigmoid limit.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <vector>

#include "xorscape/dos/network_energy.hpp"
#include "xorscape/dos/simple_sampling.hpp"
#include "xorscape/dos/wang_landau.hpp"
#include "xorscape/exec/record_schedule.hpp"
#include "xorscape/landscape/landscape_tasks.hpp"
#include "xorscape/model/batched_kernel.hpp"
#include "xorscape/model/paper_solutions.hpp"
#include "xorscape/train/perturbation.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace {

using namespace xorscape;

model::Network paper_network() {
  return model::Network{};
}

train::TrainSpec gd_spec(std::uint64_t epochs) {
  train::TrainSpec s;
  s.batch = model::BatchKind::full;
  s.epochs = epochs;
  return s;
}

std::vector<double> start_vector(int lane) {
  std::vector<double> v(9);
  for (int k = 0; k < 9; ++k) v[k] = 0.01 * (k + 1) + 0.001 * lane;
  return v;
}

void sigmoid(benchmark::State& state) {
  const std::size_t n = 1 << 14;
  std::vector<double> z(n), a(n);
  for (std::size_t i = 0; i < n; ++i) z[i] = -8.0 + 16.0 * static_cast<double>(i) / n;
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
#pragma omp parallel for simd num_threads(threads) schedule(static)
    for (std::size_t i = 0; i < n; ++i) a[i] = model::sigmoid(z[i]);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// The two halves of the sigmoid alone, to show what bounds it: exp(-z) and 1/(1+x).
void exp_only(benchmark::State& state) {
  const std::size_t n = 1 << 14;
  std::vector<double> z(n), a(n);
  for (std::size_t i = 0; i < n; ++i) z[i] = -8.0 + 16.0 * static_cast<double>(i) / n;
  for (auto _ : state) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) a[i] = model::vector_exp(-z[i]);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void division_only(benchmark::State& state) {
  const std::size_t n = 1 << 14;
  std::vector<double> z(n), a(n);
  for (std::size_t i = 0; i < n; ++i) z[i] = static_cast<double>(i) / n;
  for (auto _ : state) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) a[i] = 1.0 / (1.0 + z[i]);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

void gd_single(benchmark::State& state) {
  const std::uint64_t epochs = 200000;
  const auto spec = gd_spec(epochs);
  const std::vector<std::uint64_t> records{0, epochs};
  const std::vector<train::LaneSetup> lanes{{0, 0.1, start_vector(0)}};
  for (auto _ : state) {
    auto r = train::run_trajectory_block(spec, paper_network(), lanes, records, nullptr);
    benchmark::DoNotOptimize(r.data());
  }
  state.SetItemsProcessed(state.iterations() * epochs);
}

void gd_ensemble(benchmark::State& state) {
  const std::uint64_t epochs = 20000;
  const int trajectories = 1024;
  const int threads = static_cast<int>(state.range(0));
  const auto spec = gd_spec(epochs);
  const std::vector<std::uint64_t> records{0, epochs};
  std::vector<std::vector<train::LaneSetup>> blocks(trajectories / train::kMaxLanes);
  for (std::size_t b = 0; b < blocks.size(); ++b)
    for (int t = 0; t < train::kMaxLanes; ++t)
      blocks[b].push_back({b * train::kMaxLanes + t, 0.1, start_vector(t)});
  for (auto _ : state) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      auto r = train::run_trajectory_block(spec, paper_network(), blocks[b], records, nullptr);
      benchmark::DoNotOptimize(r.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * epochs * trajectories);
}

void loss_many(benchmark::State& state) {
  const auto net = paper_network();
  const std::size_t n = 1 << 16;
  const int threads = static_cast<int>(state.range(0));
  std::vector<double> p(9 * n), loss(n);
  for (std::size_t k = 0; k < 9; ++k)
    for (std::size_t t = 0; t < n; ++t)
      p[k * n + t] = -5.0 + 10.0 * ((t * 7919 + k * 104729) % n) / n;
  for (auto _ : state) {
#pragma omp parallel num_threads(threads)
    {
      model::KernelScratch scratch;
      scratch.reserve(net, 8);
      const int nt = omp_get_num_threads(), id = omp_get_thread_num();
      const std::size_t chunk = (n / nt + 7) / 8 * 8, begin = id * chunk;
      const std::size_t end = std::min(n, begin + chunk);
      if (begin < end)
        model::loss_many(net, p.data() + begin, n, end - begin, loss.data() + begin, scratch);
    }
    benchmark::DoNotOptimize(loss.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

landscape::LandscapeSpec sweep_spec(model::BatchKind batch, int points, int scans) {
  landscape::LandscapeSpec s;
  s.center.assign(model::kTable2[0].begin(), model::kTable2[0].end());
  s.axes.assign(9, landscape::AxisGrid{-15.0, 15.0, points});
  s.pairs = landscape::all_pairs(9);
  s.batch = batch;
  s.scans = scans;
  return s;
}

// Every sweep task of the run, as `xorscape landscape` schedules them (results dropped).
void run_sweep(const landscape::LandscapeSpec& spec, int threads) {
  const std::uint64_t n = landscape::task_count(spec);
  std::vector<std::uint64_t> tasks(n);
  for (std::uint64_t t = 0; t < n; ++t) tasks[t] = t;
  landscape::SectionCache sections(spec, tasks);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (std::uint64_t t = 0; t < n; ++t) {
    const int pair = landscape::task_ref(spec, t).pair;
    auto r = landscape::run_sweep_task(spec, *sections.get(pair), t);
    sections.release(pair);
    benchmark::DoNotOptimize(r.loss.data());
  }
}

void landscape_full(benchmark::State& state) {
  const auto spec = sweep_spec(model::BatchKind::full, 1001, 1);
  for (auto _ : state) run_sweep(spec, static_cast<int>(state.range(0)));
  state.SetItemsProcessed(state.iterations() * 36 * 1001 * 1001);
}

void landscape_random(benchmark::State& state) {
  const auto spec = sweep_spec(model::BatchKind::random, 301, 100);
  for (auto _ : state) run_sweep(spec, static_cast<int>(state.range(0)));
  state.SetItemsProcessed(state.iterations() * 36 * 301 * 301 * 100);
}

}  // namespace

// Two perturb tasks whose starts (w1_11 or w1_12 of Table II #1 shifted by +8) sit on the
// L ~ 0.25 plateau for the whole budget, so every run is active in every epoch.
train::PerturbSpec stuck_perturb_spec() {
  train::PerturbSpec s;
  s.center.assign(model::kTable2[0].begin(), model::kTable2[0].end());
  s.parameters = {0, 1};
  s.shifts = {8.0};
  s.runs = 64;
  s.base.epochs = 20000;
  return s;
}

void perturb_lockstep(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const auto spec = stuck_perturb_spec();
  for (auto _ : state) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::uint64_t t = 0; t < 2; ++t) {
      auto r = train::run_perturb_task(spec, t, nullptr);
      benchmark::DoNotOptimize(r.tau_conv);
    }
  }
  state.SetItemsProcessed(state.iterations() * 2 * spec.runs * spec.base.epochs);
}

void perturb_blocks(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const auto spec = stuck_perturb_spec();
  std::vector<std::vector<train::LaneSetup>> blocks;
  for (std::uint64_t t = 0; t < 2; ++t)
    for (int b = 0; b < spec.runs / train::kMaxLanes; ++b) {
      blocks.emplace_back();
      for (int r = 0; r < train::kMaxLanes; ++r)
        blocks.back().push_back({static_cast<std::uint64_t>(b * train::kMaxLanes + r),
                                 spec.learning_rate, train::start_vector(spec, t)});
    }
  for (auto _ : state) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      auto r = train::run_trajectory_block(spec.base, spec.base.network, blocks[b], {}, nullptr);
      benchmark::DoNotOptimize(r.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * 2 * spec.runs * spec.base.epochs);
}

// The setting of every dos benchmark: the box [-10, 10]^P and the default log-then-uniform bins.
struct DosBench {
  model::Network net;
  dos::Measure measure;
  std::vector<double> edges = dos::log_then_uniform_edges(1e-3, 0.05, 1.0, 20, 95);
  explicit DosBench(int n_hidden) {
    net.n_hidden = n_hidden;
    measure = {dos::MeasureKind::box, std::vector<double>(net.num_params(), 10.0), 1.0};
  }
};
constexpr std::uint64_t kDosSamples = 1 << 20;

// Only the tuning stage (a Wang-Landau walk at constant ln f): ln f starts below N/t, so the
// flat stage is skipped, and the 1/t stage is done at once.
dos::WangLandauSettings tuning_only() {
  dos::WangLandauSettings s;
  s.tune_steps = 1 << 20;
  s.ln_f_initial = 1e-9;
  s.ln_f_final = 1.0;
  return s;
}

void sample_once(const DosBench& b, exec::RandomStream& rng) {
  auto c = dos::sample_losses(b.net, b.measure, b.edges, kDosSamples, rng);
  benchmark::DoNotOptimize(c.counts.data());
}

void walk_once(const DosBench& b, const dos::WangLandauSettings& s, std::uint64_t task) {
  dos::NetworkEnergy e(b.net, std::vector<double>(b.net.num_params(), 0.1));
  exec::RandomStream rng(1, task, exec::Purpose::proposal);
  dos::WangLandauWalker walker(e, b.measure, b.edges, s, rng);
  auto r = walker.run(nullptr);
  benchmark::DoNotOptimize(r.ln_g.data());
}

void dos_simple(benchmark::State& state) {
  const DosBench b(static_cast<int>(state.range(0)));
  exec::RandomStream rng(1, 0, exec::Purpose::proposal);
  for (auto _ : state) sample_once(b, rng);
  state.SetItemsProcessed(state.iterations() * kDosSamples);
}

void dos_walker(benchmark::State& state) {
  const DosBench b(static_cast<int>(state.range(0)));
  const auto s = tuning_only();
  for (auto _ : state) walk_once(b, s, 0);
  state.SetItemsProcessed(state.iterations() * s.tune_steps);
}

// The two above as `xorscape dos` runs them on several cores: one task (its own stream, its own
// walker) per thread, items counted over all threads.
void dos_simple_threads(benchmark::State& state) {
  const DosBench b(static_cast<int>(state.range(0)));
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (int t = 0; t < threads; ++t) {
      exec::RandomStream rng(1, t, exec::Purpose::proposal);
      sample_once(b, rng);
    }
  }
  state.SetItemsProcessed(state.iterations() * threads * kDosSamples);
}

void dos_walker_threads(benchmark::State& state) {
  const DosBench b(static_cast<int>(state.range(0)));
  const int threads = static_cast<int>(state.range(1));
  const auto s = tuning_only();
  for (auto _ : state) {
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (int t = 0; t < threads; ++t) walk_once(b, s, static_cast<std::uint64_t>(t));
  }
  state.SetItemsProcessed(state.iterations() * threads * s.tune_steps);
}

BENCHMARK(sigmoid)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
BENCHMARK(exp_only)->UseRealTime();
BENCHMARK(division_only)->UseRealTime();
BENCHMARK(gd_single)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(gd_ensemble)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(loss_many)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
BENCHMARK(landscape_full)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(landscape_random)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(perturb_lockstep)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(perturb_blocks)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(dos_simple)
    ->ArgName("n_h")
    ->Arg(2)
    ->Arg(18)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(dos_walker)
    ->ArgName("n_h")
    ->Arg(2)
    ->Arg(18)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(dos_simple_threads)
    ->ArgNames({"n_h", "threads"})
    ->Args({2, 2})
    ->Args({18, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(dos_walker_threads)
    ->ArgNames({"n_h", "threads"})
    ->Args({2, 2})
    ->Args({18, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_MAIN();
