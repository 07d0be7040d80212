#include "xorscape/model/gate.hpp"

#include "xorscape/model/named_enum.hpp"

namespace xorscape::model {
namespace {
struct GateRow {
  Gate gate;
  std::array<double, kCases> y;
};
constexpr NamedValue<Gate> kGates[] = {{"xor", Gate::xor_gate},   {"and", Gate::and_gate},
                                       {"or", Gate::or_gate},     {"nand", Gate::nand_gate},
                                       {"nor", Gate::nor_gate},   {"xnor", Gate::xnor_gate}};
// Rows in the order (0,0), (0,1), (1,0), (1,1), as the paper's Table I.
constexpr GateRow kTruthTables[] = {
    {Gate::xor_gate, {0, 1, 1, 0}}, {Gate::and_gate, {0, 0, 0, 1}},
    {Gate::or_gate, {0, 1, 1, 1}},  {Gate::nand_gate, {1, 1, 1, 0}},
    {Gate::nor_gate, {1, 0, 0, 0}}, {Gate::xnor_gate, {1, 0, 0, 1}}};
}  // namespace

std::string_view to_string(Gate g) { return name_of(kGates, g); }
bool parse_gate(std::string_view name, Gate& out) { return value_of(kGates, name, out); }
std::vector<std::string> gate_names() { return names_of(kGates); }

std::array<double, kCases> targets(Gate g) {
  for (const auto& row : kTruthTables)
    if (row.gate == g) return row.y;
  return {};
}

}  // namespace xorscape::model
