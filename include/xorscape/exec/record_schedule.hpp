#pragma once
#include <cstdint>
#include <vector>

namespace xorscape::exec {

// Epochs at which a trajectory is recorded: 0, then log-spaced with `per_decade` points per
// decade (rounded, duplicates removed), and the last epoch. Strictly increasing.
std::vector<std::uint64_t> log_spaced_epochs(std::uint64_t last, int per_decade);

}  // namespace xorscape::exec
