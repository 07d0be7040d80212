#include "xorscape/landscape/landscape_tasks.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "xorscape/exec/random_stream.hpp"
#include "xorscape/landscape/cross_section.hpp"
#include "xorscape/model/reference_network.hpp"

namespace xorscape::landscape {
namespace {

// Random rows of 16 grid points come from one Philox block: 8 bits per point, 2 bits per row.
constexpr int kPointsPerBlock = 16;

// Picks the contribution of truth-table row `d` (0..3) without a gather.
inline double pick(unsigned d, double c0, double c1, double c2, double c3) {
  const double lo = (d & 1u) ? c1 : c0;
  const double hi = (d & 1u) ? c3 : c2;
  return (d & 2u) ? hi : lo;
}

// Scans of one row: every point gets its own batch of 4 rows drawn with replacement per scan.
// Accumulates sum1 += L_s - full and sum2 += (L_s - full)^2; scan 0 goes to `first`.
struct RowScans {
  const double* contrib;  // [m * n + c]
  const double* full;
  int n;
  double *first, *sum1, *sum2;
  std::uint8_t* bytes;  // n rounded up to kPointsPerBlock

  void scan(const exec::RandomStream& stream, std::uint64_t counter0, bool keep_first) const {
    const int groups = (n + kPointsPerBlock - 1) / kPointsPerBlock;
    for (int g = 0; g < groups; ++g) {
      const auto blk = stream.block(counter0 + static_cast<std::uint64_t>(g));
      std::memcpy(bytes + g * kPointsPerBlock, blk.data(), kPointsPerBlock);
    }
    const double *c0 = contrib, *c1 = contrib + n, *c2 = contrib + 2 * n, *c3 = contrib + 3 * n;
#pragma omp simd
    for (int c = 0; c < n; ++c) {
      const unsigned b = bytes[c];
      // In draw order, as a plain evaluation of the batch sums its slots.
      const double loss = (((pick(b & 3u, c0[c], c1[c], c2[c], c3[c]) +
                             pick((b >> 2) & 3u, c0[c], c1[c], c2[c], c3[c])) +
                            pick((b >> 4) & 3u, c0[c], c1[c], c2[c], c3[c])) +
                           pick((b >> 6) & 3u, c0[c], c1[c], c2[c], c3[c])) *
                          (1.0 / model::kCases);
      const double e = loss - full[c];
      sum1[c] += e;
      sum2[c] += e * e;
      if (keep_first) first[c] = loss;
    }
  }
};

void summarize_block(const LandscapeSpec& spec, SweepResult& r) {
  const double* l = r.loss.data();
  const std::size_t n = r.loss.size();
  double lowest = std::numeric_limits<double>::infinity();
#pragma omp simd reduction(min : lowest)
  for (std::size_t k = 0; k < n; ++k) lowest = std::min(lowest, l[k]);  // NaN never wins
  r.min_loss = lowest;
  const std::size_t first = static_cast<std::size_t>(std::find(l, l + n, lowest) - l);
  r.argmin = static_cast<std::int64_t>(r.first_row) * r.columns + static_cast<std::int64_t>(first);
  r.level_counts.clear();
  for (double level : spec.levels) {
    std::int64_t count = 0;
    const double tol = spec.level_tolerance;
#pragma omp simd reduction(+ : count)
    for (std::size_t k = 0; k < n; ++k) count += std::fabs(l[k] - level) <= tol ? 1 : 0;
    r.level_counts.push_back(count);
  }
}

}  // namespace

int grid_columns(const LandscapeSpec& spec, int pair) {
  return spec.axes[spec.pairs[pair].x].points;
}

int grid_rows(const LandscapeSpec& spec, int pair) {
  return spec.axes[spec.pairs[pair].y].points;
}

std::uint64_t blocks_of_pair(const LandscapeSpec& spec, int pair) {
  const std::uint64_t rows = grid_rows(spec, pair);
  return (rows + spec.rows_per_task - 1) / spec.rows_per_task;
}

std::vector<std::uint64_t> pair_task_offsets(const LandscapeSpec& spec) {
  std::vector<std::uint64_t> offsets{0};
  for (std::size_t p = 0; p < spec.pairs.size(); ++p)
    offsets.push_back(offsets.back() + blocks_of_pair(spec, static_cast<int>(p)));
  return offsets;
}

std::uint64_t task_count(const LandscapeSpec& spec) {
  return pair_task_offsets(spec).back() + spec.paths.size();
}

TaskRef task_ref(const LandscapeSpec& spec, std::uint64_t task) {
  TaskRef ref;
  for (std::size_t p = 0; p < spec.pairs.size(); ++p) {
    const std::uint64_t blocks = blocks_of_pair(spec, static_cast<int>(p));
    if (task < blocks) {
      ref.pair = static_cast<int>(p);
      ref.block = task;
      return ref;
    }
    task -= blocks;
  }
  ref.is_path = true;
  ref.path = static_cast<int>(task);
  ref.pair = spec.paths[ref.path].pair;
  return ref;
}

CrossSection make_section(const LandscapeSpec& spec, int pair) {
  const ParameterPair p = spec.pairs[pair];
  return CrossSection(spec.network, spec.center, p, spec.axes[p.x].shifts(),
                      spec.axes[p.y].shifts());
}

std::shared_ptr<const CrossSection> SectionCache::get(int pair) {
  std::lock_guard lock(mutex_);
  auto& slot = sections_[pair];
  if (!slot) slot = std::make_shared<const CrossSection>(make_section(*spec_, pair));
  return slot;
}

void SectionCache::release(int pair) {
  std::lock_guard lock(mutex_);
  if (--remaining_[pair] == 0) sections_[pair].reset();
}

SectionCache::SectionCache(const LandscapeSpec& spec, const std::vector<std::uint64_t>& tasks)
    : spec_(&spec), sections_(spec.pairs.size()), remaining_(spec.pairs.size(), 0) {
  for (std::uint64_t t : tasks) {
    const TaskRef ref = task_ref(spec, t);
    if (!ref.is_path) ++remaining_[ref.pair];
  }
}

SweepResult run_sweep_task(const LandscapeSpec& spec, std::uint64_t task) {
  const TaskRef ref = task_ref(spec, task);
  return run_sweep_task(spec, make_section(spec, ref.pair), task);
}

SweepResult run_sweep_task(const LandscapeSpec& spec, const CrossSection& section,
                           std::uint64_t task) {
  const TaskRef ref = task_ref(spec, task);
  const ParameterPair pair = spec.pairs[ref.pair];
  const int nx = grid_columns(spec, ref.pair), ny = grid_rows(spec, ref.pair);
  SweepResult r;
  r.task = task;
  r.pair = ref.pair;
  r.columns = nx;
  r.first_row = static_cast<int>(ref.block) * spec.rows_per_task;
  r.rows = std::min(spec.rows_per_task, ny - r.first_row);
  const std::size_t points = static_cast<std::size_t>(r.rows) * nx;
  r.loss.resize(points);
  r.wrong.resize(points);
  std::vector<double> contrib(static_cast<std::size_t>(model::kCases) * nx), work(8 * nx);

  const bool random = spec.batch == model::BatchKind::random;
  const auto checkpoints = scan_checkpoints(spec.scans);
  std::vector<double> sum1, sum2;
  std::vector<std::uint8_t> bytes;
  if (random) {
    r.loss_scan.resize(points);
    r.loss_mean.resize(points);
    r.loss_std.resize(points);
    r.mean_error_max.assign(checkpoints.size(), 0.0);
    r.mean_error_sumsq.assign(checkpoints.size(), 0.0);
    sum1.resize(nx);
    sum2.resize(nx);
    bytes.resize((nx + kPointsPerBlock - 1) / kPointsPerBlock * kPointsPerBlock);
  }
  // Streams keyed by the pair's parameters, not its position in the list, so a cross-section
  // gets the same batches whichever other pairs run beside it.
  const exec::RandomStream stream(spec.seed,
                                  static_cast<std::uint64_t>(pair.x) * spec.network.num_params() +
                                      static_cast<std::uint64_t>(pair.y),
                                  exec::Purpose::batch);
  const std::uint64_t groups = (nx + kPointsPerBlock - 1) / kPointsPerBlock;

  for (int rr = 0; rr < r.rows; ++rr) {
    const std::size_t off = static_cast<std::size_t>(rr) * nx;
    double* full = r.loss.data() + off;
    section.evaluate_row(r.first_row + rr, full, r.wrong.data() + off,
                         random ? contrib.data() : nullptr, work.data());
    if (!random) continue;

    std::fill(sum1.begin(), sum1.end(), 0.0);
    std::fill(sum2.begin(), sum2.end(), 0.0);
    const RowScans scans{contrib.data(), full,        nx,          r.loss_scan.data() + off,
                         sum1.data(),    sum2.data(), bytes.data()};
    const std::uint64_t row = static_cast<std::uint64_t>(r.first_row + rr);
    std::size_t next_checkpoint = 0;
    for (int s = 0; s < spec.scans; ++s) {
      scans.scan(stream, (static_cast<std::uint64_t>(s) * ny + row) * groups, s == 0);
      if (checkpoints[next_checkpoint] != s + 1) continue;
      double mx = r.mean_error_max[next_checkpoint], sq = 0.0;
      const double inv = 1.0 / (s + 1);
      for (int c = 0; c < nx; ++c) {
        const double d = sum1[c] * inv;  // mean over s + 1 scans minus the full batch
        mx = std::max(mx, std::fabs(d));
        sq += d * d;
      }
      r.mean_error_max[next_checkpoint] = mx;
      r.mean_error_sumsq[next_checkpoint] += sq;
      ++next_checkpoint;
    }
    const double S = spec.scans;
    for (int c = 0; c < nx; ++c) {
      r.loss_mean[off + c] = full[c] + sum1[c] / S;
      r.loss_std[off + c] =
          spec.scans > 1 ? std::sqrt(std::max(0.0, (sum2[c] - sum1[c] * sum1[c] / S) / (S - 1.0)))
                         : std::numeric_limits<double>::quiet_NaN();
    }
  }
  summarize_block(spec, r);
  return r;
}

PathResult run_path_task(const LandscapeSpec& spec, std::uint64_t task,
                         const PathMonitor& monitor) {
  const TaskRef ref = task_ref(spec, task);
  const PathStart& start = spec.paths[ref.path];
  const ParameterPair pair = spec.pairs[start.pair];
  PathResult r;
  r.task = task;
  r.path = ref.path;
  std::vector<double> v = spec.center;
  v[pair.x] += start.dx;
  v[pair.y] += start.dy;
  r.start_loss = model::loss_reference(spec.network, v);
  r.descent = descend(spec.network, spec.center, pair, start, spec.path, monitor);
  return r;
}

}  // namespace xorscape::landscape
