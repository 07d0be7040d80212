#pragma once
#include <cstdint>
#include <vector>

#include "xorscape/train/train_spec.hpp"

namespace xorscape::train {

// Initial parameter vector of task `task` (stream keyed by seed, task, initialization).
std::vector<double> initial_parameters(const InitSpec& init, int num_params, std::uint64_t seed,
                                       std::uint64_t task);

}  // namespace xorscape::train
