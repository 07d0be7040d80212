#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace xorscape::model {

enum class Gate { xor_gate, and_gate, or_gate, nand_gate, nor_gate, xnor_gate };

inline constexpr int kCases = 4;  // the four rows of a two-input truth table
// Inputs of the truth-table rows in the paper's order (Table I): (0,0), (0,1), (1,0), (1,1).
inline constexpr std::array<double, kCases> kInput1 = {0.0, 0.0, 1.0, 1.0};
inline constexpr std::array<double, kCases> kInput2 = {0.0, 1.0, 0.0, 1.0};

// Target output y per row, indexed by Gate (order of the enum), rows as in Table I.
inline constexpr std::array<std::array<double, kCases>, 6> kTruthTables = {{
    {0, 1, 1, 0},  // xor
    {0, 0, 0, 1},  // and
    {0, 1, 1, 1},  // or
    {1, 1, 1, 0},  // nand
    {1, 0, 0, 0},  // nor
    {1, 0, 0, 1},  // xnor
}};

std::string_view to_string(Gate g);
bool parse_gate(std::string_view name, Gate& out);
std::vector<std::string> gate_names();
// Target output y for each row of the truth table.
constexpr const std::array<double, kCases>& targets(Gate g) {
  return kTruthTables[static_cast<int>(g)];
}

}  // namespace xorscape::model
