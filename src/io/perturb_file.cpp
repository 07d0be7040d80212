#include "xorscape/io/perturb_file.hpp"

#include <algorithm>
#include <limits>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/network_group.hpp"
#include "xorscape/train/outcome_statistics.hpp"
#include "xorscape/train/plateau.hpp"

namespace xorscape::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using train::PerturbSpec;

void create_datasets(H5::Group& g, const PerturbSpec& spec) {
  const hsize_t N = spec.parameters.size(), D = spec.shifts.size(), R = spec.runs;
  const auto names = model::param_names(spec.base.network);
  std::vector<std::string> shifted;
  std::vector<std::int64_t> index;
  for (int p : spec.parameters) {
    shifted.push_back(names[p]);
    index.push_back(p);
  }
  write_strings(g, {"parameter_names", {N}, "names of the shifted parameters", "parameter"},
                shifted);
  write_dataset(g, {"parameter_index", {N}, "their index in the parameter vector", "parameter"},
                index);
  write_dataset(g, {"shift", {D}, "shift Delta added to the parameter's center value", "shift"},
                spec.shifts);
  write_dataset(
      g,
      {"center", {spec.center.size()}, "the center (optimum) every start is shifted from", "param"},
      spec.center);
  const std::string ps = "parameter,shift";
  create_dataset(g,
                 {"tau_conv",
                  {N, D},
                  "first epoch with the batch loss and the full-batch loss, each averaged over "
                  "the R runs, below threshold; -1 if not within the budget",
                  ps,
                  2},
                 std::int64_t{-1});
  create_dataset(g, {"start_loss", {N, D}, "full-batch loss of the shifted start", ps, 2}, kNaN);
  create_dataset(
      g, {"mean_batch_loss_at_tau", {N, D}, "batch loss averaged over the runs at tau_conv", ps, 2},
      kNaN);
  create_dataset(g,
                 {"mean_full_loss_at_tau",
                  {N, D},
                  "full-batch loss averaged over the runs at tau_conv",
                  ps,
                  2},
                 kNaN);
  const std::string psr = ps + ",run";
  create_dataset(g,
                 {"run_convergence_epoch",
                  {N, D, R},
                  "first epoch with the run's own full-batch loss below threshold; -1 if never",
                  psr,
                  2},
                 std::int64_t{-1});
  create_dataset(g, {"run_diverged", {N, D, R}, "1 if the run diverged", psr, 2}, std::uint8_t{0});
  create_dataset(g,
                 {"run_final_loss",
                  {N, D, R},
                  "full-batch loss where the run stopped (its convergence, or the budget)",
                  psr,
                  2},
                 kNaN);
  create_dataset(g,
                 {"task_done",
                  {N * D},
                  "1 where the task (parameter * n_shifts + shift) is written",
                  "task",
                  1},
                 std::uint8_t{0});
}

}  // namespace

PerturbFile::PerturbFile(H5::H5File file, const PerturbSpec& spec)
    : file_(std::move(file)), spec_(&spec) {}

PerturbFile PerturbFile::create(const std::string& path, const PerturbSpec& spec,
                                const PlateauTolerance& tolerance, const Provenance& prov) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, spec.base.network, {spec.base.network.n_hidden});
  H5::Group g = f.createGroup("/perturb");
  write_attr(g, "optimizer", std::string(to_string(spec.base.optimizer)));
  write_attr(g, "batch", std::string(to_string(spec.base.batch)));
  write_attr(g, "learning_rate", spec.learning_rate);
  write_attr(g, "epochs", static_cast<std::int64_t>(spec.base.epochs));
  write_attr(g, "threshold", spec.base.threshold);
  write_attr(g, "runs", std::int64_t{spec.runs});
  write_attr(g, "plateau_rel_tol", tolerance.relative);
  write_attr(g, "plateau_abs_tol", tolerance.absolute);
  create_datasets(g, spec);
  f.flush(H5F_SCOPE_GLOBAL);
  return PerturbFile(std::move(f), spec);
}

PerturbFile PerturbFile::open(const std::string& path, const PerturbSpec& spec) {
  return PerturbFile(H5::H5File(path, H5F_ACC_RDWR), spec);
}

std::string PerturbFile::config_hash() const {
  return read_string_attr(file_.openGroup("/"), "config_hash");
}
std::string PerturbFile::shard() const {
  return read_string_attr(file_.openGroup("/"), "shard");
}
std::vector<std::uint8_t> PerturbFile::done_mask() const {
  return read_all<std::uint8_t>(file_.openDataSet("/perturb/task_done"));
}

void PerturbFile::write(const train::PerturbResult& r) {
  H5::Group g = file_.openGroup("/perturb");
  const auto put = [&](const char* name, const auto* data) {
    H5::DataSet ds = g.openDataSet(name);
    write_task_slab(ds, 2, r.task, data);
  };
  put("tau_conv", &r.tau_conv);
  put("start_loss", &r.start_loss);
  put("mean_batch_loss_at_tau", &r.mean_batch_loss);
  put("mean_full_loss_at_tau", &r.mean_full_loss);
  put("run_convergence_epoch", r.run_convergence_epoch.data());
  put("run_diverged", r.run_diverged.data());
  put("run_final_loss", r.run_final_loss.data());
  H5::DataSet done = g.openDataSet("task_done");
  const std::uint8_t one = 1;
  write_task_slab(done, 1, r.task, &one);
}

void PerturbFile::flush() {
  file_.flush(H5F_SCOPE_GLOBAL);
}
void PerturbFile::close() {
  file_.close();
}

bool finalize_perturb(const std::string& path) {
  H5::H5File f(path, H5F_ACC_RDWR);
  H5::Group g = f.openGroup("/perturb");
  const auto done = read_all<std::uint8_t>(g.openDataSet("task_done"));
  if (std::find(done.begin(), done.end(), std::uint8_t{0}) != done.end()) return false;
  const auto shifts = read_all<double>(g.openDataSet("shift"));
  const auto tau = read_all<std::int64_t>(g.openDataSet("tau_conv"));
  const auto conv = read_all<std::int64_t>(g.openDataSet("run_convergence_epoch"));
  const auto div = read_all<std::uint8_t>(g.openDataSet("run_diverged"));
  const hsize_t D = shifts.size(), N = tau.size() / D, R = conv.size() / tau.size();
  H5::Attribute rel_attr = g.openAttribute("plateau_rel_tol"),
                abs_attr = g.openAttribute("plateau_abs_tol");
  double rel = 0, abs = 0;
  rel_attr.read(H5::PredType::NATIVE_DOUBLE, &rel);
  abs_attr.read(H5::PredType::NATIVE_DOUBLE, &abs);
  std::vector<double> q25, med, q75, never, diverged, lower, upper, lower_in, upper_in;
  std::vector<std::uint8_t> lower_open, upper_open, found;
  for (hsize_t t = 0; t < N * D; ++t) {
    const auto s = train::summarize_outcomes(std::span(conv).subspan(t * R, R),
                                             std::span(div).subspan(t * R, R));
    q25.push_back(s.epoch_q25);
    med.push_back(s.epoch_median);
    q75.push_back(s.epoch_q75);
    never.push_back(1.0 - s.converged_fraction);
    diverged.push_back(s.diverged_fraction);
  }
  for (hsize_t p = 0; p < N; ++p) {
    const auto e = train::detect_plateau(shifts, std::span(tau).subspan(p * D, D), rel, abs);
    found.push_back(e.found ? 1 : 0);
    lower.push_back(e.found ? e.lower : kNaN);
    upper.push_back(e.found ? e.upper : kNaN);
    lower_in.push_back(e.found ? e.lower_inside : kNaN);
    upper_in.push_back(e.found ? e.upper_inside : kNaN);
    lower_open.push_back(e.lower_open ? 1 : 0);
    upper_open.push_back(e.upper_open ? 1 : 0);
  }
  if (g.nameExists("summary")) g.unlink("summary");
  H5::Group s = g.createGroup("summary");
  const auto per_shift = [&](const char* name, const char* what, const auto& v) {
    write_dataset(s, {name, {N, D}, what, "parameter,shift"}, v);
  };
  per_shift("run_epoch_q25", "25 % quantile of the runs' own convergence epochs (converged runs)",
            q25);
  per_shift("run_epoch_median", "median of the runs' own convergence epochs", med);
  per_shift("run_epoch_q75", "75 % quantile of the runs' own convergence epochs", q75);
  per_shift("never_fraction", "fraction of runs that did not converge within the budget", never);
  per_shift("diverged_fraction", "fraction of runs that diverged", diverged);
  const auto per_param = [&](const char* name, const char* what, const auto& v) {
    write_dataset(s, {name, {N}, what, "parameter"}, v);
  };
  per_param("plateau_found", "1 if tau_conv is finite at the shift nearest zero", found);
  per_param("plateau_lower",
            "lower plateau edge: midpoint between the last shift on the plateau and the next "
            "one off it (the grid end if open)",
            lower);
  per_param("plateau_upper", "upper plateau edge, likewise", upper);
  per_param("plateau_lower_inside", "lowest grid shift on the plateau", lower_in);
  per_param("plateau_upper_inside", "highest grid shift on the plateau", upper_in);
  per_param("plateau_lower_open", "1 if the plateau reaches the lowest shift of the grid",
            lower_open);
  per_param("plateau_upper_open", "1 if the plateau reaches the highest shift of the grid",
            upper_open);
  f.close();
  return true;
}

}  // namespace xorscape::io
