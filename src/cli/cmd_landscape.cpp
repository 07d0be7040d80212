// `xorscape landscape`: two-parameter cross-sections of the loss with descent paths (paper
// Figs. 6 and 7).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "common_options.hpp"
#include "resumable_output.hpp"
#include "xorscape/exec/executor.hpp"
#include "xorscape/exec/interrupt.hpp"
#include "xorscape/exec/progress.hpp"
#include "xorscape/io/atomic_output.hpp"
#include "xorscape/io/input_error.hpp"
#include "xorscape/io/landscape_file.hpp"
#include "xorscape/io/vector_input.hpp"
#include "xorscape/landscape/landscape_tasks.hpp"

namespace xorscape::cli {
namespace {

using landscape::LandscapeSpec;

void declare(OptionSet& o) {
  declare_network_options(o, "2", false);
  o.add("center", "vector", "table2:1",
        "center of every cross-section: 4 n_h + 1 numbers, or table2:1 .. table2:5 (paper's "
        "Table II rows; #1 is the paper's choice)");
  o.add("center", "from", "",
        "instead of center.vector: a text file (one vector per line) or FILE.h5:/dataset of an "
        "earlier output (last axis = parameters), e.g. run.h5:/train/nh_2/final_params");
  o.add("center", "index", "0", "which vector of center.from to use (0 = first); in [0, 1e9]");
  o.add("pairs", "list", "",
        "cross-sections as x:y parameter names, comma-separated (e.g. b1_1:b2_1,w2_12:b1_2); "
        "x varies along columns, y along rows; empty = all N(N-1)/2 pairs");
  o.add("grid", "lo", "-15", "lowest shift from the center, every parameter; finite");
  o.add("grid", "hi", "15", "highest shift from the center, every parameter; > grid.lo");
  o.add("grid", "points", "201", "grid points per axis; in [2, 10001]");
  o.add("grid", "ranges", "",
        "per-parameter overrides NAME=LO:HI or NAME=LO:HI:POINTS, comma-separated (e.g. "
        "b1_1=-20:20:401)");
  o.add("grid", "rows_per_task", "32",
        "rows of a cross-section per task (the unit of parallel work and of --resume); in [1, "
        "10001]");
  o.add("landscape", "batch", "full",
        "full (the 4 rows in order; paper Fig. 6) or random (every point gets its own 4 rows "
        "drawn with replacement, per scan; Fig. 7)");
  o.add("landscape", "scans", "100",
        "random batch: S scans, stored as scan 0 and mean and std over S; in [1, 1e6]");
  o.add("landscape", "level_tolerance", "0.05",
        "area fractions count points with |loss - level| <= this, levels 0, .25, .5, .75, 1; "
        "in (0, 0.125]");
  o.add("paths", "start", "",
        "descent paths, ';'-separated, each x:y=DX,DY: a cross-section (in either order) and the "
        "start shifts of x and y, e.g. b1_1:b2_1=-7.4,8.9; empty = none");
  o.add("paths", "learning_rate", "0.1",
        "eta of steepest descent: one value for every path, or one per path; each in (0, 1e6]");
  o.add("paths", "epochs", "1000000", "epoch budget per path; in [1, 1e12]");
  o.add("paths", "stop_loss", "1e-4",
        "a path stops once its loss is below this (the center of Table II #1 has 1.3e-3); in "
        "(0, 1)");
  o.add("paths", "well_loss", "0.01",
        "a path that ends below this loss has reached the zero-loss well (the plateaus lie at "
        "0.25 and above); in (0, 1)");
  o.add("paths", "points_per_decade", "50", "path records per decade of epochs; in [1, 1000]");
  o.add("paths", "record_distance", "0.05",
        "... and a record whenever the path moved this far since the last; in (0, 1e6]");
  o.add("paths", "max_points", "4096", "record capacity per path; in [16, 1e6]");
  o.add("run", "seed", "1", "seed of the random batches; in [0, 2^53]");
  declare_output_options(o, "xorscape-landscape.h5", true);
  declare_resume_options(o);
}

int param_index(const OptionSet& o, const std::string& option,
                const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : " ") + n;
    o.fail(option, "unknown parameter '" + name + "'; accepted: " + all);
  }
  return static_cast<int>(it - names.begin());
}

std::vector<double> read_center(const OptionSet& o, const model::Network& net) {
  std::vector<double> c;
  const std::string from = o.text("center.from");
  if (from.empty()) {
    c = read_vector_option(o, "center.vector");
  } else {
    const auto vs = from.find(".h5:") != std::string::npos
                        ? io::read_vectors_h5(from, "--center.from")
                        : io::read_vectors_file(from, "--center.from");
    const auto index = static_cast<std::size_t>(o.integer("center.index", 0, 1000000000));
    if (index >= vs.size())
      o.fail("center.index", "'" + from + "' holds " + std::to_string(vs.size()) + " vectors");
    c = vs[index];
  }
  const std::string name = from.empty() ? "center.vector" : "center.from";
  if (static_cast<int>(c.size()) != net.num_params())
    o.fail(name, "has " + std::to_string(c.size()) + " numbers; n_h = " +
                     std::to_string(net.n_hidden) + " needs " + std::to_string(net.num_params()));
  for (double v : c)
    if (!std::isfinite(v)) o.fail(name, "holds a value that is not finite");
  return c;
}

std::vector<landscape::AxisGrid> read_axes(const OptionSet& o,
                                           const std::vector<std::string>& names) {
  landscape::AxisGrid global;
  global.lo = o.real("grid.lo", -1e6, 1e6, false, false);
  global.hi = o.real("grid.hi", -1e6, 1e6, false, false);
  global.points = static_cast<int>(o.integer("grid.points", 2, 10001));
  if (!(global.lo < global.hi))
    o.fail("grid.hi", "must be greater than grid.lo (" + o.text("grid.lo") + ")");
  std::vector<landscape::AxisGrid> axes(names.size(), global);
  for (const auto& entry : split_list(o.text("grid.ranges"))) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos)
      o.fail("grid.ranges", "'" + entry + "' is not NAME=LO:HI or NAME=LO:HI:POINTS");
    auto& a = axes[param_index(o, "grid.ranges", names, entry.substr(0, eq))];
    const auto parts = split_list(entry.substr(eq + 1), ":");
    if (parts.size() != 2 && parts.size() != 3)
      o.fail("grid.ranges", "'" + entry + "' is not NAME=LO:HI or NAME=LO:HI:POINTS");
    const auto lo = parse_number(parts[0]), hi = parse_number(parts[1]);
    if (!lo || !hi || !(*lo < *hi)) o.fail("grid.ranges", "'" + entry + "': need finite LO < HI");
    a.lo = *lo;
    a.hi = *hi;
    if (parts.size() == 3) {
      const auto p = parse_number(parts[2]);
      if (!p || *p != std::floor(*p) || *p < 2 || *p > 10001)
        o.fail("grid.ranges", "'" + entry + "': POINTS must be an integer in [2, 10001]");
      a.points = static_cast<int>(*p);
    }
  }
  return axes;
}

landscape::ParameterPair read_pair(const OptionSet& o, const std::string& option,
                                   const std::vector<std::string>& names, const std::string& text) {
  const auto parts = split_list(text, ":");
  if (parts.size() != 2) o.fail(option, "'" + text + "' is not a pair x:y of parameter names");
  const landscape::ParameterPair p{param_index(o, option, names, parts[0]),
                                   param_index(o, option, names, parts[1])};
  if (p.x == p.y) o.fail(option, "'" + text + "' names " + parts[0] + " twice");
  return p;
}

std::vector<landscape::ParameterPair> read_pairs(const OptionSet& o,
                                                 const std::vector<std::string>& names) {
  const auto items = split_list(o.text("pairs.list"));
  if (items.empty()) return landscape::all_pairs(static_cast<int>(names.size()));
  std::vector<landscape::ParameterPair> pairs;
  for (const auto& item : items) {
    const auto p = read_pair(o, "pairs.list", names, item);
    for (const auto& q : pairs)
      if ((q.x == p.x && q.y == p.y) || (q.x == p.y && q.y == p.x))
        o.fail("pairs.list", "'" + item + "' is listed twice");
    pairs.push_back(p);
  }
  return pairs;
}

std::vector<landscape::PathStart> read_paths(const OptionSet& o, const LandscapeSpec& s,
                                             const std::vector<std::string>& names) {
  std::vector<landscape::PathStart> paths;
  for (const auto& item : split_list(o.text("paths.start"), ";")) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) o.fail("paths.start", "'" + item + "' is not x:y=DX,DY");
    auto p = read_pair(o, "paths.start", names, item.substr(0, eq));
    // Either order names the cross-section; the shifts follow the order given.
    const auto it = std::find_if(s.pairs.begin(), s.pairs.end(), [&](const auto& q) {
      return (q.x == p.x && q.y == p.y) || (q.x == p.y && q.y == p.x);
    });
    if (it == s.pairs.end())
      o.fail("paths.start", "'" + item.substr(0, eq) + "' is not one of the cross-sections");
    const auto xy = split_list(item.substr(eq + 1));
    if (xy.size() != 2)
      o.fail("paths.start",
             "'" + item + "': a start point has 2 shifts, not " + std::to_string(xy.size()));
    auto dx = parse_number(xy[0]), dy = parse_number(xy[1]);
    if (!dx || !dy) o.fail("paths.start", "'" + item + "': shifts must be finite numbers");
    if (it != s.pairs.end() && it->x != p.x) {
      std::swap(dx, dy);
      std::swap(p.x, p.y);
    }
    const auto &ax = s.axes[p.x], &ay = s.axes[p.y];
    if (*dx < ax.lo || *dx > ax.hi || *dy < ay.lo || *dy > ay.hi)
      o.fail("paths.start", "'" + item + "' lies outside the grid");
    paths.push_back({static_cast<int>(it - s.pairs.begin()), *dx, *dy, 0.1});
  }
  const auto etas = o.reals("paths.learning_rate", 0.0, 1e6, true, false);
  if (etas.size() != 1 && etas.size() != paths.size())
    o.fail("paths.learning_rate",
           "give one value or one per path (" + std::to_string(paths.size()) + ")");
  for (std::size_t i = 0; i < paths.size(); ++i)
    paths[i].learning_rate = etas.size() == 1 ? etas[0] : etas[i];
  return paths;
}

LandscapeSpec build_spec(const OptionSet& o) {
  LandscapeSpec s;
  s.network = read_network(o);
  const auto names = model::param_names(s.network);
  s.center = read_center(o, s.network);
  s.axes = read_axes(o, names);
  s.pairs = read_pairs(o, names);
  s.rows_per_task = static_cast<int>(o.integer("grid.rows_per_task", 1, 10001));
  model::parse_batch(o.choice("landscape.batch", model::batch_names()), s.batch);
  s.scans = static_cast<int>(o.integer("landscape.scans", 1, 1000000));
  if (s.batch == model::BatchKind::full) s.scans = 1;
  s.level_tolerance = o.real("landscape.level_tolerance", 0.0, 0.125, true, false);
  s.paths = read_paths(o, s, names);
  s.path.epochs = static_cast<std::uint64_t>(o.integer("paths.epochs", 1, 1000000000000));
  s.path.stop_loss = o.real("paths.stop_loss", 0.0, 1.0, true, true);
  s.path.well_loss = o.real("paths.well_loss", 0.0, 1.0, true, true);
  s.path.points_per_decade = static_cast<int>(o.integer("paths.points_per_decade", 1, 1000));
  s.path.record_distance = o.real("paths.record_distance", 0.0, 1e6, true, false);
  s.path.max_points = static_cast<int>(o.integer("paths.max_points", 16, 1000000));
  s.seed = static_cast<std::uint64_t>(o.integer("run.seed", 0, std::int64_t{1} << 53));
  return s;
}

struct TaskResult {
  std::optional<landscape::SweepResult> sweep;
  std::optional<landscape::PathResult> path;
};

// Work of a task in progress units: grid points (times scans), or epochs of a path.
std::uint64_t task_work(const LandscapeSpec& spec, const landscape::TaskRef& ref) {
  if (ref.is_path) return spec.path.epochs;
  const std::uint64_t rows = landscape::grid_rows(spec, ref.pair);
  const std::uint64_t first = ref.block * spec.rows_per_task;
  return std::min<std::uint64_t>(spec.rows_per_task, rows - first) *
         landscape::grid_columns(spec, ref.pair) * static_cast<std::uint64_t>(spec.scans);
}

// min_loss: per pair, over the blocks this run computed.
void print_summary(const LandscapeSpec& spec, const std::vector<double>& min_loss,
                   const std::vector<landscape::PathResult>& paths) {
  const auto names = model::param_names(spec.network);
  std::printf("%-22s %6s %6s %12s\n", "cross-section (x:y)", "nx", "ny", "min_loss");
  for (std::size_t p = 0; p < spec.pairs.size(); ++p)
    std::printf("%-22s %6d %6d %12.4e\n",
                (names[spec.pairs[p].x] + ":" + names[spec.pairs[p].y]).c_str(),
                landscape::grid_columns(spec, static_cast<int>(p)),
                landscape::grid_rows(spec, static_cast<int>(p)), min_loss[p]);
  if (paths.empty()) return;
  std::printf("\n%-22s %16s %8s %11s %11s %12s %5s\n", "path (x:y)", "start", "eta", "start_loss",
              "final_loss", "epochs", "well");
  for (const auto& r : paths) {
    const auto& st = spec.paths[r.path];
    const auto& pr = spec.pairs[st.pair];
    char start[64];
    std::snprintf(start, sizeof start, "(%g, %g)", st.dx, st.dy);
    std::printf("%-22s %16s %8g %11.4e %11.4e %12llu %5s\n",
                (names[pr.x] + ":" + names[pr.y]).c_str(), start, st.learning_rate, r.start_loss,
                r.descent.final_loss, static_cast<unsigned long long>(r.descent.epochs_run),
                r.descent.reached_well ? "yes" : "no");
  }
}

}  // namespace

int run_landscape(int argc, char** argv) {
  OptionSet o(
      "landscape",
      "Sweeps two-parameter cross-sections of the loss around a center (every other parameter\n"
      "held there), with the full or randomized batch, and runs steepest-descent paths on them.");
  declare(o);
  if (!o.parse(argc, argv)) return 0;
  const LandscapeSpec spec = build_spec(o);
  const exec::Shard shard = read_shard(o);
  const std::string out = prepare_output(o);
  const std::string partial = io::partial_path(out).string();
  const int threads = thread_count(o);
  io::Provenance prov{"landscape", o.command_line(), o.ini(false),     io::fingerprint(o.ini(true)),
                      spec.seed,   threads,          shard.to_string()};

  exec::install_interrupt_handler();
  io::LandscapeFile file = open_resumable(
      o, partial, prov, [&] { return io::LandscapeFile::create(partial, spec, prov); },
      [&] { return io::LandscapeFile::open(partial, spec); });
  // Paths first: they are the longest tasks, and the sweep fills in around them.
  const auto done = file.done_mask();
  const std::uint64_t n_tasks = landscape::task_count(spec), n_sweep = n_tasks - spec.paths.size();
  std::vector<std::uint64_t> pending;
  std::uint64_t work = 0;
  for (std::uint64_t i = 0; i < n_tasks; ++i) {
    const std::uint64_t t = (i + n_sweep) % n_tasks;
    if (done[t] || !shard.owns(t)) continue;
    pending.push_back(t);
    work += task_work(spec, landscape::task_ref(spec, t));
  }
  exec::Progress progress("landscape", work, o.flag("quiet"));
  const landscape::PathMonitor monitor = [&](std::uint64_t epochs) {
    progress.advance(epochs);
    return exec::interrupted();
  };
  landscape::SectionCache sections(spec, pending);
  std::vector<double> min_loss(spec.pairs.size(), INFINITY);
  std::vector<landscape::PathResult> paths;
  std::size_t written = 0;
  exec::run_units(
      pending.size(),
      [&](std::size_t u) {
        TaskResult r;
        const auto ref = landscape::task_ref(spec, pending[u]);
        if (ref.is_path) {
          r.path = landscape::run_path_task(spec, pending[u], monitor);
          const std::uint64_t run = r.path->descent.epochs_run;
          // The monitor reported whole kPathMonitorEvery steps; this is the rest of the budget.
          progress.advance(spec.path.epochs - (run - run % landscape::kPathMonitorEvery));
        } else {
          r.sweep = landscape::run_sweep_task(spec, *sections.get(ref.pair), pending[u]);
          sections.release(ref.pair);
          progress.advance(task_work(spec, ref));
        }
        return r;
      },
      [&](std::size_t, TaskResult&& r) {
        if (r.path && !r.path->descent.complete) return;
        if (r.sweep) file.write(*r.sweep);
        if (r.path) file.write(*r.path);
        file.flush();
        ++written;
        if (r.sweep) min_loss[r.sweep->pair] = std::min(min_loss[r.sweep->pair], r.sweep->min_loss);
        if (r.path) paths.push_back(std::move(*r.path));
      });
  file.close();
  if (exec::interrupted()) {
    std::cerr << "xorscape landscape: interrupted; " << written << " of " << pending.size()
              << " tasks saved in " << partial << "; continue with --resume\n";
    return 130;
  }
  progress.finish();
  io::finalize_landscape(partial);
  io::publish(out);
  if (!o.flag("quiet")) print_summary(spec, min_loss, paths);
  std::cerr << "xorscape landscape: wrote " << out << "\n";
  return 0;
}

}  // namespace xorscape::cli
