#pragma once
// The validated description of a `train` run: a plain struct built by the CLI from options.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xorscape/model/batch.hpp"
#include "xorscape/model/network.hpp"

namespace xorscape::train {

enum class Optimizer { gd, adam, zero_t_mc };
std::string_view to_string(Optimizer o);
bool parse_optimizer(std::string_view name, Optimizer& out);
std::vector<std::string> optimizer_names();

// scaled: v_k = s r_k, r_k uniform in [0, 1) (the paper's, s = 0.1);
// symmetric: v_k uniform in [-a, a]; given: a fixed vector plus a fixed shift.
enum class InitScheme { scaled, symmetric, given };
std::string_view to_string(InitScheme s);
bool parse_init_scheme(std::string_view name, InitScheme& out);
std::vector<std::string> init_scheme_names();

struct InitSpec {
  InitScheme scheme = InitScheme::scaled;
  double scale = 0.1;          // s for scaled, a for symmetric
  std::vector<double> vector;  // for given: 4 n_h + 1 values
  std::vector<double> shift;   // for given: added to vector (empty = zeros)
};

struct AdamSpec {
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

struct MonteCarloSpec {
  bool single_parameter = false;  // move one random parameter per step instead of all
};

struct TrainSpec {
  model::Network network;          // n_hidden is overridden per group by hidden_sizes
  std::vector<int> hidden_sizes;   // n_h values of the ensemble
  std::vector<double> step_sizes;  // learning rate eta (gd, adam) or proposal width sigma (mc)
  int seeds_per_setting = 1;       // K
  std::uint64_t seed = 1;
  std::uint64_t epochs = 100000;
  model::BatchKind batch = model::BatchKind::random;
  Optimizer optimizer = Optimizer::gd;
  AdamSpec adam;
  MonteCarloSpec mc;
  InitSpec init;
  int points_per_decade = 20;
  double threshold = 0.005;  // convergence: full-batch loss below this
  // Stop a trajectory at its convergence epoch (basin statistics, solutions, lr-scan): its
  // final parameters are then those of that epoch, and later records stay NaN.
  bool stop_at_convergence = false;
  double fit_decades = 1.0;   // power-law fit window: the last fit_decades decades of epochs
  double fit_max_loss = 0.1;  // ... and only records whose full-batch loss is below this
  double fit_after_convergence = 5.0;  // ... and only epochs >= this times the convergence epoch
};

// A parameter whose magnitude exceeds this counts as overflowed (the run has diverged).
inline constexpr double kParameterOverflow = 1e100;

}  // namespace xorscape::train
