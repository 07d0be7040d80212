// `xorscape evaluate`: loss, outputs, activations and gradient of given vectors (Table II).
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "common_options.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/evaluate_file.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/vector_input.hpp"
#include "xorscape/model/paper_solutions.hpp"

namespace xorscape::cli {
namespace {

struct LabelledVector {
  std::string label;
  std::vector<double> v;
};

void declare(OptionSet& o) {
  declare_network_options(o, "2", false);
  o.add("input", "params", "",
        "vectors on the command line: numbers separated by commas or blanks, ';' between vectors");
  o.add("input", "file", "", "text file: one vector per line, '#' starts a comment");
  o.add("input", "h5", "",
        "FILE.h5:/dataset of an earlier output (last axis = parameters), e.g. "
        "out.h5:/train/nh_2/final_params");
  o.add("input", "preset", "",
        "named set: table2 (the five rows of the paper's Table II, n_h = 2)");
  o.add("input", "layout", "paper",
        "how vectors are read: paper (Eq. 2: w1_ij row-major), transposed (hidden weight matrix "
        "transposed), or both");
  declare_output_options(o, "", false);  // --out empty: print the table only
  o.add_flag("details", "also print hidden activations and the gradient of every vector");
}

std::vector<LabelledVector> gather(const OptionSet& o) {
  std::vector<LabelledVector> out;
  const auto add_all = [&](const std::vector<std::vector<double>>& vs, const std::string& prefix) {
    for (std::size_t i = 0; i < vs.size(); ++i)
      out.push_back({prefix + std::to_string(i + 1), vs[i]});
  };
  if (!o.text("input.params").empty())
    add_all(io::parse_vectors(o.text("input.params"), "--input.params"), "--input.params #");
  if (!o.text("input.file").empty())
    add_all(io::read_vectors_file(o.text("input.file"), "--input.file"), "--input.file #");
  if (!o.text("input.h5").empty())
    add_all(io::read_vectors_h5(o.text("input.h5"), "--input.h5"), "--input.h5 #");
  if (!o.text("input.preset").empty()) {
    o.choice("input.preset", {"table2"});
    for (std::size_t i = 0; i < model::kTable2.size(); ++i)
      out.push_back({"table2#" + std::to_string(i + 1),
                     {model::kTable2[i].begin(), model::kTable2[i].end()}});
  }
  if (out.empty())
    throw io::InputError(
        "no vectors: give --input.params, --input.file, --input.h5 or --input.preset");
  return out;
}

void print_table(const model::Network& net, const std::vector<io::EvaluatedVector>& rows,
                 bool details) {
  std::printf("%-24s %11s %8s %8s %8s %8s %5s %10s %10s\n", "vector", "loss", "y(0,0)", "y(0,1)",
              "y(1,0)", "y(1,1)", "wrong", "|dL/dW1|", "|dL/dW2|");
  for (const auto& r : rows) {
    const auto& e = r.evaluation;
    std::printf("%-24s %11.4e %8.5f %8.5f %8.5f %8.5f %5d %10.3e %10.3e\n", r.label.c_str(), e.loss,
                e.output[0], e.output[1], e.output[2], e.output[3], r.misclassified, e.grad_norm_w1,
                e.grad_norm_w2);
  }
  if (!details) return;
  const auto names = model::param_names(net);
  for (const auto& r : rows) {
    std::printf("\n%s\n  %-8s %14s %14s\n", r.label.c_str(), "param", "value", "dL/dv");
    for (std::size_t k = 0; k < names.size(); ++k)
      std::printf("  %-8s %14.8f %14.6e\n", names[k].c_str(), r.params[k],
                  r.evaluation.gradient[k]);
    for (int c = 0; c < model::kCases; ++c) {
      std::printf("  case (%g,%g) hidden:", model::kInput1[c], model::kInput2[c]);
      for (int i = 0; i < net.n_hidden; ++i)
        std::printf(" %.6f", r.evaluation.hidden[c * net.n_hidden + i]);
      std::printf("\n");
    }
  }
}

}  // namespace

int run_evaluate(int argc, char** argv) {
  OptionSet o(
      "evaluate",
      "Evaluates parameter vectors: full-batch loss, output and hidden activations for the\n"
      "four cases, gradient and per-layer gradient norms. Prints a table; --out also writes HDF5.");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const model::Network net = read_network(o);
  const std::string layout = o.choice("input.layout", {"paper", "transposed", "both"});
  const auto vectors = gather(o);
  const std::string out = o.text("out");
  if (!out.empty()) prepare_output(o);
  for (const auto& lv : vectors)
    if (static_cast<int>(lv.v.size()) != net.num_params())
      throw io::InputError("vector '" + lv.label + "' has " + std::to_string(lv.v.size()) +
                           " numbers; n_h = " + std::to_string(net.n_hidden) + " needs " +
                           std::to_string(net.num_params()));
  if (layout != "paper" && net.n_hidden != 2)
    o.fail("input.layout", "transposed reading needs n_h = 2 (a square hidden weight matrix)");

  std::vector<io::EvaluatedVector> rows;
  const auto add = [&](const std::string& label, std::vector<double> v) {
    io::EvaluatedVector r{label, std::move(v), {}, 0};
    r.evaluation = model::evaluate_reference(net, r.params);
    r.misclassified = model::misclassified_cases(net, r.evaluation);
    rows.push_back(std::move(r));
  };
  for (const auto& lv : vectors) {
    if (layout != "transposed") add(lv.label + (layout == "both" ? " (paper)" : ""), lv.v);
    if (layout != "paper")
      add(lv.label + (layout == "both" ? " (transposed)" : ""),
          model::from_transposed_hidden_layout(net, lv.v));
  }
  print_table(net, rows, o.flag("details"));
  if (!out.empty()) {
    const io::Provenance prov{
        "evaluate", o.command_line(), o.ini(false), io::fingerprint(o.ini(true)), 0, 1, "0/1"};
    io::write_evaluate_file(io::partial_path(out).string(), net, rows, layout,
                            o.text("input.preset"), prov);
    io::publish(out);
    std::cerr << "xorscape evaluate: wrote " << out << "\n";
  }
  return 0;
}

}  // namespace xorscape::cli
