#pragma once
#include <string>
#include <vector>

namespace xorscape::io {

// Combines the files of the shards k/n of one run into the file the unsharded run would have
// written: every dataset with a `task_axes` attribute takes each task's slab from the shard that
// ran it; everything else is taken from the first shard. Throws InputError when the files are
// not shards of one run (different config_hash), overlap, or leave tasks undone.
void merge_shards(const std::vector<std::string>& inputs, const std::string& output_partial,
                  const std::string& command_line);

// The subcommand that wrote an xorscape file (its root attribute).
std::string subcommand_of(const std::string& path);

}  // namespace xorscape::io
