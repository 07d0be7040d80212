// `xorscape perturb`: epochs to converge from an optimum with one parameter shifted (paper
// Sect. III B, Fig. 5).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "common_options.hpp"
#include "resumable_output.hpp"
#include "trajectory_options.hpp"
#include "xorscape/exec/executor.hpp"
#include "xorscape/exec/interrupt.hpp"
#include "xorscape/exec/progress.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/perturb_file.hpp"
#include "xorscape/train/perturbation.hpp"

namespace xorscape::cli {
namespace {

using train::PerturbSpec;

void declare(OptionSet& o) {
  declare_network_options(o, "2", false);
  declare_optimizer_options(o);
  o.add("center", "vector", "table2:1",
        "the optimum every start is shifted from: 4 n_h + 1 numbers, or table2:1 .. table2:5");
  o.add("perturb", "parameters", "",
        "names of the parameters to shift, comma-separated (e.g. w1_11,b2_1); empty = all");
  o.add("perturb", "shift_lo", "-10", "lowest shift Delta; finite");
  o.add("perturb", "shift_hi", "10", "highest shift Delta; > shift_lo");
  o.add("perturb", "shift_points", "41",
        "shifts on the uniform grid [shift_lo, shift_hi] (41 on [-10, 10] includes 0); in [1, "
        "10001]");
  o.add("perturb", "runs", "100",
        "R runs per start, differing only in their random batches (paper: up to 100); in [1, "
        "100000]");
  o.add("perturb", "learning_rate", "0.1", "eta (sigma for zero-t-mc); in (0, 1e6]");
  o.add("perturb", "epochs", "1000000",
        "budget per run; runs stop once tau_conv is found and they have converged; in [1, 1e12]");
  o.add("plateau", "rel_tol", "0.05",
        "a shift is on the plateau if |tau_conv - tau_ref| <= max(abs_tol, rel_tol tau_ref), "
        "tau_ref = tau_conv at the shift nearest 0; in [0, 1e6]");
  o.add("plateau", "abs_tol", "0",
        "... (epochs); with tau_ref = 0 (a center below threshold) the plateau is where the start "
        "is still converged: tau_conv unchanged, as in the paper; in [0, 1e12]");
  o.add("run", "seed", "1", "seed of the random batches; in [0, 2^53]");
  declare_output_options(o, "xorscape-perturb.h5", true);
  declare_resume_options(o);
}

std::vector<int> read_parameters(const OptionSet& o, const model::Network& net) {
  const auto names = model::param_names(net);
  const auto items = split_list(o.text("perturb.parameters"));
  std::vector<int> out;
  if (items.empty()) {
    for (int p = 0; p < net.num_params(); ++p) out.push_back(p);
    return out;
  }
  for (const auto& item : items) {
    const auto it = std::find(names.begin(), names.end(), item);
    if (it == names.end()) {
      std::string all;
      for (const auto& n : names) all += (all.empty() ? "" : " ") + n;
      o.fail("perturb.parameters", "unknown parameter '" + item + "'; accepted: " + all);
    }
    const int p = static_cast<int>(it - names.begin());
    if (std::find(out.begin(), out.end(), p) != out.end())
      o.fail("perturb.parameters", "'" + item + "' is listed twice");
    out.push_back(p);
  }
  return out;
}

std::vector<double> read_shifts(const OptionSet& o) {
  const double lo = o.real("perturb.shift_lo", -1e6, 1e6, false, false);
  const double hi = o.real("perturb.shift_hi", -1e6, 1e6, false, false);
  const auto n = o.integer("perturb.shift_points", 1, 10001);
  if (n > 1 && !(hi > lo))
    o.fail("perturb.shift_hi",
           "must be greater than perturb.shift_lo (" + o.text("perturb.shift_lo") + ")");
  std::vector<double> shifts;
  for (long i = 0; i < n; ++i)
    shifts.push_back(n == 1 ? lo
                            : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1));
  return shifts;
}

PerturbSpec build_spec(const OptionSet& o) {
  PerturbSpec s;
  s.base.network = read_network(o);
  s.base.hidden_sizes = {s.base.network.n_hidden};
  read_optimizer_options(o, s.base);
  s.center = read_vector_option(o, "center.vector");
  if (static_cast<int>(s.center.size()) != s.base.network.num_params())
    o.fail("center.vector", "has " + std::to_string(s.center.size()) +
                                " numbers; n_h = " + std::to_string(s.base.network.n_hidden) +
                                " needs " + std::to_string(s.base.network.num_params()));
  for (double v : s.center)
    if (!std::isfinite(v)) o.fail("center.vector", "holds a value that is not finite");
  s.parameters = read_parameters(o, s.base.network);
  s.shifts = read_shifts(o);
  s.runs = static_cast<int>(o.integer("perturb.runs", 1, 100000));
  s.learning_rate = o.real("perturb.learning_rate", 0.0, 1e6, true, false);
  s.base.epochs = static_cast<std::uint64_t>(o.integer("perturb.epochs", 1, 1000000000000));
  s.base.seed = static_cast<std::uint64_t>(o.integer("run.seed", 0, std::int64_t{1} << 53));
  return s;
}

void print_summary(const PerturbSpec& spec, const std::vector<train::PerturbResult>& done) {
  const auto names = model::param_names(spec.base.network);
  std::printf("%-8s %10s %11s %12s %10s\n", "param", "shift", "start_loss", "tau_conv",
              "converged");
  auto sorted = done;
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.task < b.task; });
  for (const auto& r : sorted) {
    const auto conv = std::count_if(r.run_convergence_epoch.begin(), r.run_convergence_epoch.end(),
                                    [](auto e) { return e >= 0; });
    std::printf("%-8s %10.4g %11.4e %12lld %6ld/%-4d\n",
                names[spec.parameters[train::parameter_slot(spec, r.task)]].c_str(),
                spec.shifts[train::shift_index(spec, r.task)], r.start_loss,
                static_cast<long long>(r.tau_conv), static_cast<long>(conv), spec.runs);
  }
}

}  // namespace

int run_perturb(int argc, char** argv) {
  OptionSet o("perturb",
              "Shifts one parameter of an optimum by Delta, runs R gradient-descent runs with\n"
              "random batches from there, and finds the epoch of convergence tau_conv (Fig. 5).");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const PerturbSpec spec = build_spec(o);
  const io::PlateauTolerance tolerance{o.real("plateau.rel_tol", 0.0, 1e6, false, false),
                                       o.real("plateau.abs_tol", 0.0, 1e12, false, false)};
  const exec::Shard shard = read_shard(o);
  const std::string out = prepare_output(o);
  const std::string partial = io::partial_path(out).string();
  io::Provenance prov{
      "perturb",      o.command_line(), o.ini(false),     io::fingerprint(o.ini(true)),
      spec.base.seed, thread_count(o),  shard.to_string()};
  exec::install_interrupt_handler();
  io::PerturbFile file = open_resumable(
      o, partial, prov, [&] { return io::PerturbFile::create(partial, spec, tolerance, prov); },
      [&] { return io::PerturbFile::open(partial, spec); });
  const auto done = file.done_mask();
  std::vector<std::uint64_t> pending;
  for (std::uint64_t t = 0; t < train::task_count(spec); ++t)
    if (!done[t] && shard.owns(t)) pending.push_back(t);
  exec::Progress progress("perturb", pending.size() * spec.runs * spec.base.epochs,
                          o.flag("quiet"));
  const train::PerturbMonitor monitor = [&](std::uint64_t n) {
    progress.advance(n);
    return exec::interrupted();
  };
  std::vector<train::PerturbResult> finished;
  exec::run_units(
      pending.size(),
      [&](std::size_t u) { return train::run_perturb_task(spec, pending[u], monitor); },
      [&](std::size_t, train::PerturbResult&& r) {
        if (!r.complete) return;
        file.write(r);
        file.flush();
        finished.push_back(std::move(r));
      });
  file.close();
  if (exec::interrupted()) {
    std::cerr << "xorscape perturb: interrupted; " << finished.size() << " of " << pending.size()
              << " tasks saved in " << partial << "; continue with --resume\n";
    return 130;
  }
  progress.finish();
  io::finalize_perturb(partial);
  io::publish(out);
  if (!o.flag("quiet")) print_summary(spec, finished);
  std::cerr << "xorscape perturb: wrote " << out << "\n";
  return 0;
}

}  // namespace xorscape::cli
