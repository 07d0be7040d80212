#pragma once
// The `solutions` command's input (the final parameters of `train` files) and output (the
// solution atlas, docs/output_format.md).
#include <cstdint>
#include <string>
#include <vector>

#include "xorscape/io/provenance.hpp"
#include "xorscape/model/network.hpp"
#include "xorscape/train/solution_atlas.hpp"

namespace xorscape::io {

// The end points of every run of one n_h group of a `train` file.
struct TrainFinalState {
  std::string optimizer;                        // /train attribute
  model::Network net;                           // from /network, n_hidden = the group's n_h
  std::vector<double> step_size;                // (S)
  std::int64_t replicas = 0;                    // K
  std::vector<double> params;                   // final_params (S, K, P)
  std::vector<double> loss;                     // final_loss_full (S, K)
  std::vector<std::int64_t> convergence_epoch;  // (S, K)
};

// The n_h values of the groups /train/nh_<n_h> of a `train` file. Throws InputError (a message
// without the option name) when the file cannot be opened or was not written by `train`.
std::vector<int> train_file_hidden_sizes(const std::string& path);

// Reads /train/nh_<n_h>; throws InputError as above, or when the group is missing or malformed.
TrainFinalState read_train_final_state(const std::string& path, int n_h);

// One kept run: where it came from and how it ended.
struct FoundSolution {
  std::int64_t file = 0, step = 0, replica = 0;
  double step_size = 0.0, loss = 0.0;
  std::int64_t convergence_epoch = -1;
};

struct SolutionsOutput {
  model::Network net;
  double threshold = 0.005;
  std::int64_t finished_runs = 0;        // runs read (done tasks), solutions or not
  std::vector<std::string> files;        // as given
  std::vector<std::string> optimizers;   // per file
  std::vector<FoundSolution> solutions;  // in the order of atlas.canonical
  train::SolutionAtlas atlas;
  std::vector<double> representative_loss;  // per family
  // Table II rows #1..#5 (rows #3, #4 read transposed): family or -1, and loss. Empty unless
  // the network is Table II's (n_h = 2, sigmoid, xor).
  std::vector<std::int64_t> table2_family;
  std::vector<double> table2_loss;
};

// Writes the `solutions` file to `path`; needs at least one solution.
void write_solutions_file(const std::string& path, const SolutionsOutput& s,
                          const Provenance& prov);

}  // namespace xorscape::io
