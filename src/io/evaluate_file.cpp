#include "xorscape/io/evaluate_file.hpp"

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/network_group.hpp"

namespace xorscape::io {

void write_evaluate_file(const std::string& path, const model::Network& net,
                         const std::vector<EvaluatedVector>& rows, const std::string& layout,
                         const std::string& source, const Provenance& prov) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, net, {net.n_hidden});

  H5::Group g = f.createGroup("/evaluate");
  write_attr(g, "layout", layout);
  write_attr(g, "source", source);
  const hsize_t N = rows.size(), P = net.num_params(), H = net.n_hidden;
  std::vector<std::string> labels;
  std::vector<double> params, loss, output, hidden, gradient, nw1, nb1, nw2, nb2;
  std::vector<std::int32_t> miscl;
  for (const auto& r : rows) {
    labels.push_back(r.label);
    params.insert(params.end(), r.params.begin(), r.params.end());
    const auto& e = r.evaluation;
    loss.push_back(e.loss);
    output.insert(output.end(), e.output.begin(), e.output.end());
    hidden.insert(hidden.end(), e.hidden.begin(), e.hidden.end());
    gradient.insert(gradient.end(), e.gradient.begin(), e.gradient.end());
    nw1.push_back(e.grad_norm_w1);
    nb1.push_back(e.grad_norm_b1);
    nw2.push_back(e.grad_norm_w2);
    nb2.push_back(e.grad_norm_b2);
    miscl.push_back(r.misclassified);
  }
  write_strings(g, {"param_names", {P}, "parameter names in vector order", "param"},
                model::param_names(net));
  write_strings(g, {"label", {N}, "label of each vector", "vector"}, labels);
  write_dataset(g,
                {"params",
                 {N, P},
                 "parameter vectors as evaluated (after layout conversion)",
                 "vector,param"},
                params);
  write_dataset(g, {"loss", {N}, "full-batch loss", "vector"}, loss);
  write_dataset(g, {"output", {N, 4}, "network output y-hat per truth-table case", "vector,case"},
                output);
  write_dataset(g,
                {"hidden_activation",
                 {N, 4, H},
                 "hidden activations per truth-table case",
                 "vector,case,hidden"},
                hidden);
  write_dataset(g, {"gradient", {N, P}, "full-batch gradient dL/dv", "vector,param"}, gradient);
  write_dataset(g, {"grad_norm_w1", {N}, "Frobenius norm of dL/dW1", "vector"}, nw1);
  write_dataset(g, {"grad_norm_b1", {N}, "Euclidean norm of dL/db1", "vector"}, nb1);
  write_dataset(g, {"grad_norm_w2", {N}, "Frobenius norm of dL/dW2", "vector"}, nw2);
  write_dataset(g, {"grad_norm_b2", {N}, "absolute value of dL/db2", "vector"}, nb2);
  write_dataset(g, {"misclassified", {N}, "truth-table cases with |y-hat - y| >= 0.5", "vector"},
                miscl);
  f.close();
}

}  // namespace xorscape::io
