#pragma once
// The HDF5 file of a `train` run (layout in docs/output_format.md): created with every dataset
// preallocated, filled one finished task at a time, with a done-mask for --resume.
#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "xorscape/io/provenance.hpp"
#include "xorscape/train/train_spec.hpp"
#include "xorscape/train/trajectory_result.hpp"

namespace xorscape::io {

class TrainFile {
 public:
  // Creates `path` (truncating) with all datasets of `spec`.
  static TrainFile create(const std::string& path, const train::TrainSpec& spec,
                          const std::vector<std::uint64_t>& records, const Provenance& prov);
  // Opens an existing partial file to continue it; the caller checks config_hash().
  static TrainFile open(const std::string& path, const train::TrainSpec& spec);

  std::string config_hash() const;
  std::string shard() const;
  std::vector<std::uint8_t> done_mask() const;
  // Writes one finished trajectory at its task index and marks it done.
  void write(const train::TrajectoryResult& r);
  // Makes what was written durable (a SIGKILL after it loses nothing written before).
  void flush();
  void close();

 private:
  TrainFile(H5::H5File file, const train::TrainSpec& spec);
  H5::H5File file_;
  const train::TrainSpec* spec_;
};

// Writes /train/nh_<N>/summary (per step size: converged and diverged fractions, quantiles of
// the convergence epoch, mean and standard error of gamma) of a complete run or merged shards.
// Returns false, changing nothing, if some task is not done.
bool finalize_train(const std::string& path);

}  // namespace xorscape::io
