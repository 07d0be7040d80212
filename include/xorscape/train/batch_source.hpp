#pragma once
// The randomized batch of one trajectory: every epoch, four rows of the truth table drawn
// uniformly with replacement. Each draw is 2 bits of the trajectory's own Philox stream, so one
// 128-bit block serves 16 epochs, and the rows of epoch e depend only on (seed, task, e).
#include <array>
#include <cstdint>
#include <limits>

#include "xorscape/exec/random_stream.hpp"
#include "xorscape/model/batch.hpp"

namespace xorscape::train {

class BatchSource {
 public:
  BatchSource(std::uint64_t seed, std::uint64_t task) : stream_(seed, task, exec::Purpose::batch) {}

  model::BatchRows rows(std::uint64_t epoch) {
    const std::uint64_t index = epoch >> 4;
    if (index != cached_index_) {
      cached_ = stream_.block(index);
      cached_index_ = index;
    }
    const std::uint32_t byte = (cached_[(epoch >> 2) & 3] >> ((epoch & 3) * 8)) & 0xffu;
    return {static_cast<std::uint8_t>(byte & 3), static_cast<std::uint8_t>((byte >> 2) & 3),
            static_cast<std::uint8_t>((byte >> 4) & 3), static_cast<std::uint8_t>(byte >> 6)};
  }

 private:
  exec::RandomStream stream_;
  std::array<std::uint32_t, 4> cached_{};
  std::uint64_t cached_index_ = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace xorscape::train
