#pragma once
// What a `landscape` run computes (paper Sect. III C): two-parameter cross-sections of the loss
// around a center, optionally with randomized batches, and steepest-descent paths on them.
#include <cstdint>
#include <vector>

#include "xorscape/model/batch.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::landscape {

// Shifts from the center along one parameter: `points` values evenly spaced over [lo, hi].
struct AxisGrid {
  double lo = -15.0, hi = 15.0;
  int points = 201;
  double shift(int k) const;
  std::vector<double> shifts() const;
};

// A cross-section: parameter x varies along the columns, parameter y along the rows.
struct ParameterPair {
  int x = 0, y = 1;
};

// A steepest-descent path on the cross-section `pair`, starting at the shifts (dx, dy).
struct PathStart {
  int pair = 0;
  double dx = 0.0, dy = 0.0;
  double learning_rate = 0.1;
};

struct PathSettings {
  std::uint64_t epochs = 1000000;  // budget per path
  double stop_loss = 1e-4;         // a path stops once its loss is below this
  double well_loss = 0.01;         // a path that ends below this has reached the zero-loss well
  int points_per_decade = 50;      // records at log-spaced epochs ...
  double record_distance = 0.05;   // ... and whenever it moved this far since the last record
  int max_points = 4096;           // record capacity per path
};

struct LandscapeSpec {
  model::Network network;
  std::vector<double> center;
  std::vector<AxisGrid> axes;  // one per parameter
  std::vector<ParameterPair> pairs;
  model::BatchKind batch = model::BatchKind::full;
  int scans = 1;  // S random-batch scans per grid point (random batch only)
  int rows_per_task = 32;
  std::vector<double> levels = {0.0, 0.25, 0.5, 0.75, 1.0};  // plateau levels
  double level_tolerance = 0.05;  // a point is "near" a level within this
  std::vector<PathStart> paths;
  PathSettings path;
  std::uint64_t seed = 1;
};

// Every pair (i, j), i < j, in vector order: N (N - 1) / 2 of them.
std::vector<ParameterPair> all_pairs(int num_params);

// Scan counts at which the running mean is compared with the full batch: 1, 2, 4, ..., and S.
std::vector<int> scan_checkpoints(int scans);

}  // namespace xorscape::landscape
