#include "xorscape/io/train_file.hpp"

#include <algorithm>
#include <limits>

#include "xorscape/io/h5_file.hpp"
#include "xorscape/io/network_group.hpp"
#include "xorscape/model/batch.hpp"
#include "xorscape/train/outcome_statistics.hpp"
#include "xorscape/train/train_ensemble.hpp"

namespace xorscape::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using train::TrainSpec;

std::string group_name(int n_hidden) {
  return "/train/nh_" + std::to_string(n_hidden);
}

void create_group_datasets(H5::H5File& f, const TrainSpec& spec, int group, hsize_t n_rec) {
  const model::Network net = train::network_of_group(spec, group);
  H5::Group g = f.createGroup(group_name(net.n_hidden));
  write_attr(g, "n_h", std::int64_t{net.n_hidden});
  write_attr(g, "n_params", std::int64_t{net.num_params()});
  write_attr(g, "task_offset", static_cast<std::int64_t>(group * train::tasks_per_group(spec)));
  const hsize_t S = spec.step_sizes.size(), K = spec.seeds_per_setting, P = net.num_params(),
                H = net.n_hidden;
  const std::string sk = "step_size,replica";
  write_strings(g, {"param_names", {P}, "parameter names in vector order", "param"},
                model::param_names(net));
  create_dataset(
      g, {"loss_batch", {S, K, n_rec}, "loss of the batch used at that epoch", sk + ",epoch", 2},
      kNaN);
  create_dataset(
      g, {"loss_full", {S, K, n_rec}, "full-batch (nonrandomized) loss", sk + ",epoch", 2}, kNaN);
  create_dataset(g, {"params", {S, K, n_rec, P}, "all parameters", sk + ",epoch,param", 2}, kNaN);
  create_dataset(g,
                 {"hidden_activation",
                  {S, K, n_rec, 4, H},
                  "hidden activations a_i^(1) per truth-table case",
                  sk + ",epoch,case,hidden",
                  2},
                 kNaN);
  create_dataset(g,
                 {"output",
                  {S, K, n_rec, 4},
                  "output activation a_1^(2) per truth-table case",
                  sk + ",epoch,case",
                  2},
                 kNaN);
  create_dataset(g,
                 {"grad_norm_w1",
                  {S, K, n_rec},
                  "Frobenius norm of dL/dW1 over the batch used",
                  sk + ",epoch",
                  2},
                 kNaN);
  create_dataset(g,
                 {"grad_norm_w2",
                  {S, K, n_rec},
                  "Frobenius norm of dL/dW2 over the batch used",
                  sk + ",epoch",
                  2},
                 kNaN);
  create_dataset(
      g, {"final_params", {S, K, P}, "parameters after the last epoch", sk + ",param", 2}, kNaN);
  create_dataset(g, {"final_loss_full", {S, K}, "full-batch loss after the last epoch", sk, 2},
                 kNaN);
  create_dataset(g,
                 {"convergence_epoch",
                  {S, K},
                  "first epoch with full-batch loss < threshold; -1 if never",
                  sk,
                  2},
                 std::int64_t{-1});
  create_dataset(
      g, {"diverged", {S, K}, "1 if the loss became NaN/inf or a parameter exceeded 1e100", sk, 2},
      std::uint8_t{0});
  create_dataset(g, {"divergence_epoch", {S, K}, "epoch of divergence; -1 if none", sk, 2},
                 std::int64_t{-1});
  create_dataset(
      g,
      {"gamma", {S, K}, "exponent gamma of L ~ tau^-gamma fitted on the tail of loss_full", sk, 2},
      kNaN);
  create_dataset(
      g, {"gamma_stderr", {S, K}, "standard error of gamma (least squares in log-log)", sk, 2},
      kNaN);
  create_dataset(
      g, {"gamma_fit_points", {S, K}, "records used by the power-law fit (0 = no fit)", sk, 2},
      std::int32_t{0});
  create_dataset(g, {"gamma_fit_first_epoch", {S, K}, "first epoch of the fit window used", sk, 2},
                 std::uint64_t{0});
  create_dataset(g, {"gamma_fit_last_epoch", {S, K}, "last epoch of the fit window used", sk, 2},
                 std::uint64_t{0});
  create_dataset(
      g,
      {"epochs_run",
       {S, K},
       "last epoch evaluated (convergence with stop = converged, divergence, or the budget)",
       sk,
       2},
      std::uint64_t{0});
  create_dataset(
      g, {"accepted_moves", {S, K}, "zero-T Monte Carlo: accepted proposals (0 otherwise)", sk, 2},
      std::uint64_t{0});
}

}  // namespace

TrainFile::TrainFile(H5::H5File file, const TrainSpec& spec)
    : file_(std::move(file)), spec_(&spec) {}

TrainFile TrainFile::create(const std::string& path, const TrainSpec& spec,
                            const std::vector<std::uint64_t>& records, const Provenance& prov) {
  H5::H5File f(path, H5F_ACC_TRUNC);
  write_provenance(f, prov);
  write_network_group(f, spec.network, spec.hidden_sizes);
  H5::Group t = f.createGroup("/train");
  write_attr(t, "optimizer", std::string(to_string(spec.optimizer)));
  write_attr(t, "batch", std::string(to_string(spec.batch)));
  write_attr(t, "epochs", static_cast<std::int64_t>(spec.epochs));
  write_attr(t, "threshold", spec.threshold);
  write_attr(t, "stop", std::string(spec.stop_at_convergence ? "converged" : "budget"));
  write_attr(t, "init_scheme", std::string(to_string(spec.init.scheme)));
  write_attr(t, "init_scale", spec.init.scale);
  const hsize_t n_rec = records.size(), S = spec.step_sizes.size(), K = spec.seeds_per_setting;
  write_dataset(t, {"epoch", {n_rec}, "recorded epochs (0, log-spaced, last)", "epoch"}, records);
  write_dataset(t,
                {"step_size",
                 {S},
                 "learning rate eta (gd, adam) or proposal width sigma (zero-t-mc)",
                 "step_size"},
                spec.step_sizes);
  std::vector<std::int64_t> replicas(K);
  for (hsize_t k = 0; k < K; ++k) replicas[k] = static_cast<std::int64_t>(k);
  write_dataset(
      t, {"replica", {K}, "replica index; each replica has its own random streams", "replica"},
      replicas);
  create_dataset(t,
                 {"task_done",
                  {train::task_count(spec)},
                  "1 where the task has been computed and written",
                  "task",
                  1},
                 std::uint8_t{0});
  for (std::size_t g = 0; g < spec.hidden_sizes.size(); ++g)
    create_group_datasets(f, spec, static_cast<int>(g), n_rec);
  f.flush(H5F_SCOPE_GLOBAL);
  return TrainFile(std::move(f), spec);
}

TrainFile TrainFile::open(const std::string& path, const TrainSpec& spec) {
  return TrainFile(H5::H5File(path, H5F_ACC_RDWR), spec);
}

std::string TrainFile::config_hash() const {
  return read_string_attr(file_.openGroup("/"), "config_hash");
}

std::string TrainFile::shard() const {
  return read_string_attr(file_.openGroup("/"), "shard");
}

std::vector<std::uint8_t> TrainFile::done_mask() const {
  return read_all<std::uint8_t>(file_.openDataSet("/train/task_done"));
}

void TrainFile::write(const train::TrajectoryResult& r) {
  const auto c = train::coordinates(*spec_, r.task);
  const std::uint64_t flat = r.task % train::tasks_per_group(*spec_);
  H5::Group g = file_.openGroup(group_name(spec_->hidden_sizes.at(c.group)));
  const auto put = [&](const char* name, const auto* data) {
    H5::DataSet ds = g.openDataSet(name);
    write_task_slab(ds, 2, flat, data);
  };
  put("loss_batch", r.loss_batch.data());
  put("loss_full", r.loss_full.data());
  put("params", r.params.data());
  put("hidden_activation", r.hidden.data());
  put("output", r.output.data());
  put("grad_norm_w1", r.grad_norm_w1.data());
  put("grad_norm_w2", r.grad_norm_w2.data());
  put("final_params", r.final_params.data());
  put("final_loss_full", &r.final_loss_full);
  put("convergence_epoch", &r.convergence_epoch);
  const std::uint8_t diverged = r.diverged ? 1 : 0;
  put("diverged", &diverged);
  put("divergence_epoch", &r.divergence_epoch);
  put("gamma", &r.fit.gamma);
  put("gamma_stderr", &r.fit.gamma_stderr);
  const std::int32_t points = r.fit.points;
  put("gamma_fit_points", &points);
  put("gamma_fit_first_epoch", &r.fit.first_epoch);
  put("gamma_fit_last_epoch", &r.fit.last_epoch);
  put("accepted_moves", &r.accepted_moves);
  put("epochs_run", &r.epochs_run);
  H5::DataSet done = file_.openDataSet("/train/task_done");
  const std::uint8_t one = 1;
  write_task_slab(done, 1, r.task, &one);
}

void TrainFile::flush() {
  file_.flush(H5F_SCOPE_GLOBAL);
}

void TrainFile::close() {
  file_.close();
}

namespace {

void write_group_summary(H5::Group& g, hsize_t S, hsize_t K) {
  const auto conv = read_all<std::int64_t>(g.openDataSet("convergence_epoch"));
  const auto div = read_all<std::uint8_t>(g.openDataSet("diverged"));
  const auto gamma = read_all<double>(g.openDataSet("gamma"));
  std::vector<double> cf, df, q25, med, q75, gm, gs, ge;
  std::vector<std::int64_t> gn;
  for (hsize_t st = 0; st < S; ++st) {
    const std::size_t a = st * K;
    const auto s =
        train::summarize_outcomes(std::span(conv).subspan(a, K), std::span(div).subspan(a, K),
                                  std::span(gamma).subspan(a, K));
    cf.push_back(s.converged_fraction);
    df.push_back(s.diverged_fraction);
    q25.push_back(s.epoch_q25);
    med.push_back(s.epoch_median);
    q75.push_back(s.epoch_q75);
    gm.push_back(s.gamma_mean);
    gs.push_back(s.gamma_std);
    ge.push_back(s.gamma_sem);
    gn.push_back(static_cast<std::int64_t>(s.gamma_count));
  }
  if (g.nameExists("summary")) g.unlink("summary");
  H5::Group s = g.createGroup("summary");
  const auto put = [&](const char* name, const char* what, const auto& v) {
    write_dataset(s, {name, {S}, what, "step_size"}, v);
  };
  put("converged_fraction", "fraction of replicas that converged within the budget", cf);
  put("diverged_fraction", "fraction of replicas that diverged (NaN/inf loss or overflow)", df);
  put("convergence_epoch_q25", "25 % quantile of the convergence epoch of converged replicas", q25);
  put("convergence_epoch_median", "median convergence epoch of converged replicas", med);
  put("convergence_epoch_q75", "75 % quantile of the convergence epoch of converged replicas", q75);
  put("gamma_mean", "mean of the finite fitted exponents gamma over replicas", gm);
  put("gamma_std", "standard deviation of gamma over replicas (NaN for fewer than 2)", gs);
  put("gamma_sem", "standard error of gamma_mean: gamma_std / sqrt(gamma_count)", ge);
  put("gamma_count", "replicas with a finite gamma", gn);
}

}  // namespace

bool finalize_train(const std::string& path) {
  H5::H5File f(path, H5F_ACC_RDWR);
  H5::Group t = f.openGroup("/train");
  const auto done = read_all<std::uint8_t>(t.openDataSet("task_done"));
  if (std::find(done.begin(), done.end(), std::uint8_t{0}) != done.end()) return false;
  const hsize_t S = dims_of(t.openDataSet("step_size"))[0];
  const hsize_t K = dims_of(t.openDataSet("replica"))[0];
  for (hsize_t i = 0; i < t.getNumObjs(); ++i) {
    const std::string name = t.getObjnameByIdx(i);
    if (name.rfind("nh_", 0) != 0) continue;
    H5::Group g = t.openGroup(name);
    write_group_summary(g, S, K);
  }
  f.close();
  return true;
}

}  // namespace xorscape::io
