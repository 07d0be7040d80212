// `xorscape train`: ensembles of trajectories (paper Figs. 2, 3, 4).
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
#include "xorscape/exec/record_schedule.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/train_file.hpp"
#include "xorscape/train/train_ensemble.hpp"

namespace xorscape::cli {
namespace {

void declare(OptionSet& o) {
  declare_network_options(o, "2", true);
  declare_optimizer_options(o);
  declare_init_options(o);
  o.add("train", "learning_rate", "0.1",
        "step sizes, a list: eta for gd/adam, Gaussian proposal width sigma for zero-t-mc; each in "
        "(0, 1e6]");
  o.add("train", "replicas", "1",
        "K trajectories (own random streams) per (n_h, step size); in [1, 1e6]");
  o.add("train", "epochs", "100000", "epochs per trajectory (zero-t-mc: proposals); in [1, 1e12]");
  o.add("train", "stop", "budget",
        "budget: every trajectory runs all epochs (power-law tails, Figs. 2-4); converged: a "
        "trajectory stops at its convergence epoch (basin statistics, solutions)");
  o.add("record", "points_per_decade", "20",
        "log-spaced records per decade of epochs (plus 0 and the last); in [1, 1000]");
  o.add("fit", "decades", "1",
        "power-law fit of L ~ tau^-gamma over the last this-many decades of epochs; in (0, 20]");
  o.add("fit", "max_loss", "0.1",
        "... using only records with full-batch loss below this; in (0, 1e6]");
  o.add("fit", "after_convergence", "5",
        "... and only epochs >= this times the convergence epoch, so the drop into the well is "
        "left out; in [0, 1e6]");
  o.add("run", "seed", "1",
        "run seed; every random stream is keyed by (seed, task, purpose); in [0, 2^53]");
  declare_output_options(o, "xorscape-train.h5", true);
  declare_resume_options(o);
}

train::TrainSpec build_spec(const OptionSet& o) {
  train::TrainSpec s;
  s.network = read_network(o, &s.hidden_sizes);
  s.step_sizes = o.reals("train.learning_rate", 0.0, 1e6, true, false);
  s.seeds_per_setting = static_cast<int>(o.integer("train.replicas", 1, 1000000));
  s.epochs = static_cast<std::uint64_t>(o.integer("train.epochs", 1, 1000000000000));
  s.stop_at_convergence = o.choice("train.stop", {"budget", "converged"}) == "converged";
  read_optimizer_options(o, s);
  read_init_options(o, s);
  s.points_per_decade = static_cast<int>(o.integer("record.points_per_decade", 1, 1000));
  s.fit_decades = o.real("fit.decades", 0.0, 20.0, true, false);
  s.fit_max_loss = o.real("fit.max_loss", 0.0, 1e6, true, false);
  s.fit_after_convergence = o.real("fit.after_convergence", 0.0, 1e6, false, false);
  s.seed = static_cast<std::uint64_t>(o.integer("run.seed", 0, std::int64_t{1} << 53));
  return s;
}

// What the summary table needs of a finished trajectory.
struct TrajectorySummary {
  std::uint64_t task;
  std::int64_t convergence_epoch;
  double final_loss, gamma;
  bool diverged;
};

double median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One line per (n_h, step size): how many replicas converged and diverged, and medians over
// replicas (of the finite values: NaN has no place in a sort).
void print_summary(const train::TrainSpec& spec, const std::vector<TrajectorySummary>& done) {
  std::printf("%6s %12s %10s %9s %14s %14s %10s\n", "n_h", "step_size", "converged", "diverged",
              "median_conv", "median_loss", "median_gamma");
  for (std::size_t g = 0; g < spec.hidden_sizes.size(); ++g)
    for (std::size_t st = 0; st < spec.step_sizes.size(); ++st) {
      std::vector<double> conv, loss, gamma;
      std::size_t n = 0, diverged = 0;
      for (const auto& d : done) {
        const auto c = train::coordinates(spec, d.task);
        if (c.group != static_cast<int>(g) || c.step != static_cast<int>(st)) continue;
        ++n;
        diverged += d.diverged ? 1 : 0;
        if (std::isfinite(d.final_loss)) loss.push_back(d.final_loss);
        if (d.convergence_epoch >= 0) conv.push_back(static_cast<double>(d.convergence_epoch));
        if (std::isfinite(d.gamma)) gamma.push_back(d.gamma);
      }
      if (n == 0) continue;
      std::printf("%6d %12.6g %6zu/%-3zu %9zu %14.6g %14.4e %10.4f\n", spec.hidden_sizes[g],
                  spec.step_sizes[st], conv.size(), n, diverged, median(conv), median(loss),
                  median(gamma));
    }
}

}  // namespace

int run_train(int argc, char** argv) {
  OptionSet o(
      "train",
      "Runs every combination of n_h x step size x replica as an independent trajectory and\n"
      "records loss, parameters, activations and gradient norms at log-spaced epochs.");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const train::TrainSpec spec = build_spec(o);
  const exec::Shard shard = read_shard(o);
  const std::string out = prepare_output(o);
  const std::string partial = io::partial_path(out).string();
  const auto records = exec::log_spaced_epochs(spec.epochs, spec.points_per_decade);
  io::Provenance prov{"train",   o.command_line(), o.ini(false),     io::fingerprint(o.ini(true)),
                      spec.seed, thread_count(o),  shard.to_string()};

  exec::install_interrupt_handler();
  io::TrainFile file = open_resumable(
      o, partial, prov, [&] { return io::TrainFile::create(partial, spec, records, prov); },
      [&] { return io::TrainFile::open(partial, spec); });
  const int threads = thread_count(o);
  const auto units = train::plan_units(spec, shard, file.done_mask(), threads);
  std::uint64_t pending = 0;
  for (const auto& u : units) pending += u.tasks.size();
  exec::Progress progress("train", pending * spec.epochs, o.flag("quiet"));
  std::vector<TrajectorySummary> finished;
  const train::BlockMonitor monitor = [&](std::uint64_t epochs) {
    progress.advance(epochs);
    return exec::interrupted();
  };
  exec::run_units(
      units.size(),
      [&](std::size_t u) { return train::run_unit(spec, units[u], records, monitor); },
      [&](std::size_t, std::vector<train::TrajectoryResult>&& results) {
        for (const auto& r : results) {
          file.write(r);
          finished.push_back(
              {r.task, r.convergence_epoch, r.final_loss_full, r.fit.gamma, r.diverged});
        }
        file.flush();
      });
  file.close();
  if (exec::interrupted()) {
    std::cerr << "xorscape train: interrupted; " << finished.size() << " of " << pending
              << " trajectories saved in " << partial << "; continue with --resume\n";
    return 130;
  }
  progress.finish();
  io::finalize_train(partial);
  io::publish(out);
  if (!o.flag("quiet")) print_summary(spec, finished);
  std::cerr << "xorscape train: wrote " << out << "\n";
  return 0;
}

}  // namespace xorscape::cli
