#pragma once
// Tasks of a landscape run: first every (pair, block of rows) of the sweep, pair after pair, then
// one task per descent path. A task's results depend only on the spec and its index, never on
// which thread ran it or what ran beside it.
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "xorscape/landscape/cross_section.hpp"
#include "xorscape/landscape/descent_path.hpp"
#include "xorscape/landscape/landscape_spec.hpp"

namespace xorscape::landscape {

int grid_columns(const LandscapeSpec& spec, int pair);  // points of pair.x
int grid_rows(const LandscapeSpec& spec, int pair);     // points of pair.y
std::uint64_t blocks_of_pair(const LandscapeSpec& spec, int pair);
// First task of each pair; the last entry is the number of sweep tasks.
std::vector<std::uint64_t> pair_task_offsets(const LandscapeSpec& spec);
std::uint64_t task_count(const LandscapeSpec& spec);

struct TaskRef {
  bool is_path = false;
  int pair = 0;             // sweep: the cross-section
  std::uint64_t block = 0;  // sweep: block of rows within the pair
  int path = 0;             // path: index into spec.paths
};
TaskRef task_ref(const LandscapeSpec& spec, std::uint64_t task);  // O(pairs), no allocation

// One block of rows of one cross-section. Grid arrays are [row in block][column].
struct SweepResult {
  std::uint64_t task = 0;
  int pair = 0, first_row = 0, rows = 0, columns = 0;
  std::vector<double> loss;         // full-batch loss
  std::vector<std::uint8_t> wrong;  // misclassified cases, 0..4
  // Random batch only: scan 0, and mean and sample standard deviation over the S scans.
  std::vector<double> loss_scan, loss_mean, loss_std;
  // Block summaries, reduced over blocks when the file is finished.
  double min_loss = 0.0;
  std::int64_t argmin = 0;                 // row-major index within the pair's grid
  std::vector<std::int64_t> level_counts;  // points within tolerance of each level
  // Random batch only, per scan checkpoint: max |mean_s - full| and its sum of squares.
  std::vector<double> mean_error_max, mean_error_sumsq;
};

// A task on a cross-section built for it alone, or on `section` (make_section of its pair),
// which the tasks of one pair can share: building it costs as much as tens of rows.
SweepResult run_sweep_task(const LandscapeSpec& spec, std::uint64_t task);
SweepResult run_sweep_task(const LandscapeSpec& spec, const CrossSection& section,
                           std::uint64_t task);
CrossSection make_section(const LandscapeSpec& spec, int pair);

// Cross-sections shared by the tasks of a pair across threads: built on first use, freed when
// every one of `tasks` on the pair has been released, so memory stays at the pairs in flight.
class SectionCache {
 public:
  SectionCache(const LandscapeSpec& spec, const std::vector<std::uint64_t>& tasks);
  std::shared_ptr<const CrossSection> get(int pair);
  void release(int pair);  // once per finished block

 private:
  const LandscapeSpec* spec_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<const CrossSection>> sections_;
  std::vector<std::uint64_t> remaining_;
};

struct PathResult {
  std::uint64_t task = 0;
  int path = 0;
  double start_loss = 0.0;
  DescentPath descent;
};

PathResult run_path_task(const LandscapeSpec& spec, std::uint64_t task, const PathMonitor& monitor);

}  // namespace xorscape::landscape
