#pragma once
// Plain, one-vector-at-a-time forward and backward pass written for clarity (loops over rows
// and neurons, no structure of arrays). It serves `evaluate`, the recording of trajectories,
// and as the second implementation the batched kernels are tested against.
#include <array>
#include <span>
#include <vector>

#include "xorscape/model/batch.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::model {

struct Evaluation {
  double loss = 0.0;                    // loss over the batch (Eq. 4)
  std::array<double, kCases> output{};  // y-hat for each truth-table row (not batch slot)
  std::vector<double> hidden;           // hidden activations, [row * n_h + i]
  std::vector<double> gradient;         // dL/dv over the batch, parameter-vector layout
  double grad_norm_w1 = 0.0;            // Frobenius norms of the per-layer gradient blocks
  double grad_norm_b1 = 0.0;
  double grad_norm_w2 = 0.0;
  double grad_norm_b2 = 0.0;
};

// Loss, outputs, hidden activations and gradient of `v` over the batch `rows`.
// Outputs and hidden activations are given for all four truth-table rows.
Evaluation evaluate_reference(const Network& net, std::span<const double> v,
                              const BatchRows& rows = kFullBatch);

// Loss only, over the batch `rows`.
double loss_reference(const Network& net, std::span<const double> v,
                      const BatchRows& rows = kFullBatch);

// Truth-table cases whose output is on the wrong side: |y-hat - y| >= 0.5.
int misclassified_cases(const Network& net, const Evaluation& e);

}  // namespace xorscape::model
