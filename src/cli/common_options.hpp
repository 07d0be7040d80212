#pragma once
// Options and steps shared by the subcommands: the [network] section, parameter-vector
// sources, and the output file.
#include <string>
#include <vector>

#include "options.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::cli {

void declare_network_options(OptionSet& o, const std::string& n_h_default, bool n_h_list);
// Network with n_hidden from the first n_h value; `hidden_sizes` gets all of them.
model::Network read_network(const OptionSet& o, std::vector<int>* hidden_sizes = nullptr);

// "table2:N" (N = 1..5) or a list of 4 n_h + 1 numbers.
std::vector<double> read_vector_option(const OptionSet& o, const std::string& name);

// --out, --overwrite, --quiet, and --threads where the command runs in parallel.
void declare_output_options(OptionSet& o, const std::string& default_out, bool parallel);
// Validates --out / --overwrite / --threads and sets the OpenMP thread count.
std::string prepare_output(const OptionSet& o);
int thread_count(const OptionSet& o);

}  // namespace xorscape::cli
