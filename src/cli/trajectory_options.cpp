#include "trajectory_options.hpp"

#include <string>

#include "common_options.hpp"

namespace xorscape::cli {

void declare_optimizer_options(OptionSet& o) {
  o.add("train", "optimizer", "gd",
        "gd (Eq. 6), adam, or zero-t-mc (zero-temperature Monte Carlo)");
  o.add("train", "batch", "random",
        "full (the 4 rows in order) or random (4 rows drawn with replacement per epoch)");
  o.add("train", "threshold", "0.005",
        "convergence: first epoch with full-batch loss below this; in (0, 1e6)");
  o.add("adam", "beta1", "0.9", "first-moment decay; in [0, 1)");
  o.add("adam", "beta2", "0.999", "second-moment decay; in [0, 1)");
  o.add("adam", "epsilon", "1e-8", "denominator guard; in (0, 1]");
  o.add("mc", "moves", "all",
        "zero-t-mc proposal: all (every parameter moves) or single (one random parameter)");
}

void read_optimizer_options(const OptionSet& o, train::TrainSpec& s) {
  train::parse_optimizer(o.choice("train.optimizer", train::optimizer_names()), s.optimizer);
  model::parse_batch(o.choice("train.batch", model::batch_names()), s.batch);
  s.threshold = o.real("train.threshold", 0.0, 1e6, true, true);
  s.adam.beta1 = o.real("adam.beta1", 0.0, 1.0, false, true);
  s.adam.beta2 = o.real("adam.beta2", 0.0, 1.0, false, true);
  s.adam.epsilon = o.real("adam.epsilon", 0.0, 1.0, true, false);
  s.mc.single_parameter = o.choice("mc.moves", {"all", "single"}) == "single";
}

void declare_init_options(OptionSet& o) {
  o.add("init", "scheme", "scaled",
        "scaled: v_k = scale*r_k, r_k in [0,1) (paper); symmetric: uniform in [-scale, scale]; "
        "given: init.vector + init.shift");
  o.add("init", "scale", "0.1", "s of scaled, a of symmetric; in (0, 1e6]");
  o.add("init", "vector", "table2:1",
        "for scheme=given: 4 n_h + 1 numbers, or table2:1 .. table2:5 (paper's Table II rows)");
  o.add("init", "shift", "",
        "for scheme=given: 4 n_h + 1 numbers added to init.vector (empty = none)");
}

void read_init_options(const OptionSet& o, train::TrainSpec& s) {
  train::parse_init_scheme(o.choice("init.scheme", train::init_scheme_names()), s.init.scheme);
  s.init.scale = o.real("init.scale", 0.0, 1e6, true, false);
  if (s.init.scheme != train::InitScheme::given) return;
  s.init.vector = read_vector_option(o, "init.vector");
  if (!o.text("init.shift").empty()) s.init.shift = read_vector_option(o, "init.shift");
  for (int nh : s.hidden_sizes) {
    const std::size_t p = 4 * static_cast<std::size_t>(nh) + 1;
    if (s.init.vector.size() != p)
      o.fail("init.vector", "has " + std::to_string(s.init.vector.size()) + " numbers; n_h = " +
                                std::to_string(nh) + " needs " + std::to_string(p));
    if (!s.init.shift.empty() && s.init.shift.size() != p)
      o.fail("init.shift",
             "has " + std::to_string(s.init.shift.size()) + " numbers; needs " + std::to_string(p));
  }
}

}  // namespace xorscape::cli
