#pragma once
// The HDF5 file of an `lr-scan` run (docs/output_format.md): every point's eta and the outcome
// of each replica, written as the sweep and the bisection rounds finish, with a done-mask for
// --resume; finalize() adds the per-point statistics and the two edges.
#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "xorscape/io/provenance.hpp"
#include "xorscape/train/lr_scan.hpp"

namespace xorscape::io {

class LrScanFile {
 public:
  static LrScanFile create(const std::string& path, const train::LrScanSpec& spec,
                           const Provenance& prov);
  static LrScanFile open(const std::string& path, const train::LrScanSpec& spec);

  std::string config_hash() const;
  std::string shard() const;
  std::vector<std::uint8_t> done_mask() const;  // [point * K + replica]
  std::vector<double> etas() const;             // [point], NaN where not yet chosen
  // Converged replicas per point, -1 where some replica of the point is not done.
  std::vector<int> converged_counts() const;

  void write_eta(std::uint64_t point, double eta);
  // Replicas first .. first + results.size() - 1 of a point.
  void write(std::uint64_t point, int first, const std::vector<train::TrajectoryResult>& results);
  // A bisection point that is not needed (its edge lies outside the sweep): marked done.
  void mark_skipped(std::uint64_t point);
  void finalize(const std::vector<train::EdgeBracket>& edges);
  void flush();
  void close();

 private:
  LrScanFile(H5::H5File file, const train::LrScanSpec& spec);
  H5::H5File file_;
  const train::LrScanSpec* spec_;
};

}  // namespace xorscape::io
