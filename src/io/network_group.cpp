#include "xorscape/io/network_group.hpp"

#include "xorscape/io/h5_file.hpp"
#include "xorscape/model/gate.hpp"

namespace xorscape::io {

void write_network_group(H5::H5File& file, const model::Network& net,
                         const std::vector<int>& hidden_sizes) {
  H5::Group g = file.createGroup("/network");
  write_attr(g, "n_inputs", std::int64_t{2});
  write_attr(g, "n_outputs", std::int64_t{1});
  if (hidden_sizes.size() == 1) write_attr(g, "n_h", std::int64_t{hidden_sizes[0]});
  write_attr(g, "hidden_activation", std::string(to_string(net.hidden_activation)));
  write_attr(g, "output_activation", std::string("sigmoid"));
  write_attr(g, "gate", std::string(to_string(net.gate)));
  write_attr(g, "loss", std::string(to_string(net.loss)));
  std::vector<std::int64_t> sizes(hidden_sizes.begin(), hidden_sizes.end());
  const hsize_t n = sizes.size();
  write_dataset(g, {"hidden_sizes", {n}, "numbers of hidden neurons n_h in this run", "n_h"},
                sizes);
  std::vector<double> inputs, y;
  const auto t = model::targets(net.gate);
  for (int c = 0; c < model::kCases; ++c) {
    inputs.push_back(model::kInput1[c]);
    inputs.push_back(model::kInput2[c]);
    y.push_back(t[c]);
  }
  write_dataset(g, {"inputs", {4, 2}, "truth-table inputs (x1, x2) per case", "case,input"},
                inputs);
  write_dataset(g, {"targets", {4}, "truth-table target y per case", "case"}, y);
  if (hidden_sizes.size() == 1) {
    const hsize_t P = net.num_params();
    write_strings(g, {"param_names", {P}, "parameter names in vector order", "param"},
                  model::param_names(net));
  }
}

}  // namespace xorscape::io
