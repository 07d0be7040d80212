// `xorscape dos`: the density of loss g(L) and the microcanonical entropy S(L) = ln g (paper
// Sect. III D, Fig. 8) by simple sampling, Wang-Landau (1/t) or multicanonical production.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>

#include "commands.hpp"
#include "common_options.hpp"
#include "resumable_output.hpp"
#include "xorscape/dos/dos_tasks.hpp"
#include "xorscape/exec/executor.hpp"
#include "xorscape/exec/interrupt.hpp"
#include "xorscape/exec/progress.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/dos_file.hpp"

namespace xorscape::cli {
namespace {

using dos::DosSpec;

void declare(OptionSet& o) {
  declare_network_options(o, "1,2,3", true);
  o.add("measure", "kind", "box",
        "box: parameters uniform in [-B, B] (total mass (2B)^P); gaussian: N(0, s^2) per "
        "parameter (mass 1)");
  o.add("measure", "box", "10", "B of the box; in (0, 1e6]");
  o.add("measure", "sigma", "1", "s of the gaussian; in (0, 1e6]");
  o.add("bins", "kind", "log",
        "log: bins.log_bins bins uniform in ln L on [bins.lo, bins.cut], then bins.bins uniform "
        "on [bins.cut, bins.hi]; uniform: bins.bins on [bins.lo, bins.hi]; edges: bins.edges");
  o.add("bins", "lo", "1e-3", "lowest edge (the window starts here); in [0, 1e6)");
  o.add("bins", "cut", "0.05", "log bins end here; in (bins.lo, bins.hi)");
  o.add("bins", "hi", "1", "highest edge (the window ends here); > bins.lo");
  o.add("bins", "log_bins", "20", "bins uniform in ln L below bins.cut; in [1, 100000]");
  o.add("bins", "bins", "95", "uniform bins (above bins.cut for kind log); in [1, 100000]");
  o.add("bins", "edges", "", "kind edges: increasing edges, comma-separated, at least 3");
  o.add("dos", "method", "multicanonical",
        "simple (independent samples), wang-landau (flat stage then 1/t), multicanonical "
        "(wang-landau, then production with the weights frozen)");
  o.add("dos", "runs", "4", "R independent runs (walkers) per n_h; in [1, 10000]");
  o.add("dos", "samples", "1000000", "simple: samples per run; in [1, 1e13]");
  o.add("wl", "moves", "single", "single (one random parameter per proposal) or all");
  o.add("wl", "target_acceptance", "0.5", "of the step-width tuning stage; in (0, 1)");
  o.add("wl", "tune_steps", "20000", "proposals of the tuning stage; in [0, 1e12]");
  o.add("wl", "ln_f_initial", "1", "initial modification factor ln f; in (0, 10]");
  o.add("wl", "ln_f_final", "1e-6", "the 1/t stage ends at this ln f; in (0, ln_f_initial)");
  o.add("wl", "flatness", "0.8", "flat histogram: H_min >= flatness H_mean; in (0, 1)");
  o.add("wl", "check_every", "10000", "proposals between flatness checks; in [1, 1e12]");
  o.add("wl", "production_steps", "10000000",
        "multicanonical: proposals of the production run; in [1, 1e15]");
  o.add("wl", "max_steps", "4e9",
        "cap on the Wang-Landau stages (a run that hits it fails); in [1, 1e15]");
  o.add("analysis", "merge", "2",
        "stored bins per analysis bin of S(L) (the stored bins are the halved-bin variant of "
        "the robustness check, 2 x merge the doubled one); even, in [2, 64]");
  o.add("analysis", "degree", "3", "degree of the local polynomial fit of S; in [3, 8]");
  o.add("analysis", "window", "9",
        "analysis bins per local fit, odd; in [degree + 2, 201] (halved for the robustness "
        "check, never below degree + 2)");
  o.add("analysis", "weight", "uniform",
        "uniform (Savitzky-Golay) or tricube (LOESS) weights in the fit window");
  o.add("analysis", "z", "3", "significance of a signal in jackknife sigmas; in (0, 100]");
  o.add("analysis", "tolerance_bins", "2",
        "robust: found again within this many analysis bins in every variant; in [0, 100]");
  o.add("run", "seed", "1", "run seed; in [0, 2^53]");
  declare_output_options(o, "xorscape-dos.h5", true);
  declare_resume_options(o);
  o.add_control("checkpoint_seconds", "60",
                "seconds between checkpoints of each running walker, which are also written on "
                "SIGINT/SIGTERM and continued by --resume; 0: only then; in [0, 1e6]");
}

std::vector<double> read_edges(const OptionSet& o) {
  const std::string kind = o.choice("bins.kind", {"log", "uniform", "edges"});
  if (kind == "edges") {
    const auto e = o.reals("bins.edges", 0.0, 1e6, false, false);
    if (e.size() < 3) o.fail("bins.edges", "needs at least 3 edges (2 bins)");
    for (std::size_t i = 1; i < e.size(); ++i)
      if (!(e[i] > e[i - 1])) o.fail("bins.edges", "edges must increase");
    return e;
  }
  const double lo = o.real("bins.lo", 0.0, 1e6, false, true);
  const double hi = o.real("bins.hi", 0.0, 1e6, true, false);
  if (!(hi > lo)) o.fail("bins.hi", "must be greater than bins.lo (" + o.text("bins.lo") + ")");
  const auto n = static_cast<int>(o.integer("bins.bins", 1, 100000));
  if (kind == "uniform") {
    if (n < 2) o.fail("bins.bins", "needs at least 2 bins");
    return dos::uniform_edges(lo, hi, n);
  }
  const double cut = o.real("bins.cut", 0.0, 1e6, true, false);
  if (!(cut > lo && cut < hi)) o.fail("bins.cut", "must lie inside (bins.lo, bins.hi)");
  if (!(lo > 0.0)) o.fail("bins.lo", "must be > 0 for log bins");
  return dos::log_then_uniform_edges(lo, cut, hi,
                                     static_cast<int>(o.integer("bins.log_bins", 1, 100000)), n);
}

dos::EntropyAnalysisSettings read_analysis(const OptionSet& o) {
  dos::EntropyAnalysisSettings a;
  a.merge = static_cast<int>(o.integer("analysis.merge", 2, 64));
  if (a.merge % 2 != 0) o.fail("analysis.merge", "must be even");
  a.fit.degree = static_cast<int>(o.integer("analysis.degree", 3, 8));
  a.fit.window = static_cast<int>(o.integer("analysis.window", a.fit.degree + 2, 201));
  if (a.fit.window % 2 == 0) o.fail("analysis.window", "must be odd");
  a.fit.weight = o.choice("analysis.weight", {"uniform", "tricube"}) == "uniform"
                     ? dos::FitWeight::uniform
                     : dos::FitWeight::tricube;
  a.z = o.real("analysis.z", 0.0, 100.0, true, false);
  a.tolerance_bins = static_cast<int>(o.integer("analysis.tolerance_bins", 0, 100));
  return a;
}

DosSpec build_spec(const OptionSet& o) {
  DosSpec s;
  s.network = read_network(o, &s.hidden_sizes);
  s.measure.kind = o.choice("measure.kind", {"box", "gaussian"}) == "box"
                       ? dos::MeasureKind::box
                       : dos::MeasureKind::gaussian;
  s.measure.half_width = {o.real("measure.box", 0.0, 1e6, true, false)};
  s.measure.sigma = o.real("measure.sigma", 0.0, 1e6, true, false);
  s.edges = read_edges(o);
  const std::string method = o.choice("dos.method", {"simple", "wang-landau", "multicanonical"});
  s.method = method == "simple"        ? dos::Method::simple
             : method == "wang-landau" ? dos::Method::wang_landau
                                       : dos::Method::multicanonical;
  s.runs = static_cast<int>(o.integer("dos.runs", 1, 10000));
  s.samples = static_cast<std::uint64_t>(o.integer("dos.samples", 1, 10000000000000));
  auto& w = s.wl;
  w.single_parameter = o.choice("wl.moves", {"single", "all"}) == "single";
  w.target_acceptance = o.real("wl.target_acceptance", 0.0, 1.0, true, true);
  w.tune_steps = static_cast<std::uint64_t>(o.integer("wl.tune_steps", 0, 1000000000000));
  w.ln_f_initial = o.real("wl.ln_f_initial", 0.0, 10.0, true, false);
  w.ln_f_final = o.real("wl.ln_f_final", 0.0, 10.0, true, false);
  if (!(w.ln_f_final < w.ln_f_initial))
    o.fail("wl.ln_f_final", "must be below wl.ln_f_initial (" + o.text("wl.ln_f_initial") + ")");
  w.flatness = o.real("wl.flatness", 0.0, 1.0, true, true);
  w.check_every = static_cast<std::uint64_t>(o.integer("wl.check_every", 1, 1000000000000));
  w.production_steps =
      static_cast<std::uint64_t>(o.integer("wl.production_steps", 1, 1000000000000000));
  w.max_steps = static_cast<std::uint64_t>(o.integer("wl.max_steps", 1, 1000000000000000));
  s.seed = static_cast<std::uint64_t>(o.integer("run.seed", 0, std::int64_t{1} << 53));
  s.analysis = read_analysis(o);
  return s;
}

void print_summary(const DosSpec& spec, const std::vector<dos::DosTaskResult>& done) {
  std::printf("%5s %5s %12s %12s %10s %12s %8s\n", "n_h", "run", "min_loss", "max_loss", "reached",
              "accept(prod)", "trips");
  for (const auto& r : done) {
    int reached = 0;
    for (double x : r.ln_g) reached += std::isfinite(x) ? 1 : 0;
    const bool walk = spec.method != dos::Method::simple;
    std::printf("%5d %5d %12.4e %12.4e %6d/%-3zu %12.3f %8llu\n",
                spec.hidden_sizes[r.task / spec.runs], static_cast<int>(r.task % spec.runs),
                walk ? r.walker.min_loss : r.samples.min_loss,
                walk ? r.walker.max_loss : r.samples.max_loss, reached, r.ln_g.size(),
                walk ? r.walker.production.acceptance() : 0.0,
                static_cast<unsigned long long>(walk ? r.walker.round_trips : 0));
  }
}

// One line per n_h: where S peaks, whether the trained branch has an entropic barrier, and
// what the inflection-point analysis keeps.
void print_microcanonical(const std::vector<io::NhAnalysis>& rows) {
  std::printf("%5s %18s %24s %12s %8s %8s\n", "n_h", "L* +- sigma", "gamma_max(L<L*) +- sigma",
              "barrier", "convex", "robust");
  for (const auto& row : rows) {
    const auto& a = row.report.reference;
    int convex = 0, robust = 0;
    for (const auto& c : a.convex) convex += c.significant && c.branch == dos::Branch::trained;
    for (const auto& t : row.report.transitions) robust += t.robust;
    std::printf("%5d %9.4f +- %-7.1e %11.4g +- %-10.3g %12s %8d %8d\n", row.n_h, a.maximum.L,
                a.maximum.L_sigma, a.gamma_max_trained.value, a.gamma_max_trained.sigma,
                std::string(dos::to_string(row.report.trained_barrier)).c_str(), convex, robust);
  }
  std::printf(
      "(convex: significant convex intervals of S below L*; robust: transitions that "
      "survive halved/doubled bins and window)\n");
}

}  // namespace

int run_dos(int argc, char** argv) {
  OptionSet o(
      "dos",
      "Estimates the density of loss g(L) (the measure of parameter space per loss bin) and\n"
      "S(L) = ln g for each n_h: simple sampling, Wang-Landau with the 1/t tail, or\n"
      "multicanonical production with the Wang-Landau weights.");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const DosSpec spec = build_spec(o);
  const exec::Shard shard = read_shard(o);
  const std::chrono::duration<double> checkpoint_every(
      o.real("checkpoint_seconds", 0.0, 1e6, false, false));
  const std::string out = prepare_output(o);
  const std::string partial = io::partial_path(out).string();
  io::Provenance prov{"dos",     o.command_line(), o.ini(false),     io::fingerprint(o.ini(true)),
                      spec.seed, thread_count(o),  shard.to_string()};
  exec::install_interrupt_handler();
  io::DosFile file = open_resumable(
      o, partial, prov, [&] { return io::DosFile::create(partial, spec, prov); },
      [&] { return io::DosFile::open(partial, spec); });
  const auto done = file.done_mask();
  std::vector<std::uint64_t> pending;
  for (std::uint64_t t = 0; t < dos::task_count(spec); ++t)
    if (!done[t] && shard.owns(t)) pending.push_back(t);
  std::vector<std::optional<dos::WalkerState>> resume_from(pending.size());
  std::size_t continued = 0;
  for (std::size_t u = 0; u < pending.size(); ++u)
    continued += (resume_from[u] = file.read_checkpoint(pending[u])) ? 1 : 0;
  if (continued > 0)
    std::cerr << "xorscape dos: " << continued << " walkers continue from their checkpoints\n";
  // Tasks are counted, not proposals: a walker's length is set by its 1/t schedule.
  exec::Progress progress("dos", pending.size(), o.flag("quiet"));
  const dos::WalkMonitor monitor = [](std::uint64_t) { return exec::interrupted(); };
  // Walkers on every thread write checkpoints while thread 0 commits results: HDF5 is called
  // one at a time under this lock. Handing checkpoints to thread 0 instead would hold them
  // until its own walker, perhaps hours long, ends.
  std::mutex file_mutex;
  std::atomic<int> saved_on_interrupt{0};
  const auto run_task = [&](std::size_t u) {
    using Clock = std::chrono::steady_clock;
    const std::uint64_t task = pending[u];
    dos::WalkCheckpoint checkpoint;
    if (checkpoint_every.count() > 0)
      checkpoint.due = [&checkpoint_every, last = Clock::now()]() mutable {
        const auto now = Clock::now();
        if (now - last < checkpoint_every) return false;
        last = now;
        return true;
      };
    checkpoint.save = [&, task](const dos::WalkerState& s) {
      std::lock_guard lock(file_mutex);
      file.write_checkpoint(task, s);
      file.flush();
      saved_on_interrupt += exec::interrupted() ? 1 : 0;
    };
    auto r = dos::run_dos_task(spec, task, monitor, resume_from[u] ? &*resume_from[u] : nullptr,
                               checkpoint);
    resume_from[u].reset();
    return r;
  };
  std::vector<dos::DosTaskResult> finished;
  exec::run_units(pending.size(), run_task, [&](std::size_t, dos::DosTaskResult&& r) {
    if (!r.complete) return;
    {
      std::lock_guard lock(file_mutex);
      file.write(r);
      file.flush();
    }
    progress.advance(1);
    finished.push_back(std::move(r));
  });
  file.close();
  if (exec::interrupted()) {
    std::cerr << "xorscape dos: interrupted; " << finished.size() << " of " << pending.size()
              << " runs saved and " << saved_on_interrupt.load()
              << " running walkers checkpointed in " << partial << "; continue with --resume\n";
    return 130;
  }
  if (finished.size() != pending.size()) {
    std::cerr << "xorscape dos: " << pending.size() - finished.size()
              << " walkers hit wl.max_steps before ln f reached wl.ln_f_final; " << partial
              << " keeps the others\n";
    return 1;
  }
  progress.finish();
  const auto analyses = io::finalize_dos(partial);
  io::publish(out);
  if (!o.flag("quiet")) {
    print_summary(spec, finished);
    if (analyses) print_microcanonical(*analyses);
  }
  std::cerr << "xorscape dos: wrote " << out << "\n";
  return 0;
}

}  // namespace xorscape::cli
