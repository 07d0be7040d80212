#pragma once
// The /network group every output file carries: shape, activation, gate, loss, the truth table
// and the parameter names.
#include <H5Cpp.h>

#include <vector>

#include "xorscape/model/network.hpp"

namespace xorscape::io {

// hidden_sizes: every n_h of the run (one entry for single-network commands).
void write_network_group(H5::H5File& file, const model::Network& net,
                         const std::vector<int>& hidden_sizes);

}  // namespace xorscape::io
