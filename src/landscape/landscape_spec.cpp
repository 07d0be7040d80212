#include "xorscape/landscape/landscape_spec.hpp"

namespace xorscape::landscape {

double AxisGrid::shift(int k) const {
  // Computed from both ends so that the first and last points are exactly lo and hi.
  const double t = static_cast<double>(k) / (points - 1);
  return lo * (1.0 - t) + hi * t;
}

std::vector<double> AxisGrid::shifts() const {
  std::vector<double> s(points);
  for (int k = 0; k < points; ++k) s[k] = shift(k);
  return s;
}

std::vector<ParameterPair> all_pairs(int num_params) {
  std::vector<ParameterPair> pairs;
  for (int i = 0; i < num_params; ++i)
    for (int j = i + 1; j < num_params; ++j) pairs.push_back({i, j});
  return pairs;
}

std::vector<int> scan_checkpoints(int scans) {
  std::vector<int> c;
  for (int s = 1; s < scans; s *= 2) c.push_back(s);
  c.push_back(scans);
  return c;
}

}  // namespace xorscape::landscape
