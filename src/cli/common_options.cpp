#include "common_options.hpp"

#include <omp.h>

#include "resumable_output.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/vector_input.hpp"
#include "xorscape/model/paper_solutions.hpp"

namespace xorscape::cli {

void declare_network_options(OptionSet& o, const std::string& n_h_default, bool n_h_list) {
  o.add("network", "n_h", n_h_default,
        n_h_list ? "hidden neurons n_h, a list (e.g. 2,18); each in [1, 4096]"
                 : "hidden neurons n_h, in [1, 4096]");
  o.add("network", "activation", "sigmoid", "hidden activation: sigmoid, tanh, relu");
  o.add("network", "gate", "xor", "logic gate learned: xor, and, or, nand, nor, xnor");
  o.add("network", "loss", "mse", "loss: mse (paper Eqs. 4-5) or bce (binary cross-entropy)");
}

model::Network read_network(const OptionSet& o, std::vector<int>* hidden_sizes) {
  model::Network net;
  const auto sizes = o.integers("network.n_h", 1, 4096);
  if (!hidden_sizes && sizes.size() != 1)
    o.fail("network.n_h", "expected a single value in [1, 4096]");
  if (hidden_sizes) hidden_sizes->assign(sizes.begin(), sizes.end());
  net.n_hidden = static_cast<int>(sizes[0]);
  model::parse_activation(o.choice("network.activation", model::activation_names()),
                          net.hidden_activation);
  model::parse_gate(o.choice("network.gate", model::gate_names()), net.gate);
  model::parse_loss(o.choice("network.loss", model::loss_names()), net.loss);
  return net;
}

std::vector<double> read_vector_option(const OptionSet& o, const std::string& name) {
  const std::string text = o.text(name);
  if (text.rfind("table2:", 0) == 0) {
    const std::string row = text.substr(7);
    if (row.size() != 1 || row[0] < '1' || row[0] > '5')
      o.fail(name, "accepted: table2:1 .. table2:5, or a list of numbers");
    const auto& r = model::kTable2[row[0] - '1'];
    return {r.begin(), r.end()};
  }
  const auto vectors = io::parse_vectors(text, "--" + name);
  if (vectors.size() != 1) o.fail(name, "expected one vector");
  return vectors[0];
}

void declare_output_options(OptionSet& o, const std::string& default_out, bool parallel) {
  o.add_control("out", default_out,
                "output HDF5 file (written as <out>.partial, renamed when complete)");
  o.add_flag("overwrite", "replace an existing output file");
  if (parallel) o.add_control("threads", "0", "OpenMP threads; 0 = OMP_NUM_THREADS or all cores");
  o.add_flag("quiet", "no progress output");
}

int thread_count(const OptionSet& o) {
  const auto n = o.integer("threads", 0, 1024);
  return n > 0 ? static_cast<int>(n) : omp_get_max_threads();
}

std::string prepare_output(const OptionSet& o) {
  const std::string out = o.text("out");
  if (out.empty()) o.fail("out", "an output file name is required");
  io::check_output_path(out, o.flag("overwrite"));
  if (o.declared("threads")) omp_set_num_threads(thread_count(o));
  return out;
}

}  // namespace xorscape::cli

namespace xorscape::cli {

void declare_resume_options(OptionSet& o, bool shards) {
  o.add_flag(
      "resume",
      "continue <out>.partial of an interrupted run (same configuration), skipping done tasks");
  if (shards)
    o.add_control(
        "shard", "0/1",
        "k/n: run only the tasks with index = k mod n (cluster job arrays; combine with merge)");
}

exec::Shard read_shard(const OptionSet& o) {
  const auto shard = exec::parse_shard(o.text("shard"));
  if (!shard) o.fail("shard", "accepted: k/n with integers 0 <= k < n");
  return *shard;
}

}  // namespace xorscape::cli
