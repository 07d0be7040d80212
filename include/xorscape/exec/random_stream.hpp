#pragma once
// Counter-based random streams (Philox4x32-10 from Random123). A stream is fully determined by
// (run seed, task index, purpose): no state is shared between tasks, so any number of threads
// or ranks produce the same numbers. Uniform and normal variates are made by our own transforms
// (53-bit uniforms; Box-Muller normals), not by <random>'s distributions, whose output differs
// between standard libraries.
#include <Random123/philox.h>

#include <array>
#include <cstddef>
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

  // Bulk access for vectorized samplers, which address blocks by index so that what a sample
  // gets does not depend on how the work is chunked. reserve_blocks hands out the next n blocks
  // (what is left of a partly used one is skipped) and returns the first index; later draws
  // continue after them. blocks() computes blocks first, first + stride, ... (n of them) in
  // SIMD lanes, word j of the i-th into w[j][i]; the same numbers as block().
  std::uint64_t reserve_blocks(std::uint64_t n);
  void blocks(std::uint64_t first, std::uint64_t stride, std::size_t n,
              std::array<std::uint32_t*, 4> w) const;

  double uniform();                      // in [0, 1), 53 random bits
  double uniform_open0();                // in (0, 1]
  double normal();                       // standard normal, Box-Muller
  std::uint32_t below(std::uint32_t n);  // uniform integer in [0, n), rejection (no bias)

  // The position within the stream (for checkpoints): restored onto a stream made with the
  // same (seed, task, purpose), it continues with the same numbers.
  struct State {
    std::uint64_t counter = 0;  // next block
    std::array<std::uint32_t, 4> buffer{};
    std::int32_t used = 4;  // 32-bit words of buffer consumed
    double spare_normal = 0.0;
    bool has_spare = false;
  };
  State state() const;
  void restore(const State& s);

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
