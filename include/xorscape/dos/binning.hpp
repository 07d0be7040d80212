#pragma once
// Which bin a loss falls in. bin_of: binary search over the edges (bins may be uniform in L, in
// ln L, or user-given). BinLocator: the same answer in constant time, for the samplers' inner
// loops, where the binary search's unpredictable branches cost more than the loss itself.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace xorscape::dos {

// Index of the bin [edges[i], edges[i+1]) holding L; -1 outside [edges.front(), edges.back()).
inline int bin_of(std::span<const double> edges, double L) {
  if (!(L >= edges.front()) || !(L < edges.back())) return -1;
  const auto it = std::upper_bound(edges.begin(), edges.end(), L);
  return static_cast<int>(it - edges.begin()) - 1;
}

// slot(L) = the number of edges <= L: 0 below the window, i + 1 in bin i, n_bins + 1 at or
// above its top (NaN too); slot(L) - 1 == bin_of(edges, L) inside the window.
//
// The bit pattern of a non-negative double, read as an integer, grows with its value, and its
// top bits are the exponent and the leading mantissa bits: a bucket key that is uniform on a
// log scale within each octave, as fine as the bins need both where they are uniform in L and
// where they are uniform in ln L. The table holds, per key, the slot at the bucket's lower end;
// a fixed number of comparisons with the edges themselves finishes the count, so the answer
// is exact (the same comparisons as the binary search) and the loop over many losses has no
// branches and vectorizes (gathers). Edge sets that no table of moderate size resolves to
// kSteps edges per bucket (or with negative edges) fall back to the binary search.
class BinLocator {
 public:
  static constexpr int kSteps = 2;  // slots() spells the steps out

  explicit BinLocator(std::span<const double> edges) : n_bins_(static_cast<int>(edges.size()) - 1) {
    padded_.assign(edges.begin(), edges.end());
    padded_.insert(padded_.end(), kSteps, std::numeric_limits<double>::quiet_NaN());
    if (edges.size() < 2 || !(edges.front() >= 0.0) || !(edges.back() < 1e300)) return;
    // The lowest key: the window's bottom, or the first positive edge when it starts at 0 (the
    // keys of [0, edges[1]) would span a thousand octaves of subnormal and tiny numbers).
    const double low = edges.front() > 0.0 ? edges.front() : edges[1];
    for (int shift = 52; shift >= 20; --shift) {
      const std::int64_t lo = key(low, shift), hi = key(edges.back(), shift);
      if (hi - lo + 1 > kMaxTable) break;
      if (build(edges, shift, lo, hi)) return;
    }
    table_.clear();
  }

  int bins() const { return n_bins_; }
  bool constant_time() const { return !table_.empty(); }  // false: the binary search

  int slot(double L) const {
    if (table_.empty()) return fallback_slot(L);
    if (L != L) return n_bins_ + 1;
    std::int64_t k = std::bit_cast<std::int64_t>(L) >> shift_;
    k = k < key_lo_ ? key_lo_ : k > key_hi_ ? key_hi_ : k;
    int j = table_[static_cast<std::size_t>(k - key_lo_)];
    for (int s = 0; s < kSteps; ++s) j += L >= padded_[j] ? 1 : 0;
    return j;
  }

  // bin_of(edges, L): -1 outside the window.
  int bin(double L) const {
    const int j = slot(L) - 1;
    return j < n_bins_ ? j : -1;
  }

  // slot() of n losses at once.
  void slots(const double* L, std::size_t n, std::int32_t* out) const {
    if (table_.empty()) {
      for (std::size_t t = 0; t < n; ++t) out[t] = fallback_slot(L[t]);
      return;
    }
    const std::int32_t* table = table_.data();
    const double* padded = padded_.data();
    const std::int64_t lo = key_lo_, hi = key_hi_;
    const int shift = shift_;
    const std::int64_t above = n_bins_ + 1;
    // Written so that GCC vectorizes it: 64-bit indices, the kSteps steps spelled out, and NaN
    // selected by arithmetic (a ternary on x != x counts as control flow).
#pragma omp simd
    for (std::size_t t = 0; t < n; ++t) {
      const double x = L[t];
      std::int64_t k = std::bit_cast<std::int64_t>(x) >> shift;
      k = k < lo ? lo : k;
      k = k > hi ? hi : k;
      std::int64_t j = table[k - lo];
      j += static_cast<std::int64_t>(x >= padded[j]);
      j += static_cast<std::int64_t>(x >= padded[j]);
      const std::int64_t nan = x != x;
      out[t] = static_cast<std::int32_t>(j + nan * (above - j));
    }
  }

 private:
  static constexpr std::int64_t kMaxTable = 1 << 15;

  static std::int64_t key(double x, int shift) {
    return std::bit_cast<std::int64_t>(x) >> shift;
  }

  int fallback_slot(double L) const {
    if (L != L) return n_bins_ + 1;
    const auto edges = std::span<const double>(padded_).first(n_bins_ + 1);
    return static_cast<int>(std::upper_bound(edges.begin(), edges.end(), L) - edges.begin());
  }

  // The table for one key width, if every bucket holds at most kSteps edges still to count:
  // those inside it, plus, for the end buckets (which also take the clamped keys), all edges
  // below resp. above them.
  bool build(std::span<const double> edges, int shift, std::int64_t lo, std::int64_t hi) {
    table_.assign(static_cast<std::size_t>(hi - lo + 1), 0);
    for (std::int64_t k = lo; k <= hi; ++k) {
      const double bottom = std::bit_cast<double>(k << shift);
      const double top = std::bit_cast<double>((k + 1) << shift);
      const auto below = std::lower_bound(edges.begin(), edges.end(), bottom) - edges.begin();
      const auto below_top = std::lower_bound(edges.begin(), edges.end(), top) - edges.begin();
      const std::int32_t start = k == lo ? 0 : static_cast<std::int32_t>(below);
      const auto end = k == hi ? static_cast<std::ptrdiff_t>(edges.size()) : below_top;
      if (end - start > kSteps) return false;
      table_[static_cast<std::size_t>(k - lo)] = start;
    }
    shift_ = shift;
    key_lo_ = lo;
    key_hi_ = hi;
    return true;
  }

  int n_bins_;
  std::vector<double> padded_;  // the edges, then kSteps NaNs (L >= NaN is false, even for inf)
  std::vector<std::int32_t> table_;
  int shift_ = 52;
  std::int64_t key_lo_ = 0, key_hi_ = 0;
};

}  // namespace xorscape::dos
