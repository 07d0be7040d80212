#pragma once
// Which bin a loss falls in: binary search over the edges (bins may be uniform in L, in ln L,
// or user-given).
#include <algorithm>
#include <span>

namespace xorscape::dos {

// Index of the bin [edges[i], edges[i+1]) holding L; -1 outside [edges.front(), edges.back()).
inline int bin_of(std::span<const double> edges, double L) {
  if (!(L >= edges.front()) || !(L < edges.back())) return -1;
  const auto it = std::upper_bound(edges.begin(), edges.end(), L);
  return static_cast<int>(it - edges.begin()) - 1;
}

}  // namespace xorscape::dos
