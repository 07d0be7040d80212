#include "xorscape/model/activation.hpp"

#include "xorscape/model/named_enum.hpp"

namespace xorscape::model {
namespace {
constexpr NamedValue<Activation> kActivations[] = {
    {"sigmoid", Activation::sigmoid}, {"tanh", Activation::tanh}, {"relu", Activation::relu}};
}  // namespace

std::string_view to_string(Activation a) {
  return name_of(kActivations, a);
}
bool parse_activation(std::string_view name, Activation& out) {
  return value_of(kActivations, name, out);
}
std::vector<std::string> activation_names() {
  return names_of(kActivations);
}

}  // namespace xorscape::model
