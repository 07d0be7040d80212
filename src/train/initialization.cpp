#include "xorscape/train/initialization.hpp"

#include "xorscape/exec/random_stream.hpp"

namespace xorscape::train {

std::vector<double> initial_parameters(const InitSpec& init, int num_params, std::uint64_t seed,
                                       std::uint64_t task) {
  std::vector<double> v(num_params, 0.0);
  exec::RandomStream stream(seed, task, exec::Purpose::initialization);
  switch (init.scheme) {
    case InitScheme::scaled:
      for (auto& x : v) x = init.scale * stream.uniform();
      break;
    case InitScheme::symmetric:
      for (auto& x : v) x = init.scale * (2.0 * stream.uniform() - 1.0);
      break;
    case InitScheme::given:
      for (int k = 0; k < num_params; ++k)
        v[k] = init.vector.at(k) + (init.shift.empty() ? 0.0 : init.shift.at(k));
      break;
  }
  return v;
}

}  // namespace xorscape::train
