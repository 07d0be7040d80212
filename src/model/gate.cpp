#include "xorscape/model/gate.hpp"

#include "xorscape/model/named_enum.hpp"

namespace xorscape::model {
namespace {
constexpr NamedValue<Gate> kGates[] = {{"xor", Gate::xor_gate}, {"and", Gate::and_gate},
                                       {"or", Gate::or_gate},   {"nand", Gate::nand_gate},
                                       {"nor", Gate::nor_gate}, {"xnor", Gate::xnor_gate}};
}  // namespace

std::string_view to_string(Gate g) {
  return name_of(kGates, g);
}
bool parse_gate(std::string_view name, Gate& out) {
  return value_of(kGates, name, out);
}
std::vector<std::string> gate_names() {
  return names_of(kGates);
}

}  // namespace xorscape::model
