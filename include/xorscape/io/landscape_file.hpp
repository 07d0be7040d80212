#pragma once
// The HDF5 file of a `landscape` run (layout in docs/output_format.md): every dataset created
// up front, filled task by task (a block of rows of a cross-section, or a descent path), with a
// done-mask for --resume and per-block summaries that finalize_landscape() reduces per pair.
#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "xorscape/io/provenance.hpp"
#include "xorscape/landscape/landscape_spec.hpp"
#include "xorscape/landscape/landscape_tasks.hpp"

namespace xorscape::io {

class LandscapeFile {
 public:
  static LandscapeFile create(const std::string& path, const landscape::LandscapeSpec& spec,
                              const Provenance& prov);
  static LandscapeFile open(const std::string& path, const landscape::LandscapeSpec& spec);

  std::string config_hash() const;
  std::string shard() const;
  std::vector<std::uint8_t> done_mask() const;
  void write(const landscape::SweepResult& r);
  void write(const landscape::PathResult& r);
  void flush();
  void close();

 private:
  LandscapeFile(H5::H5File file, const landscape::LandscapeSpec& spec);
  H5::Group pair_group(int pair) const;
  H5::H5File file_;
  const landscape::LandscapeSpec* spec_;
  std::vector<std::string> pair_groups_;  // group name of each pair, in spec order
};

// Name of the group of a cross-section: "<x name>__<y name>".
std::string pair_group_name(const std::vector<std::string>& names, landscape::ParameterPair p);

// Reduces the per-block summaries of a complete run (or merged shards) to per-pair ones under
// /landscape/summary. Returns false, changing nothing, if some sweep task is not done.
bool finalize_landscape(const std::string& path);

}  // namespace xorscape::io
