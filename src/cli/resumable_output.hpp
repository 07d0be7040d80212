#pragma once
// The output file of a resumable command: a new <out>.partial, or, with --resume, the partial
// file of an interrupted run after checking that it came from the same configuration and shard.
#include <H5Cpp.h>

#include <filesystem>
#include <string>

#include "options.hpp"
#include "xorscape/exec/shard.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/provenance.hpp"

namespace xorscape::cli {

// --resume and (where the tasks are independent) --shard, for commands whose files keep a
// done-mask.
void declare_resume_options(OptionSet& o, bool shards = true);
exec::Shard read_shard(const OptionSet& o);

// create(): makes a new file; open(): opens the partial file of an interrupted run.
template <typename Create, typename Open>
auto open_resumable(const OptionSet& o, const std::string& partial, const io::Provenance& prov,
                    Create create, Open open) {
  namespace fs = std::filesystem;
  if (!o.flag("resume")) {
    if (fs::exists(partial) && !o.flag("overwrite"))
      throw io::InputError("--out: '" + partial +
                           "' exists (an interrupted run?): continue it with --resume or start "
                           "again with --overwrite");
    return create();
  }
  if (!fs::exists(partial)) throw io::InputError("--resume: no '" + partial + "' to continue");
  auto f = [&] {
    try {
      return open();
    } catch (const H5::Exception&) {
      throw io::InputError("--resume: '" + partial + "' is not a readable xorscape file");
    }
  }();
  if (f.config_hash() != prov.config_hash)
    throw io::InputError("--resume: '" + partial + "' was made by a different configuration");
  if (f.shard() != prov.shard)
    throw io::InputError("--resume: '" + partial + "' is shard " + f.shard() + ", not " +
                         prov.shard);
  return f;
}

}  // namespace xorscape::cli
