#include "xorscape/train/perturbation.hpp"

#include "xorscape/model/reference_network.hpp"
#include "xorscape/train/lr_scan.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace xorscape::train {
namespace {

constexpr std::uint64_t kMonitorEvery = 4096;

class RunGroup {
 public:
  RunGroup(const PerturbSpec& spec, const std::vector<double>& start) : spec_(spec) {
    for (int first = 0; first < spec.runs; first += kMaxLanes) {
      std::vector<LaneSetup> lanes;
      for (int r = first; r < std::min(spec.runs, first + kMaxLanes); ++r)
        lanes.push_back({static_cast<std::uint64_t>(r), spec.learning_rate, start});
      blocks_.emplace_back(spec.base, spec.base.network, lanes, std::span<const std::uint64_t>{});
    }
  }

  void evaluate(std::uint64_t e) {
    for (auto& b : blocks_) b.evaluate(e);
  }
  void update(std::uint64_t e) {
    for (auto& b : blocks_) b.update(e);
  }

  double mean_batch_loss() const {
    double sum = 0.0;
    for (const auto& b : blocks_)
      for (int t = 0; t < b.lanes(); ++t) sum += b.batch_loss(t);
    return sum / spec_.runs;
  }
  double mean_full_loss() {
    double sum = 0.0;
    for (auto& b : blocks_)
      for (int t = 0; t < b.lanes(); ++t) sum += b.full_loss(t);
    return sum / spec_.runs;
  }

  // After tau_conv: a converged run has answered its question.
  void stop_converged(std::uint64_t e) {
    for (auto& b : blocks_)
      for (int t = 0; t < b.lanes(); ++t)
        if (b.active(t) && b.convergence_epoch(t) >= 0) b.stop(t, e);
  }
  int active_runs() const {
    int n = 0;
    for (const auto& b : blocks_) n += b.active_lanes();
    return n;
  }

  void finish(PerturbResult& out) {
    for (auto& b : blocks_)
      for (const auto& r : b.finish()) {
        out.run_convergence_epoch.push_back(r.convergence_epoch);
        out.run_diverged.push_back(r.diverged ? 1 : 0);
        out.run_final_loss.push_back(r.final_loss_full);
      }
  }

 private:
  const PerturbSpec& spec_;
  std::vector<LaneBlock> blocks_;
};

}  // namespace

std::uint64_t task_count(const PerturbSpec& spec) {
  return spec.parameters.size() * spec.shifts.size();
}
int parameter_slot(const PerturbSpec& spec, std::uint64_t task) {
  return static_cast<int>(task / spec.shifts.size());
}
int shift_index(const PerturbSpec& spec, std::uint64_t task) {
  return static_cast<int>(task % spec.shifts.size());
}

std::vector<double> start_vector(const PerturbSpec& spec, std::uint64_t task) {
  std::vector<double> v = spec.center;
  v.at(spec.parameters.at(parameter_slot(spec, task))) += spec.shifts.at(shift_index(spec, task));
  return v;
}

PerturbResult run_perturb_task(const PerturbSpec& spec, std::uint64_t task,
                               const PerturbMonitor& monitor) {
  PerturbResult out;
  out.task = task;
  const auto start = start_vector(spec, task);
  out.start_loss = model::loss_reference(spec.base.network, start);
  RunGroup group(spec, start);
  std::uint64_t reported = 0;
  for (std::uint64_t e = 0;; ++e) {
    group.evaluate(e);
    if (out.tau_conv < 0) {
      // The full-batch average is needed only once the batch average is below the threshold.
      const double batch = group.mean_batch_loss();
      if (batch < spec.base.threshold) {
        const double full = group.mean_full_loss();
        if (full < spec.base.threshold) {
          out.tau_conv = static_cast<std::int64_t>(e);
          out.mean_batch_loss = batch;
          out.mean_full_loss = full;
        }
      }
    }
    if (out.tau_conv >= 0) group.stop_converged(e);
    if (e == spec.base.epochs || group.active_runs() == 0) break;
    group.update(e);
    if ((e + 1) % kMonitorEvery == 0 && monitor) {
      reported += spec.runs * kMonitorEvery;
      if (monitor(spec.runs * kMonitorEvery)) return out;
    }
  }
  if (monitor) monitor(spec.runs * spec.base.epochs - reported);
  group.finish(out);
  out.complete = true;
  return out;
}

}  // namespace xorscape::train
