#include "xorscape/io/lr_scan_file.hpp"

#include <algorithm>
#include <limits>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/network_group.hpp"
#include "xorscape/train/outcome_statistics.hpp"

namespace xorscape::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint8_t kNotRun = 255;
using train::LrScanSpec;

void create_datasets(H5::Group& g, const LrScanSpec& spec) {
  const hsize_t P = train::point_count(spec), K = spec.replicas;
  const int rounds = train::bisection_rounds(spec);
  std::vector<std::int64_t> side(P, -1), round(P, -1);
  for (int r = 0; r < rounds; ++r)
    for (auto s : {train::EdgeSide::lower, train::EdgeSide::upper}) {
      const auto p = train::bisection_point(spec, r, s);
      side[p] = static_cast<std::int64_t>(s);
      round[p] = r;
    }
  write_dataset(
      g, {"stage", {P}, "-1: sweep point; 0: lower-edge bisection; 1: upper-edge", "point"}, side);
  write_dataset(g, {"round", {P}, "bisection round of the point (-1 for the sweep)", "point"},
                round);
  create_dataset(
      g, {"eta", {P}, "learning rate of the point (NaN: not run or not needed)", "point", 1}, kNaN);
  const std::string pk = "point,replica";
  create_dataset(g,
                 {"outcome",
                  {P, K},
                  "0 converged, 1 diverged (NaN/inf or overflow), 2 neither within the "
                  "budget (stuck or still descending), 255 not run",
                  pk,
                  2},
                 kNotRun);
  create_dataset(g,
                 {"convergence_epoch",
                  {P, K},
                  "first epoch with full-batch loss < threshold; -1 if never",
                  pk,
                  2},
                 std::int64_t{-1});
  create_dataset(g, {"divergence_epoch", {P, K}, "epoch of divergence; -1 if none", pk, 2},
                 std::int64_t{-1});
  create_dataset(g,
                 {"final_loss",
                  {P, K},
                  "full-batch loss where the trajectory stopped (NaN if diverged)",
                  pk,
                  2},
                 kNaN);
  create_dataset(g, {"epochs_run", {P, K}, "last epoch evaluated", pk, 2}, std::uint64_t{0});
  create_dataset(
      g, {"task_done", {P * K}, "1 where the task (point * K + replica) is written", "task", 1},
      std::uint8_t{0});
}

}  // namespace

LrScanFile::LrScanFile(H5::H5File file, const LrScanSpec& spec)
    : file_(std::move(file)), spec_(&spec) {}

LrScanFile LrScanFile::create(const std::string& path, const LrScanSpec& spec,
                              const Provenance& prov) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, spec.base.network, {spec.base.network.n_hidden});
  H5::Group g = f.createGroup("/lr_scan");
  write_attr(g, "optimizer", std::string(to_string(spec.base.optimizer)));
  write_attr(g, "batch", std::string(to_string(spec.base.batch)));
  write_attr(g, "init_scheme", std::string(to_string(spec.base.init.scheme)));
  write_attr(g, "init_scale", spec.base.init.scale);
  write_attr(g, "epochs", static_cast<std::int64_t>(spec.base.epochs));
  write_attr(g, "threshold", spec.base.threshold);
  write_attr(g, "replicas", std::int64_t{spec.replicas});
  write_attr(g, "converge_fraction", spec.converge_fraction);
  write_attr(g, "precision", spec.precision);
  write_attr(g, "rounds", std::int64_t{train::bisection_rounds(spec)});
  write_attr(g, "n_h", std::int64_t{spec.base.network.n_hidden});
  create_datasets(g, spec);
  f.flush(H5F_SCOPE_GLOBAL);
  LrScanFile file(std::move(f), spec);
  for (std::size_t i = 0; i < spec.sweep.size(); ++i) file.write_eta(i, spec.sweep[i]);
  return file;
}

LrScanFile LrScanFile::open(const std::string& path, const LrScanSpec& spec) {
  return LrScanFile(H5::H5File(path, H5F_ACC_RDWR), spec);
}

std::string LrScanFile::config_hash() const {
  return read_string_attr(file_.openGroup("/"), "config_hash");
}
std::string LrScanFile::shard() const {
  return read_string_attr(file_.openGroup("/"), "shard");
}
std::vector<std::uint8_t> LrScanFile::done_mask() const {
  return read_all<std::uint8_t>(file_.openDataSet("/lr_scan/task_done"));
}
std::vector<double> LrScanFile::etas() const {
  return read_all<double>(file_.openDataSet("/lr_scan/eta"));
}

std::vector<int> LrScanFile::converged_counts() const {
  const auto done = done_mask();
  const auto outcome = read_all<std::uint8_t>(file_.openDataSet("/lr_scan/outcome"));
  const std::size_t K = spec_->replicas;
  std::vector<int> counts(train::point_count(*spec_), 0);
  for (std::size_t p = 0; p < counts.size(); ++p)
    for (std::size_t k = 0; k < K; ++k) {
      if (!done[p * K + k] || outcome[p * K + k] == kNotRun) {
        counts[p] = -1;
        break;
      }
      counts[p] += outcome[p * K + k] == static_cast<std::uint8_t>(train::Outcome::converged);
    }
  return counts;
}

void LrScanFile::write_eta(std::uint64_t point, double eta) {
  H5::DataSet ds = file_.openDataSet("/lr_scan/eta");
  write_task_slab(ds, 1, point, &eta);
}

void LrScanFile::write(std::uint64_t point, int first,
                       const std::vector<train::TrajectoryResult>& results) {
  H5::Group g = file_.openGroup("/lr_scan");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    const std::uint64_t task = point * spec_->replicas + first + i;
    const auto put = [&](const char* name, const auto* data) {
      H5::DataSet ds = g.openDataSet(name);
      write_task_slab(ds, 2, task, data);
    };
    const auto outcome = static_cast<std::uint8_t>(train::outcome_of(r));
    put("outcome", &outcome);
    put("convergence_epoch", &r.convergence_epoch);
    put("divergence_epoch", &r.divergence_epoch);
    put("final_loss", &r.final_loss_full);
    put("epochs_run", &r.epochs_run);
    H5::DataSet done = g.openDataSet("task_done");
    const std::uint8_t one = 1;
    write_task_slab(done, 1, task, &one);
  }
}

void LrScanFile::mark_skipped(std::uint64_t point) {
  H5::DataSet done = file_.openDataSet("/lr_scan/task_done");
  const std::uint8_t one = 1;
  for (int k = 0; k < spec_->replicas; ++k)
    write_task_slab(done, 1, point * spec_->replicas + k, &one);
}

void LrScanFile::finalize(const std::vector<train::EdgeBracket>& edges) {
  H5::Group g = file_.openGroup("/lr_scan");
  const auto conv = read_all<std::int64_t>(g.openDataSet("convergence_epoch"));
  const auto outcome = read_all<std::uint8_t>(g.openDataSet("outcome"));
  const auto final_loss = read_all<double>(g.openDataSet("final_loss"));
  const hsize_t P = train::point_count(*spec_), K = spec_->replicas;
  std::vector<double> cf, df, bf, q25, med, q75, loss_med;
  std::vector<std::uint8_t> pass;
  for (hsize_t p = 0; p < P; ++p) {
    std::vector<std::uint8_t> diverged(K);
    std::vector<double> stuck_loss;
    std::size_t budget = 0, run = 0;
    for (hsize_t k = 0; k < K; ++k) {
      const auto o = outcome[p * K + k];
      diverged[k] = o == static_cast<std::uint8_t>(train::Outcome::diverged);
      budget += o == static_cast<std::uint8_t>(train::Outcome::budget);
      run += o != kNotRun;
      if (o == static_cast<std::uint8_t>(train::Outcome::budget))
        stuck_loss.push_back(final_loss[p * K + k]);
    }
    const auto s = train::summarize_outcomes(std::span(conv).subspan(p * K, K), diverged);
    const bool ran = run == K;
    cf.push_back(ran ? s.converged_fraction : kNaN);
    df.push_back(ran ? s.diverged_fraction : kNaN);
    bf.push_back(ran ? static_cast<double>(budget) / static_cast<double>(K) : kNaN);
    q25.push_back(s.epoch_q25);
    med.push_back(s.epoch_median);
    q75.push_back(s.epoch_q75);
    loss_med.push_back(train::quantile(stuck_loss, 0.5));
    pass.push_back(ran && train::converges(*spec_, static_cast<int>(s.converged)) ? 1 : 0);
  }
  if (g.nameExists("summary")) g.unlink("summary");
  H5::Group s = g.createGroup("summary");
  const auto put = [&](const char* name, const char* what, const auto& v) {
    write_dataset(s, {name, {P}, what, "point"}, v);
  };
  put("converged_fraction", "fraction of the K replicas that converged (NaN: point not run)", cf);
  put("diverged_fraction", "fraction that diverged", df);
  put("budget_fraction", "fraction that neither converged nor diverged within the budget", bf);
  put("convergence_epoch_q25", "25 % quantile of the convergence epochs of converged replicas",
      q25);
  put("convergence_epoch_median", "median convergence epoch of converged replicas", med);
  put("convergence_epoch_q75", "75 % quantile of the convergence epochs", q75);
  put("budget_loss_median",
      "median final full-batch loss of the replicas that ran out of budget (where they stuck)",
      loss_med);
  put("converges", "1 if at least converge_fraction of the replicas converged", pass);
  std::vector<double> estimate, bracket;
  std::vector<std::uint8_t> found;
  for (const auto& e : edges) {
    estimate.push_back(e.estimate());
    bracket.push_back(e.found ? e.lo : kNaN);
    bracket.push_back(e.found ? e.hi : kNaN);
    found.push_back(e.found ? 1 : 0);
  }
  write_strings(s, {"edge_names", {2}, "the two edges of the converging interval", "edge"},
                {"lower", "upper"});
  write_dataset(s,
                {"edge_eta",
                 {2},
                 "edge estimate: geometric midpoint of the final bracket (NaN: "
                 "not inside the sweep)",
                 "edge"},
                estimate);
  write_dataset(s,
                {"edge_bracket",
                 {2, 2},
                 "final bracket [lo, hi] of each edge (lower: lo fails, hi converges; upper: lo "
                 "converges, hi fails)",
                 "edge,bound"},
                bracket);
  write_dataset(s, {"edge_found", {2}, "1 if the sweep bracketed the edge", "edge"}, found);
}

void LrScanFile::flush() {
  file_.flush(H5F_SCOPE_GLOBAL);
}
void LrScanFile::close() {
  file_.close();
}

}  // namespace xorscape::io
