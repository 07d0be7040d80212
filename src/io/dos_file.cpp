#include "xorscape/io/dos_file.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

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
  // First: a file cut short in between then has neither (the task runs again), never both.
  remove_checkpoint(r.task);
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

namespace {

const std::string kCheckpoints = "/dos/checkpoints";

std::string checkpoint_name(std::uint64_t task) {
  return kCheckpoints + "/task_" + std::to_string(task);
}

// Counters are uint64 in memory; int64 attributes keep their bits (the casts are exact).
void write_count(H5::Group& g, const char* name, std::uint64_t v) {
  write_attr(g, name, static_cast<std::int64_t>(v));
}
std::uint64_t read_count(const H5::Group& g, const char* name) {
  return static_cast<std::uint64_t>(read_int_attr(g, name));
}

}  // namespace

void DosFile::write_checkpoint(std::uint64_t task, const dos::WalkerState& s) {
  if (!file_.nameExists(kCheckpoints)) file_.createGroup(kCheckpoints);
  const std::string name = checkpoint_name(task);
  if (file_.nameExists(name)) file_.unlink(name);
  H5::Group g = file_.createGroup(name);
  const hsize_t B = s.ln_g.size();
  write_dataset(g, {"ln_g", {B}, "running ln G of the walker (not normalized)", "bin"}, s.ln_g);
  write_dataset(g, {"histogram", {B}, "visits per bin in the current stage", "bin"}, s.h);
  write_dataset(g, {"visited", {B}, "1 where the walker has been", "bin"}, s.visited);
  write_dataset(g,
                {"ln_g_wl",
                 {s.result.ln_g_wl.size()},
                 "production: ln G after the Wang-Landau stages, normalized (empty before)",
                 "bin"},
                s.result.ln_g_wl);
  write_dataset(g, {"position", {s.position.size()}, "the walker's parameter vector", "param"},
                s.position);
  const dos::StageCount* stages[4] = {&s.result.tune, &s.result.flat, &s.result.one_over_t,
                                      &s.result.production};
  std::vector<std::uint64_t> proposals, accepted;
  for (const auto* c : stages) {
    proposals.push_back(c->proposals);
    accepted.push_back(c->accepted);
  }
  write_dataset(g, {"proposals", {4}, "proposals so far: tune, flat, 1/t, production", "stage"},
                proposals);
  write_dataset(g, {"accepted", {4}, "accepted proposals so far, per stage", "stage"}, accepted);
  const std::vector<std::uint64_t> buffer(s.rng.buffer.begin(), s.rng.buffer.end());
  write_dataset(
      g, {"rng_buffer", {4}, "the proposal stream's current block (32-bit words)", "word"}, buffer);
  write_attr(g, "stage", static_cast<std::int64_t>(s.stage));
  write_count(g, "steps", s.steps);
  write_count(g, "stage_steps", s.stage_steps);
  write_count(g, "chunk_accepted", s.chunk_accepted);
  write_attr(g, "lowest", std::int64_t{s.lowest});
  write_attr(g, "highest", std::int64_t{s.highest});
  write_attr(g, "last_end", std::int64_t{s.last_end});
  write_count(g, "half_trips", s.half_trips);
  write_attr(g, "bin", std::int64_t{s.bin});
  write_attr(g, "ln_f", s.ln_f);
  write_attr(g, "scale", s.scale);
  write_attr(g, "min_loss", s.min_loss);
  write_attr(g, "max_loss", s.max_loss);
  write_attr(g, "flat_iterations", std::int64_t{s.result.flat_iterations});
  write_count(g, "rng_counter", s.rng.counter);
  write_attr(g, "rng_used", std::int64_t{s.rng.used});
  write_attr(g, "rng_spare_normal", s.rng.spare_normal);
  write_attr(g, "rng_has_spare", std::int64_t{s.rng.has_spare});
  // Last: a checkpoint without it was cut short and is ignored.
  write_attr(g, "complete", std::int64_t{1});
}

std::optional<dos::WalkerState> DosFile::read_checkpoint(std::uint64_t task) const {
  const std::string name = checkpoint_name(task);
  if (!file_.nameExists(kCheckpoints) || !file_.nameExists(name)) return std::nullopt;
  const H5::Group g = file_.openGroup(name);
  if (!has_attr(g, "complete")) return std::nullopt;
  dos::WalkerState s;
  s.ln_g = read_all<double>(g.openDataSet("ln_g"));
  s.h = read_all<std::uint64_t>(g.openDataSet("histogram"));
  s.visited = read_all<std::uint8_t>(g.openDataSet("visited"));
  s.result.ln_g_wl = read_all<double>(g.openDataSet("ln_g_wl"));
  s.position = read_all<double>(g.openDataSet("position"));
  const auto proposals = read_all<std::uint64_t>(g.openDataSet("proposals"));
  const auto accepted = read_all<std::uint64_t>(g.openDataSet("accepted"));
  const auto buffer = read_all<std::uint64_t>(g.openDataSet("rng_buffer"));
  const std::int64_t stage = read_int_attr(g, "stage");
  const std::size_t B = spec_->edges.size() - 1;
  const int params =
      dos::network_of_group(*spec_, static_cast<int>(task / spec_->runs)).num_params();
  if (s.ln_g.size() != B || s.h.size() != B || s.visited.size() != B ||
      (!s.result.ln_g_wl.empty() && s.result.ln_g_wl.size() != B) ||
      s.position.size() != static_cast<std::size_t>(params) || proposals.size() != 4 ||
      accepted.size() != 4 || buffer.size() != 4 || stage < 0 ||
      stage > static_cast<std::int64_t>(dos::WalkerStage::done))
    throw std::runtime_error("dos: checkpoint " + name + " does not fit the configuration");
  dos::StageCount* stages[4] = {&s.result.tune, &s.result.flat, &s.result.one_over_t,
                                &s.result.production};
  for (int i = 0; i < 4; ++i) *stages[i] = {proposals[i], accepted[i]};
  for (int i = 0; i < 4; ++i) s.rng.buffer[i] = static_cast<std::uint32_t>(buffer[i]);
  s.stage = static_cast<dos::WalkerStage>(stage);
  s.steps = read_count(g, "steps");
  s.stage_steps = read_count(g, "stage_steps");
  s.chunk_accepted = read_count(g, "chunk_accepted");
  s.lowest = static_cast<int>(read_int_attr(g, "lowest"));
  s.highest = static_cast<int>(read_int_attr(g, "highest"));
  s.last_end = static_cast<int>(read_int_attr(g, "last_end"));
  s.half_trips = read_count(g, "half_trips");
  s.bin = static_cast<int>(read_int_attr(g, "bin"));
  s.ln_f = read_double_attr(g, "ln_f");
  s.scale = read_double_attr(g, "scale");
  s.min_loss = read_double_attr(g, "min_loss");
  s.max_loss = read_double_attr(g, "max_loss");
  s.result.flat_iterations = static_cast<int>(read_int_attr(g, "flat_iterations"));
  s.rng.counter = read_count(g, "rng_counter");
  s.rng.used = static_cast<std::int32_t>(read_int_attr(g, "rng_used"));
  s.rng.spare_normal = read_double_attr(g, "rng_spare_normal");
  s.rng.has_spare = read_int_attr(g, "rng_has_spare") != 0;
  return s;
}

void DosFile::remove_checkpoint(std::uint64_t task) {
  if (!file_.nameExists(kCheckpoints)) return;
  const std::string name = checkpoint_name(task);
  if (file_.nameExists(name)) file_.unlink(name);
  // A finished file keeps no trace of its checkpoints.
  if (file_.openGroup(kCheckpoints).getNumObjs() == 0) file_.unlink(kCheckpoints);
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
  // HDF5 lists nh_10 before nh_2.
  std::sort(analyses.begin(), analyses.end(),
            [](const NhAnalysis& a, const NhAnalysis& b) { return a.n_h < b.n_h; });
  return analyses;
}

}  // namespace xorscape::io
