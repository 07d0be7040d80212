#include "xorscape/exec/random_stream.hpp"

#include <cmath>
#ifdef __AVX512F__
#include <immintrin.h>
#endif
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

std::uint64_t RandomStream::reserve_blocks(std::uint64_t n) {
  const std::uint64_t first = counter_;
  counter_ += n;
  used_ = 4;
  return first;
}

// GCC 12 flags the intrinsics' own `__Y = __Y` placeholders (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
void RandomStream::blocks(std::uint64_t first, std::uint64_t stride, std::size_t n,
                          std::array<std::uint32_t*, 4> w) const {
  std::size_t i = 0;
#ifdef __AVX512F__
  // Eight blocks per register, one 32-bit word per 64-bit lane: vpmuludq gives the whole
  // 64-bit product of the lanes' low halves, i.e. Philox's mulhilo in one instruction (GCC
  // vectorizes the portable loop with three-instruction 64-bit multiplies, 2x slower).
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
  __m512i k0[10], k1[10];
  std::uint32_t a = key_[0], b = key_[1];
  for (int r = 0; r < 10; ++r, a += 0x9E3779B9u, b += 0xBB67AE85u) {
    k0[r] = _mm512_set1_epi64(a);
    k1[r] = _mm512_set1_epi64(b);
  }
  const __m512i task = _mm512_set1_epi64(task_), purpose = _mm512_set1_epi64(purpose_);
  std::uint64_t lanes[8];
  for (int l = 0; l < 8; ++l) lanes[l] = first + l * stride;
  __m512i index = _mm512_loadu_si512(lanes);
  const __m512i advance = _mm512_set1_epi64(static_cast<long long>(8 * stride));
  // Two registers' worth per pass: the rounds are a chain of dependent multiplies, and two
  // chains keep the multiplier busy. Lanes carry garbage above bit 31 between rounds:
  // vpmuludq ignores it, the final narrowing drops it. The high half of a product moves down
  // by a shuffle (port 5) rather than a shift (port 0, the multiplier's).
  for (; i + 16 <= n; i += 16) {
    const __m512i index2 = _mm512_add_epi64(index, advance);
    __m512i x[2][4] = {{index, _mm512_srli_epi64(index, 32), task, purpose},
                       {index2, _mm512_srli_epi64(index2, 32), task, purpose}};
    for (int r = 0; r < 10; ++r)
      for (auto& v : x) {
        const __m512i p0 = _mm512_mul_epu32(v[0], m0), p1 = _mm512_mul_epu32(v[2], m1);
        v[0] = _mm512_ternarylogic_epi64(_mm512_shuffle_epi32(p1, _MM_PERM_DDBB), v[1], k0[r],
                                         0x96);  // a ^ b ^ c
        v[1] = p1;
        v[2] =
            _mm512_ternarylogic_epi64(_mm512_shuffle_epi32(p0, _MM_PERM_DDBB), v[3], k1[r], 0x96);
        v[3] = p0;
      }
    for (int h = 0; h < 2; ++h)
      for (int j = 0; j < 4; ++j)
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(w[j] + i + 8 * h),
                            _mm512_cvtepi64_epi32(x[h][j]));
    index = _mm512_add_epi64(index2, advance);
  }
#endif
  for (; i < n; ++i) {
    const auto out = block(first + i * stride);
    for (int j = 0; j < 4; ++j) w[j][i] = out[j];
  }
}
#pragma GCC diagnostic pop

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

RandomStream::State RandomStream::state() const {
  return {counter_, buffer_, used_, spare_normal_, has_spare_};
}

void RandomStream::restore(const State& s) {
  counter_ = s.counter;
  buffer_ = s.buffer;
  used_ = s.used;
  spare_normal_ = s.spare_normal;
  has_spare_ = s.has_spare;
}

}  // namespace xorscape::exec
