#include "xorscape/io/dos_file.hpp"

#include <algorithm>
#include <limits>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/microcanonical_file.hpp"
#include "xorscape/io/network_group.hpp"

namespace xorscape::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using dos::DosSpec;

std::string group_name(int n_hidden) {
  return "/dos/nh_" + std::to_string(n_hidden);
}

void create_group(H5::H5File& f, const DosSpec& spec, int group) {
  const int nh = spec.hidden_sizes[group];
  H5::Group g = f.createGroup(group_name(nh));
  write_attr(g, "n_h", std::int64_t{nh});
  write_attr(g, "task_offset", static_cast<std::int64_t>(group) * spec.runs);
  const auto m = dos::measure_of_group(spec, group);
  write_attr(g, "log_mass", m.log_mass());
  const hsize_t R = spec.runs, B = spec.edges.size() - 1;
  create_dataset(g,
                 {"ln_g",
                  {R, B},
                  "ln G per bin of each run, normalized so that sum G = the measure's mass (NaN: "
                  "bin never reached)",
                  "run,bin",
                  1},
                 kNaN);
  if (spec.method == dos::Method::simple) {
    create_dataset(g, {"counts", {R, B}, "samples per bin", "run,bin", 1}, std::uint64_t{0});
    create_dataset(g, {"outside", {R, 2}, "samples below and above the window", "run,side", 1},
                   std::uint64_t{0});
  } else {
    create_dataset(g, {"ln_g_wl", {R, B}, "ln G after the Wang-Landau stages", "run,bin", 1}, kNaN);
    create_dataset(g,
                   {"histogram",
                    {R, B},
                    "visits per bin in the production run (multicanonical) or the last "
                    "Wang-Landau stage",
                    "run,bin",
                    1},
                   std::uint64_t{0});
    create_dataset(g,
                   {"acceptance",
                    {R, 4},
                    "acceptance rate per stage: tune, flat (plain Wang-Landau), 1/t, production",
                    "run,stage",
                    1},
                   kNaN);
    create_dataset(g, {"proposals", {R, 4}, "proposals per stage", "run,stage", 1},
                   std::uint64_t{0});
    const auto per_run = [&](const char* name, const char* what, auto fill) {
      create_dataset(g, {name, {R}, what, "run", 1}, fill);
    };
    per_run("step_scale", "tuned proposal width / B_k (box) or s (gaussian)", kNaN);
    per_run("flat_iterations", "halvings of ln f in the plain Wang-Landau stage", std::int64_t{0});
    per_run("ln_f_reached", "final ln f", kNaN);
    per_run("round_trips", "lowest -> highest -> lowest visited bin in production",
            std::uint64_t{0});
    per_run("bins_never_reached", "bins of the window the walker never visited", std::int64_t{0});
  }
  const auto per_run_loss = [&](const char* name, const char* what) {
    create_dataset(g, {name, {R}, what, "run", 1}, kNaN);
  };
  per_run_loss("min_loss", "lowest loss ever visited (sampled)");
  per_run_loss("max_loss", "highest loss ever visited (sampled)");
}

}  // namespace

DosFile::DosFile(H5::H5File file, const DosSpec& spec) : file_(std::move(file)), spec_(&spec) {}

DosFile DosFile::create(const std::string& path, const DosSpec& spec, const Provenance& prov) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, spec.network, spec.hidden_sizes);
  H5::Group d = f.createGroup("/dos");
  write_attr(d, "method", std::string(to_string(spec.method)));
  write_attr(d, "measure",
             std::string(spec.measure.kind == dos::MeasureKind::box ? "box" : "gaussian"));
  write_attr(d, "box_half_width",
             spec.measure.half_width.empty() ? kNaN : spec.measure.half_width.front());
  write_attr(d, "gaussian_sigma", spec.measure.sigma);
  write_attr(d, "runs", std::int64_t{spec.runs});
  write_analysis_settings(d, spec.analysis);
  const hsize_t B = spec.edges.size() - 1;
  write_dataset(d,
                {"edges", {B + 1}, "bin edges of the loss L; the window is [first, last)", "edge"},
                spec.edges);
  std::vector<double> centers(B);
  for (hsize_t i = 0; i < B; ++i) centers[i] = 0.5 * (spec.edges[i] + spec.edges[i + 1]);
  write_dataset(d, {"bin_center", {B}, "midpoint of each bin", "bin"}, centers);
  create_dataset(d,
                 {"task_done",
                  {dos::task_count(spec)},
                  "1 where the task (group * runs + run) is written",
                  "task",
                  1},
                 std::uint8_t{0});
  for (std::size_t g = 0; g < spec.hidden_sizes.size(); ++g)
    create_group(f, spec, static_cast<int>(g));
  f.flush(H5F_SCOPE_GLOBAL);
  return DosFile(std::move(f), spec);
}

DosFile DosFile::open(const std::string& path, const DosSpec& spec) {
  return DosFile(H5::H5File(path, H5F_ACC_RDWR), spec);
}
std::string DosFile::config_hash() const {
  return read_string_attr(file_.openGroup("/"), "config_hash");
}
std::string DosFile::shard() const {
  return read_string_attr(file_.openGroup("/"), "shard");
}
std::vector<std::uint8_t> DosFile::done_mask() const {
  return read_all<std::uint8_t>(file_.openDataSet("/dos/task_done"));
}

void DosFile::write(const dos::DosTaskResult& r) {
  const int group = static_cast<int>(r.task / spec_->runs);
  const std::uint64_t run = r.task % spec_->runs;
  H5::Group g = file_.openGroup(group_name(spec_->hidden_sizes[group]));
  const auto put = [&](const char* name, const auto* data) {
    H5::DataSet ds = g.openDataSet(name);
    write_task_slab(ds, 1, run, data);
  };
  put("ln_g", r.ln_g.data());
  if (spec_->method == dos::Method::simple) {
    put("counts", r.samples.counts.data());
    const std::uint64_t outside[2] = {r.samples.below, r.samples.above};
    put("outside", outside);
    put("min_loss", &r.samples.min_loss);
    put("max_loss", &r.samples.max_loss);
  } else {
    const auto& w = r.walker;
    put("ln_g_wl", w.ln_g_wl.data());
    put("histogram", w.histogram.data());
    const double acc[4] = {w.tune.acceptance(), w.flat.acceptance(), w.one_over_t.acceptance(),
                           w.production.acceptance()};
    const std::uint64_t n[4] = {w.tune.proposals, w.flat.proposals, w.one_over_t.proposals,
                                w.production.proposals};
    put("acceptance", acc);
    put("proposals", n);
    put("step_scale", &w.step_scale);
    const std::int64_t flat = w.flat_iterations, never = w.bins_never_reached;
    put("flat_iterations", &flat);
    put("ln_f_reached", &w.ln_f_reached);
    put("round_trips", &w.round_trips);
    put("bins_never_reached", &never);
    put("min_loss", &w.min_loss);
    put("max_loss", &w.max_loss);
  }
  H5::DataSet done = file_.openDataSet("/dos/task_done");
  const std::uint8_t one = 1;
  write_task_slab(done, 1, r.task, &one);
}

void DosFile::flush() {
  file_.flush(H5F_SCOPE_GLOBAL);
}
void DosFile::close() {
  file_.close();
}

std::optional<std::vector<NhAnalysis>> finalize_dos(const std::string& path) {
  H5::H5File f(path, H5F_ACC_RDWR);
  H5::Group d = f.openGroup("/dos");
  const auto done = read_all<std::uint8_t>(d.openDataSet("task_done"));
  if (std::find(done.begin(), done.end(), std::uint8_t{0}) != done.end()) return std::nullopt;
  const auto settings = read_analysis_settings(d);
  const auto edges = read_all<double>(d.openDataSet("edges"));
  std::vector<NhAnalysis> analyses;
  for (hsize_t i = 0; i < d.getNumObjs(); ++i) {
    const std::string name = d.getObjnameByIdx(i);
    if (name.rfind("nh_", 0) != 0) continue;
    H5::Group g = d.openGroup(name);
    const H5::DataSet ds = g.openDataSet("ln_g");
    const auto dims = dims_of(ds);
    const auto all = read_all<double>(ds);
    std::vector<std::vector<double>> runs(dims[0]);
    for (hsize_t r = 0; r < dims[0]; ++r)
      runs[r].assign(all.begin() + r * dims[1], all.begin() + (r + 1) * dims[1]);
    const auto s = dos::combine_runs(runs);
    if (g.nameExists("summary")) g.unlink("summary");
    H5::Group out = g.createGroup("summary");
    write_dataset(out, {"ln_g_mean", {dims[1]}, "S(L) = ln g: mean of ln G over the runs", "bin"},
                  s.mean);
    write_dataset(out, {"ln_g_std", {dims[1]}, "standard deviation of ln G over the runs", "bin"},
                  s.std);
    write_dataset(out,
                  {"ln_g_stderr",
                   {dims[1]},
                   "standard error of ln_g_mean (= its jackknife error over runs)",
                   "bin"},
                  s.stderr_mean);
    std::vector<std::int64_t> n(s.runs.begin(), s.runs.end());
    write_dataset(out, {"runs_reached", {dims[1]}, "runs that reached the bin", "bin"}, n);
    NhAnalysis a{static_cast<int>(read_int_attr(g, "n_h")),
                 dos::analyze_entropy(edges, all, dims[0], settings)};
    write_microcanonical(g, a.report, settings);
    analyses.push_back(std::move(a));
  }
  f.close();
  return analyses;
}

}  // namespace xorscape::io
