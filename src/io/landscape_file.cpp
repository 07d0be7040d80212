#include "xorscape/io/landscape_file.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/network_group.hpp"

namespace xorscape::io {
namespace {

using landscape::LandscapeSpec;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_random(const LandscapeSpec& spec) {
  return spec.batch == model::BatchKind::random;
}

void write_run_description(H5::Group& g, const LandscapeSpec& spec) {
  write_attr(g, "batch", std::string(to_string(spec.batch)));
  write_attr(g, "scans", std::int64_t{spec.scans});
  write_attr(g, "rows_per_task", std::int64_t{spec.rows_per_task});
  write_attr(g, "level_tolerance", spec.level_tolerance);
  const hsize_t P = spec.center.size(), L = spec.levels.size(), N = spec.pairs.size();
  write_dataset(g, {"center", {P}, "parameter vector at zero shift", "param"}, spec.center);
  write_dataset(g, {"levels", {L}, "plateau levels of the area fractions", "level"}, spec.levels);
  const auto names = model::param_names(spec.network);
  std::vector<std::string> pair_names;
  std::vector<std::int64_t> px, py;
  for (const auto& p : spec.pairs) {
    pair_names.push_back(pair_group_name(names, p));
    px.push_back(p.x);
    py.push_back(p.y);
  }
  write_strings(g, {"pair_names", {N}, "group of each cross-section under pairs/", "pair"},
                pair_names);
  write_dataset(g, {"pair_x", {N}, "parameter index varied along columns", "pair"}, px);
  write_dataset(g, {"pair_y", {N}, "parameter index varied along rows", "pair"}, py);
  if (is_random(spec)) {
    const auto cp = landscape::scan_checkpoints(spec.scans);
    std::vector<std::int64_t> c(cp.begin(), cp.end());
    write_dataset(g,
                  {"scan_checkpoints",
                   {c.size()},
                   "numbers of scans s at which mean_error_* compare the mean with the full batch",
                   "checkpoint"},
                  c);
  }
}

void create_pair_group(H5::Group& parent, const LandscapeSpec& spec, int pair,
                       std::uint64_t task_offset, const std::string& name) {
  const auto p = spec.pairs[pair];
  const auto names = model::param_names(spec.network);
  H5::Group g = parent.createGroup(name);
  write_attr(g, "x_param", names[p.x]);
  write_attr(g, "y_param", names[p.y]);
  write_attr(g, "task_offset", static_cast<std::int64_t>(task_offset));
  const hsize_t nx = landscape::grid_columns(spec, pair), ny = landscape::grid_rows(spec, pair),
                B = landscape::blocks_of_pair(spec, pair), L = spec.levels.size(),
                R = static_cast<hsize_t>(spec.rows_per_task);
  write_dataset(g, {"x_shift", {nx}, "shift of " + names[p.x] + " from the center", "x"},
                spec.axes[p.x].shifts());
  write_dataset(g, {"y_shift", {ny}, "shift of " + names[p.y] + " from the center", "y"},
                spec.axes[p.y].shifts());
  const auto grid = [&](const std::string& n, const std::string& d) {
    return DatasetSpec{n, {ny, nx}, d, "y,x", 1, R};
  };
  create_dataset(g, grid("loss", "full-batch (nonrandomized) loss"), kNaN);
  create_dataset(g, grid("misclassified", "truth-table cases with |y-hat - y| >= 0.5 (0..4)"),
                 std::uint8_t{255});
  if (is_random(spec)) {
    create_dataset(g, grid("loss_scan", "loss of one random-batch scan (scan 0)"), kNaN);
    create_dataset(g, grid("loss_mean", "mean random-batch loss over the S scans"), kNaN);
    create_dataset(
        g, grid("loss_std", "sample standard deviation over the S scans (NaN for S = 1)"), kNaN);
  }
  create_dataset(g, {"block_min_loss", {B}, "minimum loss of the block of rows", "block", 1}, kNaN);
  create_dataset(g, {"block_argmin", {B}, "row-major grid index of that minimum", "block", 1},
                 std::int64_t{-1});
  create_dataset(g,
                 {"block_level_counts",
                  {B, L},
                  "points of the block within level_tolerance of each level",
                  "block,level",
                  1},
                 std::int64_t{0});
  if (is_random(spec)) {
    const hsize_t C = landscape::scan_checkpoints(spec.scans).size();
    create_dataset(g,
                   {"block_mean_error_max",
                    {B, C},
                    "max |mean of s scans - full batch| over the block",
                    "block,checkpoint",
                    1},
                   kNaN);
    create_dataset(g,
                   {"block_mean_error_sumsq",
                    {B, C},
                    "sum over the block of (mean of s scans - full batch)^2",
                    "block,checkpoint",
                    1},
                   kNaN);
  }
}

void create_paths_group(H5::Group& parent, const LandscapeSpec& spec, std::uint64_t task_offset) {
  H5::Group g = parent.createGroup("paths");
  write_attr(g, "task_offset", static_cast<std::int64_t>(task_offset));
  write_attr(g, "epochs", static_cast<std::int64_t>(spec.path.epochs));
  write_attr(g, "stop_loss", spec.path.stop_loss);
  write_attr(g, "well_loss", spec.path.well_loss);
  write_attr(g, "record_distance", spec.path.record_distance);
  write_attr(g, "points_per_decade", std::int64_t{spec.path.points_per_decade});
  const hsize_t N = spec.paths.size(), M = static_cast<hsize_t>(spec.path.max_points);
  std::vector<std::int64_t> pair;
  std::vector<double> dx, dy, eta;
  for (const auto& s : spec.paths) {
    pair.push_back(s.pair);
    dx.push_back(s.dx);
    dy.push_back(s.dy);
    eta.push_back(s.learning_rate);
  }
  write_dataset(g, {"pair", {N}, "index into /landscape/pair_names", "path"}, pair);
  write_dataset(g, {"start_dx", {N}, "start shift of the pair's x parameter", "path"}, dx);
  write_dataset(g, {"start_dy", {N}, "start shift of the pair's y parameter", "path"}, dy);
  write_dataset(g, {"learning_rate", {N}, "steepest-descent step eta", "path"}, eta);
  create_dataset(g, {"n_points", {N}, "recorded points of the path", "path", 1}, std::int64_t{0});
  create_dataset(g, {"epoch", {N, M}, "epoch of each recorded point", "path,point", 1},
                 std::uint64_t{0});
  create_dataset(
      g, {"dx", {N, M}, "shift of x from the center (NaN past n_points)", "path,point", 1}, kNaN);
  create_dataset(
      g, {"dy", {N, M}, "shift of y from the center (NaN past n_points)", "path,point", 1}, kNaN);
  create_dataset(g, {"loss", {N, M}, "full-batch loss (NaN past n_points)", "path,point", 1}, kNaN);
  create_dataset(g, {"start_loss", {N}, "loss at the start point", "path", 1}, kNaN);
  create_dataset(g, {"final_loss", {N}, "loss at the end", "path", 1}, kNaN);
  create_dataset(g, {"epochs_run", {N}, "epochs until the stop", "path", 1}, std::uint64_t{0});
  create_dataset(g, {"reached_well", {N}, "1 if the final loss is below well_loss", "path", 1},
                 std::uint8_t{0});
  create_dataset(g, {"diverged", {N}, "1 if the loss became NaN or infinite", "path", 1},
                 std::uint8_t{0});
  create_dataset(g, {"truncated", {N}, "1 if points were dropped for lack of capacity", "path", 1},
                 std::uint8_t{0});
}

}  // namespace

std::string pair_group_name(const std::vector<std::string>& names, landscape::ParameterPair p) {
  return names[p.x] + "__" + names[p.y];
}

LandscapeFile::LandscapeFile(H5::H5File file, const LandscapeSpec& spec)
    : file_(std::move(file)), spec_(&spec) {
  const auto names = model::param_names(spec.network);
  for (const auto& p : spec.pairs) pair_groups_.push_back(pair_group_name(names, p));
}

LandscapeFile LandscapeFile::create(const std::string& path, const LandscapeSpec& spec,
                                    const Provenance& prov) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, spec.network, {spec.network.n_hidden});
  H5::Group g = f.createGroup("/landscape");
  write_run_description(g, spec);
  create_dataset(g,
                 {"task_done",
                  {landscape::task_count(spec)},
                  "1 where the task (block of rows of a pair, or a path) is written",
                  "task",
                  1},
                 std::uint8_t{0});
  H5::Group pairs = g.createGroup("pairs");
  const auto offsets = landscape::pair_task_offsets(spec);
  const auto names = model::param_names(spec.network);
  for (std::size_t p = 0; p < spec.pairs.size(); ++p)
    create_pair_group(pairs, spec, static_cast<int>(p), offsets[p],
                      pair_group_name(names, spec.pairs[p]));
  create_paths_group(g, spec, offsets.back());
  f.flush(H5F_SCOPE_GLOBAL);
  return LandscapeFile(std::move(f), spec);
}

LandscapeFile LandscapeFile::open(const std::string& path, const LandscapeSpec& spec) {
  return LandscapeFile(H5::H5File(path, H5F_ACC_RDWR), spec);
}

std::string LandscapeFile::config_hash() const {
  return read_string_attr(file_.openGroup("/"), "config_hash");
}

std::string LandscapeFile::shard() const {
  return read_string_attr(file_.openGroup("/"), "shard");
}

std::vector<std::uint8_t> LandscapeFile::done_mask() const {
  return read_all<std::uint8_t>(file_.openDataSet("/landscape/task_done"));
}

H5::Group LandscapeFile::pair_group(int pair) const {
  return file_.openGroup("/landscape/pairs/" + pair_groups_[pair]);
}

void LandscapeFile::write(const landscape::SweepResult& r) {
  H5::Group g = pair_group(r.pair);
  const std::uint64_t block = static_cast<std::uint64_t>(r.first_row / spec_->rows_per_task);
  const auto put = [&](const char* name, const auto* data) {
    H5::DataSet ds = g.openDataSet(name);
    write_task_slab(ds, 1, block, data);
  };
  put("loss", r.loss.data());
  put("misclassified", r.wrong.data());
  put("block_min_loss", &r.min_loss);
  put("block_argmin", &r.argmin);
  put("block_level_counts", r.level_counts.data());
  if (is_random(*spec_)) {
    put("loss_scan", r.loss_scan.data());
    put("loss_mean", r.loss_mean.data());
    put("loss_std", r.loss_std.data());
    put("block_mean_error_max", r.mean_error_max.data());
    put("block_mean_error_sumsq", r.mean_error_sumsq.data());
  }
  H5::DataSet done = file_.openDataSet("/landscape/task_done");
  const std::uint8_t one = 1;
  write_task_slab(done, 1, r.task, &one);
}

void LandscapeFile::write(const landscape::PathResult& r) {
  H5::Group g = file_.openGroup("/landscape/paths");
  const auto& d = r.descent;
  const std::size_t M = static_cast<std::size_t>(spec_->path.max_points), n = d.epoch.size();
  const auto padded = [&](const std::vector<double>& v) {
    std::vector<double> out(M, kNaN);
    std::copy(v.begin(), v.end(), out.begin());
    return out;
  };
  std::vector<std::uint64_t> epoch(M, 0);
  std::copy(d.epoch.begin(), d.epoch.end(), epoch.begin());
  const auto put = [&](const char* name, const auto* data) {
    H5::DataSet ds = g.openDataSet(name);
    write_task_slab(ds, 1, static_cast<std::uint64_t>(r.path), data);
  };
  const std::int64_t points = static_cast<std::int64_t>(n);
  const std::uint8_t well = d.reached_well, diverged = d.diverged, truncated = d.truncated;
  put("n_points", &points);
  put("epoch", epoch.data());
  put("dx", padded(d.dx).data());
  put("dy", padded(d.dy).data());
  put("loss", padded(d.loss).data());
  put("start_loss", &r.start_loss);
  put("final_loss", &d.final_loss);
  put("epochs_run", &d.epochs_run);
  put("reached_well", &well);
  put("diverged", &diverged);
  put("truncated", &truncated);
  H5::DataSet done = file_.openDataSet("/landscape/task_done");
  const std::uint8_t one = 1;
  write_task_slab(done, 1, r.task, &one);
}

void LandscapeFile::flush() {
  file_.flush(H5F_SCOPE_GLOBAL);
}

void LandscapeFile::close() {
  file_.close();
}

namespace {

// Per-pair reductions of the block summaries, in block order (deterministic).
struct PairSummary {
  double min_loss = kNaN, min_dx = kNaN, min_dy = kNaN;
  std::vector<double> fractions, error_max, error_rms;
};

PairSummary summarize_pair(const H5::Group& g, std::size_t levels) {
  PairSummary s;
  const auto x = read_all<double>(g.openDataSet("x_shift"));
  const auto y = read_all<double>(g.openDataSet("y_shift"));
  const auto mins = read_all<double>(g.openDataSet("block_min_loss"));
  const auto argmins = read_all<std::int64_t>(g.openDataSet("block_argmin"));
  const auto counts = read_all<std::int64_t>(g.openDataSet("block_level_counts"));
  const double points = static_cast<double>(x.size() * y.size());
  std::int64_t best = -1;
  for (std::size_t b = 0; b < mins.size(); ++b)
    if (argmins[b] >= 0 && (best < 0 || mins[b] < s.min_loss)) {
      s.min_loss = mins[b];
      best = argmins[b];
    }
  if (best >= 0) {
    s.min_dx = x[static_cast<std::size_t>(best) % x.size()];
    s.min_dy = y[static_cast<std::size_t>(best) / x.size()];
  }
  s.fractions.assign(levels, 0.0);
  for (std::size_t b = 0; b < mins.size(); ++b)
    for (std::size_t l = 0; l < levels; ++l) s.fractions[l] += counts[b * levels + l];
  for (auto& f : s.fractions) f /= points;
  if (!g.nameExists("block_mean_error_max")) return s;
  const auto emax = read_all<double>(g.openDataSet("block_mean_error_max"));
  const auto esq = read_all<double>(g.openDataSet("block_mean_error_sumsq"));
  const std::size_t C = emax.size() / mins.size();
  s.error_max.assign(C, 0.0);
  s.error_rms.assign(C, 0.0);
  for (std::size_t b = 0; b < mins.size(); ++b)
    for (std::size_t c = 0; c < C; ++c) {
      s.error_max[c] = std::max(s.error_max[c], emax[b * C + c]);
      s.error_rms[c] += esq[b * C + c];
    }
  for (auto& e : s.error_rms) e = std::sqrt(e / points);
  return s;
}

}  // namespace

bool finalize_landscape(const std::string& path) {
  H5::H5File f(path, H5F_ACC_RDWR);
  H5::Group g = f.openGroup("/landscape");
  const auto done = read_all<std::uint8_t>(g.openDataSet("task_done"));
  if (std::find(done.begin(), done.end(), std::uint8_t{0}) != done.end()) return false;
  const auto names = read_strings(g.openDataSet("pair_names"));
  const std::size_t L = read_all<double>(g.openDataSet("levels")).size();
  std::vector<double> min_loss, min_dx, min_dy, fractions, emax, erms;
  hsize_t C = 0;
  for (const auto& name : names) {
    const PairSummary s = summarize_pair(g.openGroup("pairs/" + name), L);
    min_loss.push_back(s.min_loss);
    min_dx.push_back(s.min_dx);
    min_dy.push_back(s.min_dy);
    fractions.insert(fractions.end(), s.fractions.begin(), s.fractions.end());
    emax.insert(emax.end(), s.error_max.begin(), s.error_max.end());
    erms.insert(erms.end(), s.error_rms.begin(), s.error_rms.end());
    C = s.error_max.size();
  }
  if (g.nameExists("summary")) g.unlink("summary");
  H5::Group s = g.createGroup("summary");
  const hsize_t N = names.size();
  write_dataset(s, {"min_loss", {N}, "minimum full-batch loss on the grid", "pair"}, min_loss);
  write_dataset(s, {"min_dx", {N}, "x shift of that minimum (first in row-major order)", "pair"},
                min_dx);
  write_dataset(s, {"min_dy", {N}, "y shift of that minimum", "pair"}, min_dy);
  write_dataset(s,
                {"level_area_fraction",
                 {N, L},
                 "fraction of grid points with |loss - level| <= level_tolerance",
                 "pair,level"},
                fractions);
  if (C > 0) {
    write_dataset(s,
                  {"mean_error_max",
                   {N, C},
                   "max over the grid of |mean of s random-batch scans - full-batch loss|",
                   "pair,checkpoint"},
                  emax);
    write_dataset(s,
                  {"mean_error_rms",
                   {N, C},
                   "RMS over the grid of (mean of s scans - full-batch loss)",
                   "pair,checkpoint"},
                  erms);
  }
  f.close();
  return true;
}

}  // namespace xorscape::io
