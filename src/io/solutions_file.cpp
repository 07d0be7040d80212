#include "xorscape/io/solutions_file.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <filesystem>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/network_group.hpp"
#include "xorscape/model/symmetry.hpp"

namespace xorscape::io {
namespace {

bool link_exists(const H5::H5Location& loc, const std::string& name) {
  return H5Lexists(loc.getId(), name.c_str(), H5P_DEFAULT) > 0;
}

H5::H5File open_train_file(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError("'" + path + "': no such file");
  H5::H5File f;
  try {
    f.openFile(path, H5F_ACC_RDONLY);
  } catch (const H5::Exception&) {
    throw InputError("'" + path + "': cannot open as an HDF5 file");
  }
  std::string sub;
  try {
    sub = read_string_attr(f.openGroup("/"), "subcommand");
  } catch (const H5::Exception&) {
    throw InputError("'" + path + "': not an xorscape file (no 'subcommand' attribute)");
  }
  if (sub != "train" || !link_exists(f, "train"))
    throw InputError("'" + path + "': not a train file (written by '" + sub + "')");
  return f;
}

template <typename T>
std::vector<T> read_shaped(const H5::Group& g, const std::string& name,
                           const std::vector<hsize_t>& dims) {
  const H5::DataSet ds = g.openDataSet(name);
  if (dims_of(ds) != dims) throw H5::Exception("read_shaped", name + " has an unexpected shape");
  return read_all<T>(ds);
}

}  // namespace

std::vector<int> train_file_hidden_sizes(const std::string& path) {
  const H5::H5File f = open_train_file(path);
  std::vector<int> sizes;
  try {
    const H5::Group g = f.openGroup("/train");
    for (hsize_t k = 0; k < g.getNumObjs(); ++k) {
      const std::string name = g.getObjnameByIdx(k);
      if (name.rfind("nh_", 0) == 0) sizes.push_back(std::stoi(name.substr(3)));
    }
  } catch (const std::exception&) {
    throw InputError("'" + path + "': cannot list the groups of /train");
  } catch (const H5::Exception&) {
    throw InputError("'" + path + "': cannot list the groups of /train");
  }
  std::sort(sizes.begin(), sizes.end());
  return sizes;
}

TrainFinalState read_train_final_state(const std::string& path, int n_h) {
  const H5::H5File f = open_train_file(path);
  const std::string group = "/train/nh_" + std::to_string(n_h);
  if (!link_exists(f.openGroup("/train"), "nh_" + std::to_string(n_h)))
    throw InputError("'" + path + "' has no group " + group);
  TrainFinalState s;
  s.net.n_hidden = n_h;
  try {
    const H5::Group net = f.openGroup("/network");
    const std::string act = read_string_attr(net, "hidden_activation");
    const std::string gate = read_string_attr(net, "gate");
    const std::string loss = read_string_attr(net, "loss");
    if (!model::parse_activation(act, s.net.hidden_activation) ||
        !model::parse_gate(gate, s.net.gate) || !model::parse_loss(loss, s.net.loss))
      throw InputError("'" + path + "': unknown network in /network (" + act + ", " + gate + ", " +
                       loss + ")");
    const H5::Group train = f.openGroup("/train");
    s.optimizer = read_string_attr(train, "optimizer");
    s.step_size = read_all<double>(train.openDataSet("step_size"));
    const H5::Group g = f.openGroup(group);
    const H5::DataSet loss_ds = g.openDataSet("final_loss_full");
    const auto dims = dims_of(loss_ds);
    if (dims.size() != 2 || dims[0] != s.step_size.size())
      throw InputError("'" + path + "': " + group + "/final_loss_full is not (step_size, replica)");
    s.replicas = static_cast<std::int64_t>(dims[1]);
    const hsize_t P = s.net.num_params();
    s.loss = read_all<double>(loss_ds);
    s.params = read_shaped<double>(g, "final_params", {dims[0], dims[1], P});
    s.convergence_epoch = read_shaped<std::int64_t>(g, "convergence_epoch", dims);
  } catch (const H5::Exception& e) {
    throw InputError("'" + path + "': cannot read the final states of " + group + " (" +
                     e.getDetailMsg() + ")");
  }
  return s;
}

void write_solutions_file(const std::string& path, const SolutionsOutput& s,
                          const Provenance& prov) {
  const auto& atlas = s.atlas;
  const auto& net = s.net;
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, net, {net.n_hidden});

  H5::Group g = f.createGroup("/solutions");
  write_attr(g, "threshold", s.threshold);
  write_attr(g, "n_h", std::int64_t{net.n_hidden});
  write_attr(g, "runs_read", s.finished_runs);
  write_attr(g, "symmetries",
             std::string(model::has_flip_symmetry(net.hidden_activation) ? "permutation,flip"
                                                                         : "permutation"));
  const hsize_t N = s.solutions.size(), P = net.num_params(), H = net.n_hidden,
                M = atlas.families.size(), F = s.files.size();

  write_strings(g, {"param_names", {P}, "parameter names in vector order", "param"},
                model::param_names(net));
  write_strings(g, {"input_files", {F}, "the train files read, as given", "file"}, s.files);
  write_strings(g, {"optimizer", {F}, "optimizer of each train file", "file"}, s.optimizers);

  std::vector<std::int64_t> file, step, replica, epoch, family;
  std::vector<double> step_size, loss, canonical;
  std::vector<std::int32_t> patterns;
  for (std::size_t n = 0; n < N; ++n) {
    const auto& r = s.solutions[n];
    file.push_back(r.file);
    step.push_back(r.step);
    replica.push_back(r.replica);
    step_size.push_back(r.step_size);
    loss.push_back(r.loss);
    epoch.push_back(r.convergence_epoch);
    family.push_back(atlas.family_of[n]);
    canonical.insert(canonical.end(), atlas.canonical[n].begin(), atlas.canonical[n].end());
    for (auto p : model::hidden_patterns(net, atlas.canonical[n])) patterns.push_back(p);
  }
  write_dataset(g, {"source_file", {N}, "index into input_files of the run", "solution"}, file);
  write_dataset(g, {"source_step", {N}, "step-size index of the run in its file", "solution"},
                step);
  write_dataset(g, {"source_replica", {N}, "replica index of the run in its file", "solution"},
                replica);
  write_dataset(g, {"step_size", {N}, "learning rate or proposal width of the run", "solution"},
                step_size);
  write_dataset(g, {"loss", {N}, "full-batch loss at the run's end (final_loss_full)", "solution"},
                loss);
  write_dataset(g,
                {"convergence_epoch",
                 {N},
                 "first epoch with full-batch loss below the train run's threshold; -1 if never",
                 "solution"},
                epoch);
  write_dataset(g,
                {"canonical_params",
                 {N, P},
                 "final parameters in canonical form (flips: w2_i >= 0; neurons ordered by "
                 "pattern, then descending w2_i, w1_i1, w1_i2, b1_i)",
                 "solution,param"},
                canonical);
  write_dataset(g,
                {"hidden_pattern",
                 {N, H},
                 "4-bit pattern of each canonical hidden neuron: bit 3-c set when z > 0 on case c",
                 "solution,hidden"},
                patterns);
  write_dataset(g, {"family", {N}, "index of the solution's family", "solution"}, family);

  std::vector<std::string> keys;
  std::vector<std::int64_t> count, by_file(M * F, 0), rep_index;
  std::vector<double> rep, median, median_distance;
  std::vector<std::int32_t> family_patterns;
  for (std::size_t m = 0; m < M; ++m) {
    const auto& fam = atlas.families[m];
    keys.push_back(fam.key);
    count.push_back(static_cast<std::int64_t>(fam.count()));
    for (auto n : fam.members) ++by_file[m * F + s.solutions[n].file];
    rep_index.push_back(static_cast<std::int64_t>(fam.representative));
    const auto& v = atlas.canonical[fam.representative];
    rep.insert(rep.end(), v.begin(), v.end());
    median.insert(median.end(), fam.median.begin(), fam.median.end());
    median_distance.push_back(fam.median_distance);
    family_patterns.insert(family_patterns.end(), fam.patterns.begin(), fam.patterns.end());
  }
  write_strings(g,
                {"family_key",
                 {M},
                 "sorted hidden patterns of the family, joined by '+' (e.g. 0111+1110)",
                 "family"},
                keys);
  write_dataset(
      g, {"family_patterns", {M, H}, "the family's hidden patterns, sorted", "family,hidden"},
      family_patterns);
  write_dataset(g, {"family_count", {M}, "solutions in the family", "family"}, count);
  write_dataset(
      g, {"family_count_by_file", {M, F}, "solutions in the family from each file", "family,file"},
      by_file);
  write_dataset(g,
                {"representative_solution",
                 {M},
                 "index of the member nearest to the family's coordinate-wise median",
                 "family"},
                rep_index);
  write_dataset(
      g,
      {"representative", {M, P}, "canonical vector of the representative solution", "family,param"},
      rep);
  write_dataset(g,
                {"representative_loss",
                 {M},
                 "full-batch loss of the representative's canonical vector",
                 "family"},
                s.representative_loss);
  write_dataset(g,
                {"family_median",
                 {M, P},
                 "coordinate-wise median of the members' canonical vectors",
                 "family,param"},
                median);
  write_dataset(g,
                {"median_distance",
                 {M},
                 "median Euclidean distance of the members' canonical vectors to the "
                 "representative",
                 "family"},
                median_distance);
  if (!s.table2_family.empty()) {
    const hsize_t R = s.table2_family.size();
    write_dataset(g,
                  {"table2_family",
                   {R},
                   "family of Table II rows #1..#5 (rows #3, #4 read transposed); -1 if none",
                   "table2_row"},
                  s.table2_family);
    write_dataset(g,
                  {"table2_loss",
                   {R},
                   "full-batch loss of Table II rows #1..#5 (rows #3, #4 read transposed)",
                   "table2_row"},
                  s.table2_loss);
  }
  f.close();
}

}  // namespace xorscape::io
