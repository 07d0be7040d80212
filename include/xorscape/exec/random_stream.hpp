#pragma once
// Counter-based random streams (Philox4x32-10 from Random123). A stream is fully determined by
// (run seed, task index, purpose): no state is shared between tasks, so any number of threads
// or ranks produce the same numbers. Uniform and normal variates are made by our own transforms
// (53-bit uniforms; Box-Muller normals), not by <random>'s distributions, whose output differs
// between standard libraries.
#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace xorscape::exec {

enum class Purpose : std::uint32_t {
  initialization = 1,
  batch = 2,
  proposal = 3,
  acceptance = 4,
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t task, Purpose purpose);

  // Block number `index` of the stream: 128 random bits, without touching the position.
  std::array<std::uint32_t, 4> block(std::uint64_t index) const;

  double uniform();                      // in [0, 1), 53 random bits
  double uniform_open0();                // in (0, 1]
  double normal();                       // standard normal, Box-Muller
  std::uint32_t below(std::uint32_t n);  // uniform integer in [0, n), rejection (no bias)

 private:
  std::uint64_t next_u64();
  r123::Philox4x32::key_type key_{};
  std::uint32_t task_ = 0, purpose_ = 0;
  std::uint64_t counter_ = 0;
  std::array<std::uint32_t, 4> buffer_{};
  int used_ = 4;  // 32-bit words of buffer_ consumed
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace xorscape::exec
