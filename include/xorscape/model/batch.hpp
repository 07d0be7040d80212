#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xorscape/model/gate.hpp"

namespace xorscape::model {

// full: the four truth-table rows in order (the paper's nonrandomized batch).
// random: four rows drawn uniformly with replacement every epoch (the paper's randomized batch).
enum class BatchKind { full, random };

std::string_view to_string(BatchKind b);
bool parse_batch(std::string_view name, BatchKind& out);
std::vector<std::string> batch_names();

// Row indices (0..3) of the truth table that make up one batch of M = 4.
using BatchRows = std::array<std::uint8_t, kCases>;
inline constexpr BatchRows kFullBatch = {0, 1, 2, 3};

}  // namespace xorscape::model
