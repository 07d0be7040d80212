#pragma once
// The options of a trajectory shared by train, lr-scan and perturb: optimizer, batch,
// convergence threshold, Adam and Monte Carlo settings, and the initialization.
#include "options.hpp"
#include "xorscape/train/train_spec.hpp"

namespace xorscape::cli {

// [train] optimizer, batch, threshold; [adam] beta1, beta2, epsilon; [mc] moves.
void declare_optimizer_options(OptionSet& o);
void read_optimizer_options(const OptionSet& o, train::TrainSpec& s);

// [init] scheme, scale, vector, shift. Checked against s.hidden_sizes, so read those first.
void declare_init_options(OptionSet& o);
void read_init_options(const OptionSet& o, train::TrainSpec& s);

}  // namespace xorscape::cli
