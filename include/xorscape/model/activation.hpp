#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "xorscape/model/vector_exp.hpp"

namespace xorscape::model {

enum class Activation { sigmoid, tanh, relu };

std::string_view to_string(Activation a);
// Returns false (and leaves `out` alone) for an unknown name.
bool parse_activation(std::string_view name, Activation& out);
std::vector<std::string> activation_names();

inline double activate(Activation a, double z) {
  switch (a) {
    case Activation::sigmoid:
      return sigmoid(z);
    case Activation::tanh:
      return 2.0 * sigmoid(2.0 * z) - 1.0;  // tanh through the same vectorizable exp
    case Activation::relu:
      return z > 0.0 ? z : 0.0;
  }
  return 0.0;
}

// Derivative da/dz expressed through the activation value a (and z for relu).
inline double activation_slope(Activation act, double z, double a) {
  switch (act) {
    case Activation::sigmoid:
      return a * (1.0 - a);
    case Activation::tanh:
      return 1.0 - a * a;
    case Activation::relu:
      return z > 0.0 ? 1.0 : 0.0;
  }
  return 0.0;
}

}  // namespace xorscape::model
