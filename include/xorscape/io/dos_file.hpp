#pragma once
// The HDF5 file of a `dos` run (docs/output_format.md): per n_h the per-run ln G and sampler
// health, a done-mask for --resume and merge, and the combination over runs once complete.
#include <H5Cpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xorscape/dos/dos_tasks.hpp"
#include "xorscape/io/provenance.hpp"

namespace xorscape::io {

class DosFile {
 public:
  static DosFile create(const std::string& path, const dos::DosSpec& spec, const Provenance& prov);
  static DosFile open(const std::string& path, const dos::DosSpec& spec);
  std::string config_hash() const;
  std::string shard() const;
  std::vector<std::uint8_t> done_mask() const;
  // Writes a finished task and drops its checkpoint.
  void write(const dos::DosTaskResult& r);
  // /dos/checkpoints/task_<t>: the state of a running walker, replaced by each newer one.
  void write_checkpoint(std::uint64_t task, const dos::WalkerState& s);
  // The task's checkpoint; nothing if it has none or its writing never finished.
  std::optional<dos::WalkerState> read_checkpoint(std::uint64_t task) const;
  void remove_checkpoint(std::uint64_t task);
  void flush();
  void close();

 private:
  DosFile(H5::H5File file, const dos::DosSpec& spec);
  H5::H5File file_;
  const dos::DosSpec* spec_;
};

struct NhAnalysis {
  int n_h = 0;
  dos::RobustnessReport report;
};
// Writes /dos/nh_<N>/summary (mean, std and standard error of ln G over runs) and
// /dos/nh_<N>/microcanonical for a complete run or merged shards; returns the analyses, or
// nothing, changing nothing, if some task is not done.
std::optional<std::vector<NhAnalysis>> finalize_dos(const std::string& path);

}  // namespace xorscape::io
