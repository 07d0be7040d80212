#pragma once
// The HDF5 file of a `perturb` run (docs/output_format.md): tau_conv and the per-run convergence
// epochs of every (parameter, shift), a done-mask for --resume and merge, and a summary with the
// detected plateau edges once every task is done.
#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "xorscape/io/provenance.hpp"
#include "xorscape/train/perturbation.hpp"

namespace xorscape::io {

struct PlateauTolerance {
  double relative = 0.05, absolute = 0.0;
};

class PerturbFile {
 public:
  static PerturbFile create(const std::string& path, const train::PerturbSpec& spec,
                            const PlateauTolerance& tolerance, const Provenance& prov);
  static PerturbFile open(const std::string& path, const train::PerturbSpec& spec);

  std::string config_hash() const;
  std::string shard() const;
  std::vector<std::uint8_t> done_mask() const;
  void write(const train::PerturbResult& r);
  void flush();
  void close();

 private:
  PerturbFile(H5::H5File file, const train::PerturbSpec& spec);
  H5::H5File file_;
  const train::PerturbSpec* spec_;
};

// Writes /perturb/summary (per-run quantiles per shift, plateau edges per parameter) of a
// complete run or merged shards. Returns false, changing nothing, if some task is not done.
bool finalize_perturb(const std::string& path);

}  // namespace xorscape::io
