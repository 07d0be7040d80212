// `xorscape merge`: the shard files of one run -> the file the unsharded run would have written.
#include <iostream>

#include "commands.hpp"
#include "common_options.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/dos_file.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/landscape_file.hpp"
#include "xorscape/io/merge.hpp"
#include "xorscape/io/perturb_file.hpp"
#include "xorscape/io/train_file.hpp"

namespace xorscape::cli {

int run_merge(int argc, char** argv) {
  OptionSet o("merge",
              "Combines the files written by `--shard k/n` runs of one configuration:\n"
              "  xorscape merge --inputs a.h5,b.h5 --out all.h5");
  o.add_control("inputs", "", "shard files, separated by commas");
  declare_output_options(o, "", false);
  if (!o.parse(argc, argv)) return 0;
  const std::vector<std::string> inputs = split_list(o.text("inputs"), ",");
  if (inputs.size() < 2) o.fail("inputs", "give at least two shard files, separated by commas");
  const std::string out = prepare_output(o);
  const std::string partial = io::partial_path(out).string();
  io::merge_shards(inputs, partial, o.command_line());
  // Per-pair summaries of a landscape run need every block, so they are made after the merge.
  const std::string subcommand = io::subcommand_of(partial);
  if (subcommand == "landscape") io::finalize_landscape(partial);
  if (subcommand == "train") io::finalize_train(partial);
  if (subcommand == "perturb") io::finalize_perturb(partial);
  if (subcommand == "dos") io::finalize_dos(partial);
  io::publish(out);
  if (!o.flag("quiet")) std::cerr << "xorscape merge: wrote " << out << "\n";
  return 0;
}

}  // namespace xorscape::cli
