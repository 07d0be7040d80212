#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xorscape::exec {

// Shard k of n: the tasks whose index is congruent to k mod n (cluster job arrays).
struct Shard {
  std::uint32_t k = 0, n = 1;
  bool owns(std::uint64_t task) const { return task % n == k; }
  std::string to_string() const { return std::to_string(k) + "/" + std::to_string(n); }
};

// Parses "k/n" with 0 <= k < n; std::nullopt if malformed.
std::optional<Shard> parse_shard(std::string_view text);

}  // namespace xorscape::exec
