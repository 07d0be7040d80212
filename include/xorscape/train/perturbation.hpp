#pragma once
// Convergence from a perturbed optimum (paper Sect. III B, Fig. 5): start at a center (Table II
// #1) with one parameter shifted by Delta, run R gradient-descent runs that differ only in their
// random batches, and find tau_conv.
//
// tau_conv is the first epoch tau at which (a) the batch loss averaged over the R runs is below
// the threshold and (b) the full-batch (nonrandomized) loss averaged over the R runs is below it
// too. (a) is the paper's "loss averaged over up to 100 runs", (b) its "test with the
// nonrandomized batch", applied to the same R runs at the same epoch. Each run also has its own
// convergence epoch (first epoch with its full-batch loss below the threshold), whose
// distribution is stored beside tau_conv.
//
// Task = parameter slot * n_shifts + shift index; run r of every task draws its batches from the
// stream keyed by r, so every shift of every parameter sees the same R batch sequences.
#include <cstdint>
#include <functional>
#include <vector>

#include "xorscape/train/train_spec.hpp"

namespace xorscape::train {

struct PerturbSpec {
  TrainSpec base;               // network, optimizer, batch, threshold, epochs (budget), seed
  double learning_rate = 0.1;   // eta (sigma for zero-t-mc)
  std::vector<double> center;   // 4 n_h + 1 values
  std::vector<int> parameters;  // indices of the shifted parameters
  std::vector<double> shifts;   // Delta grid, increasing
  int runs = 100;               // R
};

std::uint64_t task_count(const PerturbSpec& spec);
int parameter_slot(const PerturbSpec& spec, std::uint64_t task);
int shift_index(const PerturbSpec& spec, std::uint64_t task);
std::vector<double> start_vector(const PerturbSpec& spec, std::uint64_t task);

struct PerturbResult {
  std::uint64_t task = 0;
  double start_loss = 0.0;                     // full-batch loss of the shifted start
  std::int64_t tau_conv = -1;                  // -1: not within the budget
  double mean_batch_loss = __builtin_nan("");  // the two averages at tau_conv
  double mean_full_loss = __builtin_nan("");
  std::vector<std::int64_t> run_convergence_epoch;  // [R], -1 if never
  std::vector<std::uint8_t> run_diverged;           // [R]
  std::vector<double> run_final_loss;               // [R] full-batch loss where the run stopped
  bool complete = false;                            // false when the monitor aborted the task
};

// Called now and then with trajectory-epochs done; returning true aborts the task.
using PerturbMonitor = std::function<bool(std::uint64_t)>;

// The R runs advance together, epoch by epoch, until tau_conv is found; after it, a run stops at
// its own convergence, and the task ends when every run has converged, diverged or spent the
// budget.
PerturbResult run_perturb_task(const PerturbSpec& spec, std::uint64_t task,
                               const PerturbMonitor& monitor);

}  // namespace xorscape::train
