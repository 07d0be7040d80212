#include "xorscape/exec/random_stream.hpp"

#include <cmath>
#include <numbers>

namespace xorscape::exec {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t task, Purpose purpose)
    : task_(static_cast<std::uint32_t>(task)), purpose_(static_cast<std::uint32_t>(purpose)) {
  key_[0] = static_cast<std::uint32_t>(seed);
  key_[1] = static_cast<std::uint32_t>(seed >> 32);
}

std::array<std::uint32_t, 4> RandomStream::block(std::uint64_t index) const {
  r123::Philox4x32 philox;
  const r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(index),
                                           static_cast<std::uint32_t>(index >> 32), task_,
                                           purpose_}};
  const auto out = philox(ctr, key_);
  return {out[0], out[1], out[2], out[3]};
}

std::uint64_t RandomStream::next_u64() {
  if (used_ > 2) {
    buffer_ = block(counter_++);
    used_ = 0;
  }
  const std::uint64_t v = (static_cast<std::uint64_t>(buffer_[used_]) << 32) | buffer_[used_ + 1];
  used_ += 2;
  return v;
}

double RandomStream::uniform() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform_open0() {
  return (static_cast<double>(next_u64() >> 11) + 1.0) * 0x1.0p-53;
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  const double radius = std::sqrt(-2.0 * std::log(uniform_open0()));
  const double angle = 2.0 * std::numbers::pi * uniform();
  spare_normal_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

std::uint32_t RandomStream::below(std::uint32_t n) {
  // Lemire-free plain rejection: accept the 32-bit word if it falls below a multiple of n.
  const std::uint64_t limit = (std::uint64_t{1} << 32) - ((std::uint64_t{1} << 32) % n);
  while (true) {
    const std::uint32_t w = static_cast<std::uint32_t>(next_u64() >> 32);
    if (w < limit) return w % n;
  }
}

}  // namespace xorscape::exec
