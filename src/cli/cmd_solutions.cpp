// `xorscape solutions`: the solution atlas of issue #4. The final parameters of `train` runs that
// solved the task are brought to canonical form under the exact symmetries of the network and
// grouped into families by their hidden patterns; Table II's rows are placed among them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <set>

#include "commands.hpp"
#include "common_options.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/solutions_file.hpp"
#include "xorscape/model/paper_solutions.hpp"
#include "xorscape/model/reference_network.hpp"
#include "xorscape/model/symmetry.hpp"

namespace xorscape::cli {
namespace {

void declare(OptionSet& o) {
  o.add("input", "files", "",
        "output files of `xorscape train`, separated by commas (one network; any optimizers)");
  o.add("input", "n_h", "2", "hidden neurons: the group /train/nh_<n_h> read, in [1, 4096]");
  o.add("solutions", "threshold", "0.005",
        "a run's end point is a solution if its full-batch loss is below this, in (0, inf)");
  declare_output_options(o, "", false);  // --out empty: print the table only
}

std::string network_text(const model::Network& net) {
  return std::string(to_string(net.hidden_activation)) + "/" + std::string(to_string(net.gate)) +
         "/" + std::string(to_string(net.loss));
}

// Reads every file's n_h group; every problem names the option it comes from.
std::vector<io::TrainFinalState> read_inputs(const OptionSet& o,
                                             const std::vector<std::string>& files, int n_h) {
  std::vector<io::TrainFinalState> states;
  std::set<std::filesystem::path> seen;
  for (const auto& file : files) {
    std::error_code ec;
    if (!seen.insert(std::filesystem::weakly_canonical(file, ec)).second)
      o.fail("input.files", "'" + file + "' is given twice");
    std::vector<int> sizes;
    try {
      sizes = io::train_file_hidden_sizes(file);
    } catch (const io::InputError& e) {
      o.fail("input.files", e.what());
    }
    if (std::find(sizes.begin(), sizes.end(), n_h) == sizes.end()) {
      std::string have;
      for (int s : sizes) have += (have.empty() ? "" : ", ") + std::to_string(s);
      o.fail("input.n_h", "'" + file + "' has no group /train/nh_" + std::to_string(n_h) +
                              " (its n_h: " + (have.empty() ? "none" : have) + ")");
    }
    try {
      states.push_back(io::read_train_final_state(file, n_h));
    } catch (const io::InputError& e) {
      o.fail("input.files", e.what());
    }
    const auto& a = states.front().net;
    const auto& b = states.back().net;
    if (a.hidden_activation != b.hidden_activation || a.gate != b.gate || a.loss != b.loss)
      o.fail("input.files", "'" + file + "' trains a " + network_text(b) + " network, '" +
                                files.front() + "' a " + network_text(a) +
                                " one; all files must share the network");
  }
  return states;
}

// "zero-t-mc 250, gd 50": solutions of the family per optimizer, in the order of the files.
std::string found_by(const io::SolutionsOutput& s, const train::SolutionFamily& family) {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (const auto& opt : s.optimizers)
    if (std::none_of(counts.begin(), counts.end(), [&](const auto& c) { return c.first == opt; }))
      counts.push_back({opt, 0});
  for (auto n : family.members) {
    const auto& opt = s.optimizers[s.solutions[n].file];
    for (auto& c : counts)
      if (c.first == opt) ++c.second;
  }
  std::string text;
  for (const auto& [opt, n] : counts)
    if (n) text += (text.empty() ? "" : ", ") + opt + " " + std::to_string(n);
  return text;
}

void print_atlas(const io::SolutionsOutput& s) {
  const auto& fams = s.atlas.families;
  std::printf("%zu solutions (full-batch loss < %g) of %lld runs in %zu file(s); %zu families\n",
              s.solutions.size(), s.threshold, static_cast<long long>(s.finished_runs),
              s.files.size(), fams.size());
  std::printf("%6s %7s %11s %11s  %-32s %s\n", "family", "count", "rep. loss", "median dist",
              "found by", "hidden patterns (flipped basis: w2 >= 0)");
  for (std::size_t m = 0; m < fams.size(); ++m)
    std::printf("%6zu %7zu %11.4e %11.4g  %-32s %s\n", m, fams[m].count(), s.representative_loss[m],
                fams[m].median_distance, found_by(s, fams[m]).c_str(), fams[m].key.c_str());
  if (s.table2_family.empty()) return;
  std::printf("Table II (rows #3 and #4 read with the hidden weights transposed):\n");
  for (std::size_t r = 0; r < s.table2_family.size(); ++r) {
    const auto v = r == 2 || r == 3
                       ? model::from_transposed_hidden_layout(
                             s.net, {model::kTable2[r].begin(), model::kTable2[r].end()})
                       : std::vector<double>(model::kTable2[r].begin(), model::kTable2[r].end());
    const auto f = s.table2_family[r];
    std::printf("  #%zu  loss %.4e  %-11s %s\n", r + 1, s.table2_loss[r],
                f >= 0 ? ("family " + std::to_string(f)).c_str() : "no family",
                train::family_key_of(s.net, v).c_str());
  }
}

}  // namespace

int run_solutions(int argc, char** argv) {
  OptionSet o("solutions",
              "The solution atlas: the end points of `train` runs with full-batch loss below the\n"
              "threshold, in canonical form under the network's exact symmetries (permutation of\n"
              "hidden neurons; the flip for sigmoid and tanh), grouped into families by their\n"
              "hidden neurons' truth-table patterns. Prints the families and where Table II's\n"
              "rows fall; --out also writes HDF5.\n"
              "  xorscape solutions --input.files mc.h5,gd.h5 --out atlas.h5");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const std::vector<std::string> files = split_list(o.text("input.files"), ",");
  if (files.empty()) o.fail("input.files", "give one or more train files, separated by commas");
  const int n_h = static_cast<int>(o.integer("input.n_h", 1, 4096));
  const double threshold =
      o.real("solutions.threshold", 0.0, std::numeric_limits<double>::infinity(), true, true);
  const std::string out = o.text("out");
  if (!out.empty()) prepare_output(o);
  const auto states = read_inputs(o, files, n_h);

  io::SolutionsOutput s;
  s.net = states.front().net;
  s.threshold = threshold;
  s.files = files;
  std::vector<std::vector<double>> vectors;
  const std::size_t P = s.net.num_params();
  for (std::size_t k = 0; k < states.size(); ++k) {
    const auto& st = states[k];
    s.optimizers.push_back(st.optimizer);
    s.finished_runs += static_cast<std::int64_t>(st.loss.size());
    for (std::size_t t = 0; t < st.loss.size(); ++t) {
      const double loss = st.loss[t];
      if (!(std::isfinite(loss) && loss < threshold)) continue;
      std::vector<double> v(st.params.begin() + t * P, st.params.begin() + (t + 1) * P);
      if (!std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); })) continue;
      const auto step = static_cast<std::int64_t>(t) / st.replicas;
      s.solutions.push_back({static_cast<std::int64_t>(k), step,
                             static_cast<std::int64_t>(t) % st.replicas, st.step_size[step], loss,
                             st.convergence_epoch[t]});
      vectors.push_back(std::move(v));
    }
  }
  if (s.solutions.empty())
    o.fail("solutions.threshold", "none of the " + std::to_string(s.finished_runs) +
                                      " runs in --input.files ends below this loss");
  s.atlas = train::build_solution_atlas(s.net, vectors);
  for (const auto& fam : s.atlas.families)
    s.representative_loss.push_back(
        model::loss_reference(s.net, s.atlas.canonical[fam.representative]));
  if (n_h == 2 && s.net.hidden_activation == model::Activation::sigmoid &&
      s.net.gate == model::Gate::xor_gate)
    for (std::size_t r = 0; r < model::kTable2.size(); ++r) {
      std::vector<double> v(model::kTable2[r].begin(), model::kTable2[r].end());
      if (r == 2 || r == 3) v = model::from_transposed_hidden_layout(s.net, v);
      s.table2_family.push_back(train::assign_family(s.atlas, s.net, v));
      s.table2_loss.push_back(model::loss_reference(s.net, v));
    }
  print_atlas(s);
  if (!out.empty()) {
    const io::Provenance prov{
        "solutions", o.command_line(), o.ini(false), io::fingerprint(o.ini(true)), 0, 1, "0/1"};
    io::write_solutions_file(io::partial_path(out).string(), s, prov);
    io::publish(out);
    if (!o.flag("quiet")) std::cerr << "xorscape solutions: wrote " << out << "\n";
  }
  return 0;
}

}  // namespace xorscape::cli
