#include "xorscape/model/network.hpp"

namespace xorscape::model {

std::vector<std::string> param_names(const Network& net) {
  const int nh = net.n_hidden;
  std::vector<std::string> names(net.num_params());
  for (int i = 0; i < nh; ++i) {
    for (int j = 0; j < 2; ++j)
      names[net.w1(i, j)] = "w1_" + std::to_string(i + 1) + std::to_string(j + 1);
    names[net.b1(i)] = "b1_" + std::to_string(i + 1);
    names[net.w2(i)] = "w2_1" + std::to_string(i + 1);
  }
  names[net.b2()] = "b2_1";
  // With n_h >= 10 the two indices of w1 would run together; separate them then.
  if (nh >= 10)
    for (int i = 0; i < nh; ++i) {
      for (int j = 0; j < 2; ++j)
        names[net.w1(i, j)] = "w1_" + std::to_string(i + 1) + "_" + std::to_string(j + 1);
      names[net.w2(i)] = "w2_1_" + std::to_string(i + 1);
    }
  return names;
}

std::vector<double> from_transposed_hidden_layout(const Network& net, std::span<const double> v) {
  std::vector<double> out(v.begin(), v.end());
  if (net.n_hidden != 2 || static_cast<int>(v.size()) != net.num_params()) return out;
  // Stored as (w_11, w_21, w_12, w_22): swap the off-diagonal entries.
  out[net.w1(0, 1)] = v[net.w1(1, 0)];
  out[net.w1(1, 0)] = v[net.w1(0, 1)];
  return out;
}

}  // namespace xorscape::model
