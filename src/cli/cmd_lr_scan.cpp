// `xorscape lr-scan`: the interval of learning rates that converge (paper Sect. III A).
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
#include "xorscape/io/lr_scan_file.hpp"
#include "xorscape/train/lr_scan.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace xorscape::cli {
namespace {

using train::EdgeSide;
using train::LrScanSpec;

void declare(OptionSet& o) {
  declare_network_options(o, "2", false);
  declare_optimizer_options(o);
  declare_init_options(o);
  o.add("scan", "eta_min", "1e-4", "lowest eta of the log-spaced sweep; in (0, 1e6)");
  o.add("scan", "eta_max", "100", "highest eta of the sweep; in (eta_min, 1e6]");
  o.add("scan", "points_per_decade", "4", "sweep points per decade of eta; in [1, 100]");
  o.add("scan", "replicas", "8",
        "K replicas per eta; replica k has the same start and batches at every eta; in [1, "
        "10000]");
  o.add("scan", "epochs", "5000000",
        "budget E per trajectory (paper: 5e6); a trajectory stops as soon as it converges or "
        "diverges; in [1, 1e12]");
  o.add("scan", "converge_fraction", "0.5",
        "an eta converges if at least this fraction of its K replicas converge; in (0, 1]");
  o.add("scan", "precision", "1e-3",
        "bisection of each edge stops when its bracket hi/lo - 1 is at most this; in [1e-9, 1]");
  o.add("run", "seed", "1", "seed of initializations and batches; in [0, 2^53]");
  declare_output_options(o, "xorscape-lr-scan.h5", true);
  declare_resume_options(o, false);
}

std::vector<double> sweep_etas(const OptionSet& o) {
  const double lo = o.real("scan.eta_min", 0.0, 1e6, true, true);
  const double hi = o.real("scan.eta_max", 0.0, 1e6, true, false);
  if (!(hi > lo))
    o.fail("scan.eta_max", "must be greater than scan.eta_min (" + o.text("scan.eta_min") + ")");
  const auto ppd = o.integer("scan.points_per_decade", 1, 100);
  const double decades = std::log10(hi / lo);
  const auto n = static_cast<long>(std::floor(decades * static_cast<double>(ppd) + 1e-9)) + 1;
  if (n > 2000) o.fail("scan.points_per_decade", "gives more than 2000 sweep points");
  std::vector<double> etas;
  for (long i = 0; i < n; ++i)
    etas.push_back(lo * std::pow(10.0, static_cast<double>(i) / static_cast<double>(ppd)));
  if (etas.back() < hi * (1 - 1e-9)) etas.push_back(hi);
  if (etas.size() < 2) o.fail("scan.eta_max", "the sweep needs at least 2 points");
  return etas;
}

LrScanSpec build_spec(const OptionSet& o) {
  LrScanSpec s;
  s.base.network = read_network(o);
  s.base.hidden_sizes = {s.base.network.n_hidden};
  read_optimizer_options(o, s.base);
  read_init_options(o, s.base);
  s.base.epochs = static_cast<std::uint64_t>(o.integer("scan.epochs", 1, 1000000000000));
  s.base.stop_at_convergence = true;
  s.base.seed = static_cast<std::uint64_t>(o.integer("run.seed", 0, std::int64_t{1} << 53));
  s.sweep = sweep_etas(o);
  s.replicas = static_cast<int>(o.integer("scan.replicas", 1, 10000));
  s.converge_fraction = o.real("scan.converge_fraction", 0.0, 1.0, true, false);
  s.precision = o.real("scan.precision", 1e-9, 1.0, false, false);
  return s;
}

// One unit of work: up to 8 replicas of one point.
struct Unit {
  std::uint64_t point;
  double eta;
  int first, count;
};

class Scan {
 public:
  Scan(const LrScanSpec& spec, io::LrScanFile& file, exec::Progress& progress)
      : spec_(spec),
        file_(file),
        progress_(progress),
        counts_(file.converged_counts()),
        done_(file.done_mask()) {}

  // Runs the replicas of these points that are not done yet; false if interrupted.
  bool run(const std::vector<std::pair<std::uint64_t, double>>& points) {
    std::vector<Unit> units;
    const int K = spec_.replicas;
    for (const auto& [p, eta] : points)
      for (int k = 0; k < K; k += train::kMaxLanes) {
        const int count = std::min(train::kMaxLanes, K - k);
        bool pending = false;
        for (int j = k; j < k + count; ++j) pending |= !done_[p * K + j];
        if (pending)
          units.push_back({p, eta, k, count});
        else
          progress_.advance(count * spec_.base.epochs);
      }
    const auto monitor = [&](std::uint64_t n) {
      progress_.advance(n);
      return exec::interrupted();
    };
    exec::run_units(
        units.size(),
        [&](std::size_t u) {
          return train::run_lr_replicas(spec_, units[u].eta, units[u].first, units[u].count,
                                        monitor);
        },
        [&](std::size_t u, std::vector<train::TrajectoryResult>&& results) {
          if (results.empty()) return;  // interrupted inside the unit
          file_.write(units[u].point, units[u].first, results);
          file_.flush();
          for (int j = 0; j < units[u].count; ++j)
            done_[units[u].point * K + units[u].first + j] = 1;
        });
    counts_ = file_.converged_counts();
    return !exec::interrupted();
  }

  // Points the next round needs; points of an edge the sweep did not bracket are marked done.
  std::vector<std::pair<std::uint64_t, double>> round(int r, const std::vector<double>& stored) {
    std::vector<std::pair<std::uint64_t, double>> next;
    for (EdgeSide side : {EdgeSide::lower, EdgeSide::upper}) {
      const auto p = train::bisection_point(spec_, r, side);
      const auto b = train::bracket_after(spec_, counts_, side, r);
      if (!b.found) {
        file_.mark_skipped(p);
        progress_.advance(spec_.replicas * spec_.base.epochs);
        continue;
      }
      const double eta = train::midpoint(b);
      if (!std::isnan(stored[p]) && stored[p] != eta)
        throw std::runtime_error(
            "--resume: the partial file's bisection disagrees with its own "
            "results (eta of point " +
            std::to_string(p) + ")");
      file_.write_eta(p, eta);
      next.push_back({p, eta});
    }
    return next;
  }

  std::vector<train::EdgeBracket> edges() const {
    const int rounds = train::bisection_rounds(spec_);
    return {train::bracket_after(spec_, counts_, EdgeSide::lower, rounds),
            train::bracket_after(spec_, counts_, EdgeSide::upper, rounds)};
  }
  const std::vector<int>& counts() const { return counts_; }

 private:
  const LrScanSpec& spec_;
  io::LrScanFile& file_;
  exec::Progress& progress_;
  std::vector<int> counts_;
  std::vector<std::uint8_t> done_;
};

void print_summary(const LrScanSpec& spec, const std::vector<double>& etas,
                   const std::vector<int>& counts, const std::vector<train::EdgeBracket>& edges) {
  std::vector<std::size_t> order;
  for (std::size_t p = 0; p < etas.size(); ++p)
    if (!std::isnan(etas[p]) && counts[p] >= 0) order.push_back(p);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return etas[a] < etas[b]; });
  std::printf("%14s %10s %6s\n", "eta", "converged", "stage");
  for (auto p : order)
    std::printf("%14.7g %6d/%-3d %6s\n", etas[p], counts[p], spec.replicas,
                p < spec.sweep.size()         ? "sweep"
                : (p - spec.sweep.size()) % 2 ? "upper"
                                              : "lower");
  const char* names[] = {"lower", "upper"};
  for (int e = 0; e < 2; ++e) {
    if (edges[e].found)
      std::printf("%s edge: %.6g (bracket [%.6g, %.6g])\n", names[e], edges[e].estimate(),
                  edges[e].lo, edges[e].hi);
    else
      std::printf("%s edge: not inside the sweep [%g, %g]\n", names[e], spec.sweep.front(),
                  spec.sweep.back());
  }
  std::printf("paper (n_h = 2, v_k = 0.1 r_k, 5e6 epochs): [0.002, 17.484]\n");
}

}  // namespace

int run_lr_scan(int argc, char** argv) {
  OptionSet o("lr-scan",
              "Finds the interval of learning rates for which training converges: a log-spaced\n"
              "sweep of eta with K replicas each, then bisection of the lower and upper edges.");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const LrScanSpec spec = build_spec(o);
  const std::string out = prepare_output(o);
  const std::string partial = io::partial_path(out).string();
  io::Provenance prov{"lr-scan",      o.command_line(), o.ini(false), io::fingerprint(o.ini(true)),
                      spec.base.seed, thread_count(o),  "0/1"};
  exec::install_interrupt_handler();
  io::LrScanFile file = open_resumable(
      o, partial, prov, [&] { return io::LrScanFile::create(partial, spec, prov); },
      [&] { return io::LrScanFile::open(partial, spec); });
  const std::vector<double> stored = file.etas();
  exec::Progress progress("lr-scan", train::point_count(spec) * spec.replicas * spec.base.epochs,
                          o.flag("quiet"));
  Scan scan(spec, file, progress);
  std::vector<std::pair<std::uint64_t, double>> sweep;
  for (std::size_t i = 0; i < spec.sweep.size(); ++i) sweep.push_back({i, spec.sweep[i]});
  bool complete = scan.run(sweep);
  for (int r = 0; complete && r < train::bisection_rounds(spec); ++r)
    complete = scan.run(scan.round(r, stored));
  if (!complete) {
    file.close();
    std::cerr << "xorscape lr-scan: interrupted; finished points are saved in " << partial
              << "; continue with --resume\n";
    return 130;
  }
  progress.finish();
  const auto edges = scan.edges();
  file.finalize(edges);
  const auto etas = file.etas();
  file.close();
  io::publish(out);
  if (!o.flag("quiet")) print_summary(spec, etas, scan.counts(), edges);
  std::cerr << "xorscape lr-scan: wrote " << out << "\n";
  return 0;
}

}  // namespace xorscape::cli
