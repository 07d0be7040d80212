#include "xorscape/train/trajectory_block.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "xorscape/exec/random_stream.hpp"
#include "xorscape/model/batched_kernel.hpp"
#include "xorscape/model/reference_network.hpp"
#include "xorscape/train/batch_source.hpp"

namespace xorscape::train {
namespace {

using model::BatchRows;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kMonitorEvery = 4096;  // epochs between monitor calls

template <int W>
class Block {
 public:
  Block(const TrainSpec& spec, const model::Network& net, std::span<const LaneSetup> lanes,
        std::span<const std::uint64_t> records)
      : spec_(spec),
        net_(net),
        records_(records),
        n_(static_cast<int>(lanes.size())),
        np_(net.num_params()),
        random_(spec.batch == model::BatchKind::random) {
    p_.assign(static_cast<std::size_t>(np_) * W, 0.0);
    g_ = m1_ = m2_ = trial_ = p_;
    scratch_.reserve(net, W);
    for (int t = 0; t < W; ++t) {
      const LaneSetup& lane = lanes[t < n_ ? t : 0];  // padding lanes copy lane 0, frozen
      for (int k = 0; k < np_; ++k) p_[k * W + t] = lane.initial.at(k);
      step_[t] = t < n_ ? lane.step_size : 0.0;
      active_[t] = t < n_;
      rows_[t] = model::kFullBatch;
    }
    results_.resize(n_);
    for (int t = 0; t < n_; ++t) {
      batches_.emplace_back(spec.seed, lanes[t].task);
      proposals_.emplace_back(spec.seed, lanes[t].task, exec::Purpose::proposal);
      init_result(results_[t], lanes[t].task);
    }
  }

  // Returns false when the monitor aborted the run. The monitor is told of every lane's
  // budget, stopped lanes included, so progress counts the work a run was sized for.
  bool run(const BlockMonitor& monitor) {
    std::uint64_t reported = 0;
    for (std::uint64_t e = 0;; ++e) {
      evaluate(e);
      if (e == spec_.epochs || active_lanes() == 0) break;
      update(e);
      if ((e + 1) % kMonitorEvery == 0 && monitor) {
        reported += n_ * kMonitorEvery;
        if (monitor(n_ * kMonitorEvery)) return false;
      }
    }
    if (monitor) monitor(n_ * spec_.epochs - reported);
    finish();
    return true;
  }

  void evaluate(std::uint64_t e) {
    if (random_)
      for (int t = 0; t < n_; ++t) rows_[t] = batches_[t].rows(e);
    evaluate_current(e);
    check_lanes(e);
    if (next_record_ < records_.size() && e == records_[next_record_]) record(next_record_++);
    last_epoch_ = e;
    if (spec_.stop_at_convergence)
      for (int t = 0; t < n_; ++t)
        if (active_[t] && results_[t].convergence_epoch == static_cast<std::int64_t>(e)) stop(t, e);
  }

  void stop(int t, std::uint64_t e) {
    if (!active_[t]) return;
    active_[t] = false;
    step_[t] = 0.0;
    results_[t].epochs_run = e;
  }

  int lanes() const { return n_; }
  bool active(int t) const { return active_[t]; }
  double batch_loss(int t) const { return loss_[t]; }
  std::int64_t convergence_epoch(int t) const { return results_[t].convergence_epoch; }

  double full_loss_of_lane(int t) {
    double l;
    model::loss_block<1>(net_, p_.data() + t, W, nullptr, &l, scratch_);
    return l;
  }

  int active_lanes() const {
    int a = 0;
    for (int t = 0; t < n_; ++t) a += active_[t] ? 1 : 0;
    return a;
  }

  std::vector<TrajectoryResult> take_results() { return std::move(results_); }

  void update(std::uint64_t e) {
    switch (spec_.optimizer) {
      case Optimizer::gd:
        update_gd();
        break;
      case Optimizer::adam:
        update_adam();
        break;
      case Optimizer::zero_t_mc:
        update_monte_carlo();
        break;
    }
    for (int t = 0; t < n_; ++t)
      if (active_[t] && overflow_[t] != 0.0) mark_diverged(t, e + 1);
  }

  void finish() {
    for (int t = 0; t < n_; ++t) {
      TrajectoryResult& r = results_[t];
      if (active_[t]) r.epochs_run = last_epoch_;
      r.final_params = lane_params(t);
      r.final_loss_full = r.diverged ? kNaN : model::loss_reference(net_, r.final_params);
      r.fit = fit_power_law_tail(
          records_, r.loss_full, spec_.fit_decades, spec_.fit_max_loss,
          spec_.fit_after_convergence * static_cast<double>(r.convergence_epoch));
    }
  }

 private:
  void init_result(TrajectoryResult& r, std::uint64_t task) const {
    const std::size_t nr = records_.size();
    r.task = task;
    r.loss_batch.assign(nr, kNaN);
    r.loss_full.assign(nr, kNaN);
    r.params.assign(nr * np_, kNaN);
    r.hidden.assign(nr * model::kCases * net_.n_hidden, kNaN);
    r.output.assign(nr * model::kCases, kNaN);
    r.grad_norm_w1.assign(nr, kNaN);
    r.grad_norm_w2.assign(nr, kNaN);
  }

  const BatchRows* batch_rows() const { return random_ ? rows_ : nullptr; }

  // Loss (and, for the gradient methods, gradient) of the current parameters on this epoch's
  // batch. Zero-T MC with the full batch keeps the loss of its current state from step to step.
  void evaluate_current(std::uint64_t e) {
    if (spec_.optimizer != Optimizer::zero_t_mc)
      model::loss_grad_block<W>(net_, p_.data(), W, batch_rows(), loss_, g_.data(), W, scratch_);
    else if (random_ || e == 0)
      model::loss_block<W>(net_, p_.data(), W, batch_rows(), loss_, scratch_);
  }

  // Convergence and divergence bookkeeping. With a random batch of 4 rows drawn from 4,
  // L_batch <= 4 L_full, so the full-batch loss needs computing only when L_batch < 4 threshold.
  void check_lanes(std::uint64_t e) {
    for (int t = 0; t < n_; ++t) {
      if (!active_[t]) continue;
      TrajectoryResult& r = results_[t];
      if (!std::isfinite(loss_[t])) {
        mark_diverged(t, e);
        continue;
      }
      if (r.convergence_epoch < 0 && loss_[t] < (random_ ? 4.0 : 1.0) * spec_.threshold) {
        const double full = random_ ? full_loss_of_lane(t) : loss_[t];
        if (full < spec_.threshold) r.convergence_epoch = static_cast<std::int64_t>(e);
      }
    }
  }

  void mark_diverged(int t, std::uint64_t e) {
    active_[t] = false;
    step_[t] = 0.0;
    results_[t].diverged = true;
    results_[t].divergence_epoch = static_cast<std::int64_t>(e);
    results_[t].epochs_run = e;
  }

  std::vector<double> lane_params(int t) const {
    std::vector<double> v(np_);
    for (int k = 0; k < np_; ++k) v[k] = p_[k * W + t];
    return v;
  }

  void record(std::size_t r) {
    const int nh = net_.n_hidden;
    for (int t = 0; t < n_; ++t) {
      if (!active_[t]) continue;
      TrajectoryResult& res = results_[t];
      const auto v = lane_params(t);
      const auto ev = model::evaluate_reference(net_, v, rows_[t]);
      res.loss_batch[r] = ev.loss;
      res.loss_full[r] = random_ ? model::loss_reference(net_, v) : ev.loss;
      std::copy(v.begin(), v.end(), res.params.begin() + r * np_);
      std::copy(ev.hidden.begin(), ev.hidden.end(), res.hidden.begin() + r * model::kCases * nh);
      std::copy(ev.output.begin(), ev.output.end(), res.output.begin() + r * model::kCases);
      res.grad_norm_w1[r] = ev.grad_norm_w1;
      res.grad_norm_w2[r] = ev.grad_norm_w2;
    }
  }

  // Parameter overflow is collected in a local array (kept in registers across the loop over
  // parameters; a member would be a store-to-load dependency chain through memory).
  void update_gd() {
    double bad[W] = {};
    for (int k = 0; k < np_; ++k) {
      double* p = p_.data() + k * W;
      const double* g = g_.data() + k * W;
#pragma omp simd
      for (int t = 0; t < W; ++t) {
        p[t] -= step_[t] * g[t];
        keep_scalar_for_single_lane(p[t]);
        bad[t] = std::fabs(p[t]) <= kParameterOverflow ? bad[t] : 1.0;
      }
    }
    record_overflow(bad);
  }

  // With one lane, GCC would vectorize the loop over parameters instead: a 512-bit load of
  // gradients the kernel has just stored one by one cannot be forwarded from those stores and
  // stalls every epoch (a third of a single trajectory's time). An empty asm on the value keeps
  // that loop scalar; it generates no instruction.
  static void keep_scalar_for_single_lane(double& x) {
    if constexpr (W == 1) asm("" : "+x"(x));
  }

  void record_overflow(const double* bad) {
    for (int t = 0; t < W; ++t) overflow_[t] = bad[t] != 0.0 ? 1.0 : overflow_[t];
  }

  void update_adam() {
    const AdamSpec& a = spec_.adam;
    beta1_power_ *= a.beta1;
    beta2_power_ *= a.beta2;
    const double c1 = 1.0 / (1.0 - beta1_power_), c2 = 1.0 / (1.0 - beta2_power_);
    double bad[W] = {};
    for (int k = 0; k < np_; ++k) {
      double* p = p_.data() + k * W;
      double* m = m1_.data() + k * W;
      double* v = m2_.data() + k * W;
      const double* g = g_.data() + k * W;
#pragma omp simd
      for (int t = 0; t < W; ++t) {
        m[t] = a.beta1 * m[t] + (1.0 - a.beta1) * g[t];
        v[t] = a.beta2 * v[t] + (1.0 - a.beta2) * g[t] * g[t];
        p[t] -= step_[t] * (m[t] * c1) / (std::sqrt(v[t] * c2) + a.epsilon);
        keep_scalar_for_single_lane(p[t]);
        bad[t] = std::fabs(p[t]) <= kParameterOverflow ? bad[t] : 1.0;
      }
    }
    record_overflow(bad);
  }

  // Zero-temperature Monte Carlo: a Gaussian move of width sigma (all parameters, or one drawn
  // at random), accepted iff the loss on this epoch's batch does not increase.
  void update_monte_carlo() {
    trial_ = p_;
    for (int t = 0; t < n_; ++t) {
      if (!active_[t]) continue;
      exec::RandomStream& s = proposals_[t];
      if (spec_.mc.single_parameter) {
        const auto k = static_cast<int>(s.below(static_cast<std::uint32_t>(np_)));
        trial_[k * W + t] += step_[t] * s.normal();
      } else {
        for (int k = 0; k < np_; ++k) trial_[k * W + t] += step_[t] * s.normal();
      }
    }
    double trial_loss[W];
    model::loss_block<W>(net_, trial_.data(), W, batch_rows(), trial_loss, scratch_);
    for (int t = 0; t < n_; ++t) {
      if (!active_[t] || !(trial_loss[t] <= loss_[t])) continue;
      for (int k = 0; k < np_; ++k) p_[k * W + t] = trial_[k * W + t];
      loss_[t] = trial_loss[t];
      ++results_[t].accepted_moves;
    }
  }

  const TrainSpec& spec_;
  const model::Network net_;
  std::span<const std::uint64_t> records_;
  const int n_, np_;
  const bool random_;
  std::vector<double> p_, g_, m1_, m2_, trial_;
  double loss_[W]{}, step_[W]{};
  bool active_[W]{};
  double overflow_[W]{};  // 1 once a parameter of the lane overflowed (or became NaN)
  BatchRows rows_[W];
  double beta1_power_ = 1.0, beta2_power_ = 1.0;
  std::size_t next_record_ = 0;
  std::uint64_t last_epoch_ = 0;
  model::KernelScratch scratch_;
  std::vector<BatchSource> batches_;
  std::vector<exec::RandomStream> proposals_;
  std::vector<TrajectoryResult> results_;
};

template <int W>
std::vector<TrajectoryResult> run_with_width(const TrainSpec& spec, const model::Network& net,
                                             std::span<const LaneSetup> lanes,
                                             std::span<const std::uint64_t> records,
                                             const BlockMonitor& monitor) {
  Block<W> block(spec, net, lanes, records);
  if (!block.run(monitor)) return {};
  return block.take_results();
}

}  // namespace

struct LaneBlock::Impl {
  Block<kMaxLanes> block;
};

LaneBlock::LaneBlock(const TrainSpec& spec, const model::Network& net,
                     std::span<const LaneSetup> lanes, std::span<const std::uint64_t> records) {
  if (lanes.empty() || lanes.size() > kMaxLanes)
    throw std::invalid_argument("LaneBlock: 1 to 8 lanes");
  impl_ = std::make_unique<Impl>(Impl{Block<kMaxLanes>(spec, net, lanes, records)});
}
LaneBlock::LaneBlock(LaneBlock&&) noexcept = default;
LaneBlock& LaneBlock::operator=(LaneBlock&&) noexcept = default;
LaneBlock::~LaneBlock() = default;

void LaneBlock::evaluate(std::uint64_t e) {
  impl_->block.evaluate(e);
}
void LaneBlock::update(std::uint64_t e) {
  impl_->block.update(e);
}
int LaneBlock::lanes() const {
  return impl_->block.lanes();
}
bool LaneBlock::active(int lane) const {
  return impl_->block.active(lane);
}
int LaneBlock::active_lanes() const {
  return impl_->block.active_lanes();
}
double LaneBlock::batch_loss(int lane) const {
  return impl_->block.batch_loss(lane);
}
double LaneBlock::full_loss(int lane) {
  return impl_->block.full_loss_of_lane(lane);
}
std::int64_t LaneBlock::convergence_epoch(int lane) const {
  return impl_->block.convergence_epoch(lane);
}
void LaneBlock::stop(int lane, std::uint64_t e) {
  impl_->block.stop(lane, e);
}
std::vector<TrajectoryResult> LaneBlock::finish() {
  impl_->block.finish();
  return impl_->block.take_results();
}

std::vector<TrajectoryResult> run_trajectory_block(const TrainSpec& spec, const model::Network& net,
                                                   std::span<const LaneSetup> lanes,
                                                   std::span<const std::uint64_t> records,
                                                   const BlockMonitor& monitor) {
  if (lanes.empty() || lanes.size() > kMaxLanes)
    throw std::invalid_argument("run_trajectory_block: 1 to 8 lanes");
  // A single trajectory runs scalar; several share the 8-lane SIMD block. A lane's arithmetic
  // is the same either way, so the results are too.
  if (lanes.size() == 1) return run_with_width<1>(spec, net, lanes, records, monitor);
  return run_with_width<kMaxLanes>(spec, net, lanes, records, monitor);
}

}  // namespace xorscape::train
