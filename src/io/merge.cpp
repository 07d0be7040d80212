#include "xorscape/io/merge.hpp"

#include <H5Cpp.h>

#include <filesystem>
#include <functional>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/input_error.hpp"

namespace xorscape::io {
namespace {

// Visits every dataset below `group` (recursively), passing its path.
void for_each_dataset(const H5::Group& group, const std::string& path,
                      const std::function<void(const std::string&)>& visit) {
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    const std::string name = group.getObjnameByIdx(i);
    const std::string child = path + "/" + name;
    const H5G_obj_t type = group.getObjTypeByIdx(i);
    if (type == H5G_DATASET) visit(child);
    if (type == H5G_GROUP) for_each_dataset(group.openGroup(name), child, visit);
  }
}

std::vector<std::string> task_groups(const H5::H5File& f) {
  std::vector<std::string> groups;
  for_each_dataset(f.openGroup("/"), "", [&](const std::string& p) {
    const auto slash = p.rfind('/');
    if (p.substr(slash + 1) == "task_done") groups.push_back(p.substr(0, slash));
  });
  return groups;
}

// Copies the slabs of the tasks `done` marks from `from` into `into`, one task at a time (a
// chunk each), so memory stays at one slab whatever the size of the run.
void copy_task_slabs(const H5::DataSet& from, H5::DataSet& into,
                     const std::vector<std::uint8_t>& done, std::uint64_t offset) {
  const int task_axes = static_cast<int>(read_int_attr(into, "task_axes"));
  const std::uint64_t tasks = task_slab_count(into, task_axes);
  const H5::DataType type = into.getDataType();
  std::vector<char> slab;
  for (std::uint64_t t = 0; t < tasks; ++t) {
    if (offset + t >= done.size() || !done[offset + t]) continue;
    H5::DataSpace file_space, mem_space;
    slab.resize(select_task_slab(into, task_axes, t, file_space, mem_space) * type.getSize());
    from.read(slab.data(), type, mem_space, file_space);
    into.write(slab.data(), type, mem_space, file_space);
  }
}

}  // namespace

void merge_shards(const std::vector<std::string>& inputs, const std::string& output_partial,
                  const std::string& command_line) {
  if (inputs.size() < 2) throw InputError("merge: give at least two shard files");
  std::vector<H5::H5File> shards;
  for (const auto& path : inputs) {
    try {
      shards.emplace_back(path, H5F_ACC_RDONLY);
    } catch (const H5::Exception&) {
      throw InputError("merge: '" + path + "' is not a readable HDF5 file");
    }
    if (!has_attr(shards.back().openGroup("/"), "config_hash"))
      throw InputError("merge: '" + path + "' is not an xorscape output file");
  }
  const std::string hash = read_string_attr(shards[0].openGroup("/"), "config_hash");
  for (std::size_t s = 1; s < shards.size(); ++s)
    if (read_string_attr(shards[s].openGroup("/"), "config_hash") != hash)
      throw InputError("merge: '" + inputs[s] + "' comes from a different configuration than '" +
                       inputs[0] + "'");

  std::filesystem::copy_file(inputs[0], output_partial,
                             std::filesystem::copy_options::overwrite_existing);
  H5::H5File out(output_partial, H5F_ACC_RDWR);
  for (const std::string& group : task_groups(out)) {
    H5::DataSet out_done_ds = out.openDataSet(group + "/task_done");
    auto done = read_all<std::uint8_t>(out_done_ds);
    for (std::size_t s = 1; s < shards.size(); ++s) {
      const auto shard_done = read_all<std::uint8_t>(shards[s].openDataSet(group + "/task_done"));
      for (std::size_t t = 0; t < done.size(); ++t)
        if (done[t] && shard_done[t])
          throw InputError("merge: task " + std::to_string(t) + " is in more than one input ('" +
                           inputs[s] + "')");
      for_each_dataset(out.openGroup(group), group, [&](const std::string& path) {
        H5::DataSet into = out.openDataSet(path);
        if (!has_attr(into, "task_axes")) return;
        const std::string parent = path.substr(0, path.rfind('/'));
        const H5::Group pg = out.openGroup(parent.empty() ? "/" : parent);
        const std::uint64_t offset =
            has_attr(pg, "task_offset")
                ? static_cast<std::uint64_t>(read_int_attr(pg, "task_offset"))
                : 0;
        copy_task_slabs(shards[s].openDataSet(path), into, shard_done, offset);
      });
      for (std::size_t t = 0; t < done.size(); ++t) done[t] |= shard_done[t];
    }
    std::size_t missing = 0;
    for (auto d : done) missing += d ? 0 : 1;
    if (missing)
      throw InputError("merge: " + std::to_string(missing) + " tasks of " + group +
                       " are in none of the inputs (missing shard or unfinished run)");
  }
  H5::Group root = out.openGroup("/");
  write_attr(root, "shard", std::string("0/1"));
  std::string from;
  for (const auto& p : inputs) from += (from.empty() ? "" : "\n") + p;
  write_attr(root, "merged_from", from);
  write_attr(root, "merge_command_line", command_line);
  out.close();
}

std::string subcommand_of(const std::string& path) {
  const H5::H5File f(path, H5F_ACC_RDONLY);
  return read_string_attr(f.openGroup("/"), "subcommand");
}

}  // namespace xorscape::io
