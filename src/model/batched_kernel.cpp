#include "xorscape/model/batched_kernel.hpp"

namespace xorscape::model {

void loss_many(const Network& net, const double* p, std::size_t stride, std::size_t count,
               double* loss, KernelScratch& s) {
  constexpr int kWidth = 8;
  std::size_t t = 0;
  for (; t + kWidth <= count; t += kWidth)
    loss_block<kWidth>(net, p + t, stride, nullptr, loss + t, s);
  for (; t < count; ++t) loss_block<1>(net, p + t, stride, nullptr, loss + t, s);
}

}  // namespace xorscape::model
