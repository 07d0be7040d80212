#pragma once
#include <string>
#include <vector>

#include "xorscape/io/provenance.hpp"
#include "xorscape/model/network.hpp"
#include "xorscape/model/reference_network.hpp"

namespace xorscape::io {

struct EvaluatedVector {
  std::string label;
  std::vector<double> params;
  model::Evaluation evaluation;
  int misclassified = 0;
};

// Writes the `evaluate` file (docs/output_format.md) to `path`.
void write_evaluate_file(const std::string& path, const model::Network& net,
                         const std::vector<EvaluatedVector>& rows, const std::string& layout,
                         const std::string& source, const Provenance& prov);

}  // namespace xorscape::io
