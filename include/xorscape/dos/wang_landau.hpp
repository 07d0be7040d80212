#pragma once
// One Wang-Landau walker over any "energy" (the network's loss, or a toy with a closed-form
// density in the tests), then an optional multicanonical production run with the weights frozen.
//
// Stages: (0) step-width tuning: Wang-Landau updates at ln f_initial while the width of the
// uniform proposal is scaled toward the target acceptance, then frozen; (1) plain Wang-Landau
// (Wang and Landau, Phys. Rev. Lett. 86, 2050 (2001)): ln f halves whenever the histogram of the
// visited bins is flat; (2) the 1/t schedule of Belardinelli and Pereyra (Phys. Rev. E 75,
// 046701 (2007)): once ln f < N/t (t = proposals so far, N = visited bins), ln f = N/t until it
// reaches ln f_final: plain Wang-Landau alone saturates; (3) multicanonical production (Berg
// and Neuhaus): weights exp(-ln G_WL) held fixed, ln G = ln G_WL + ln H_prod.
// A proposal outside the measure's domain or the window is rejected, and the current bin is
// still updated (otherwise bins at the domain's edge are overweighted).
//
// Energy needs: dim(), value(), position(), propose_one(k, x), propose_all(x), accept().
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "xorscape/dos/binning.hpp"
#include "xorscape/dos/dos_spec.hpp"
#include "xorscape/exec/random_stream.hpp"

namespace xorscape::dos {

struct StageCount {
  std::uint64_t proposals = 0, accepted = 0;
  double acceptance() const {
    return proposals ? static_cast<double>(accepted) / static_cast<double>(proposals) : 0.0;
  }
};

struct WalkerResult {
  std::vector<double> ln_g;     // per bin, normalized to the measure's mass; NaN: never reached
  std::vector<double> ln_g_wl;  // after the Wang-Landau stages (same normalization)
  std::vector<std::uint64_t> histogram;  // production run (or the last Wang-Landau stage)
  StageCount tune, flat, one_over_t, production;
  double step_scale = 0.0;  // tuned proposal width / (B_k or s)
  int flat_iterations = 0;  // ln f halvings of stage (1)
  double ln_f_reached = 0.0;
  std::uint64_t round_trips = 0;  // lowest visited bin -> highest -> lowest, in production
  double min_loss = std::numeric_limits<double>::infinity();
  double max_loss = -std::numeric_limits<double>::infinity();
  int bins_never_reached = 0;
  bool complete = false;  // false: interrupted or max_steps reached
};

// Called every 65536 proposals with that count; returning true aborts the walk.
using WalkMonitor = std::function<bool(std::uint64_t)>;

// ln sum_i exp(x_i) over the finite x_i.
double log_sum_exp(std::span<const double> x);
// ln G_i - ln sum G + ln mass over the finite entries.
void normalize_ln_g(std::vector<double>& ln_g, double log_mass);

template <class Energy>
class WangLandauWalker {
 public:
  WangLandauWalker(Energy& energy, const Measure& measure, std::span<const double> edges,
                   const WangLandauSettings& s, exec::RandomStream& rng)
      : e_(energy),
        m_(measure),
        edges_(edges),
        s_(s),
        rng_(rng),
        n_bins_(static_cast<int>(edges.size()) - 1),
        ln_g_(n_bins_, 0.0),
        h_(n_bins_, 0),
        visited_(n_bins_, 0),
        trial_(energy.position().begin(), energy.position().end()) {
    bin_ = bin_of(edges_, e_.value());
    ln_f_ = s.ln_f_initial;
  }

  WalkerResult run(const WalkMonitor& monitor) {
    WalkerResult r;
    if (bin_ < 0) return r;
    monitor_ = &monitor;
    if (!tune(r) || !flat_stage(r) || !one_over_t_stage(r)) return r;
    r.ln_g_wl = reached_ln_g();
    normalize_ln_g(r.ln_g_wl, m_.log_mass());
    if (s_.production_steps > 0) {
      if (!production(r)) return r;
      r.ln_g = r.ln_g_wl;
      for (int i = 0; i < n_bins_; ++i)
        r.ln_g[i] = h_[i] > 0 && std::isfinite(r.ln_g[i])
                        ? r.ln_g[i] + std::log(static_cast<double>(h_[i]))
                        : std::numeric_limits<double>::quiet_NaN();
      normalize_ln_g(r.ln_g, m_.log_mass());
    } else {
      r.ln_g = r.ln_g_wl;
    }
    r.histogram.assign(h_.begin(), h_.end());
    r.step_scale = scale_;
    r.ln_f_reached = ln_f_;
    r.min_loss = min_loss_;
    r.max_loss = max_loss_;
    r.bins_never_reached = static_cast<int>(std::count(visited_.begin(), visited_.end(), 0));
    r.complete = true;
    return r;
  }

 private:
  // One proposal; returns whether it was accepted. update: add ln f to the current bin.
  bool step(double ln_f, bool update) {
    const int d = e_.dim();
    double new_loss;
    bool inside = true;
    double log_density = 0.0;  // ln of the measure's density ratio (gaussian only)
    if (s_.single_parameter) {
      const auto k = static_cast<int>(rng_.below(static_cast<std::uint32_t>(d)));
      const double x_old = e_.position()[k];
      const double x = x_old + scale_ * width(k) * (2.0 * rng_.uniform() - 1.0);
      inside = m_.contains(k, x);
      if (inside) log_density = log_density_ratio(x_old, x);
      new_loss = inside ? e_.propose_one(k, x) : 0.0;
    } else {
      for (int k = 0; k < d; ++k) {
        const double x_old = e_.position()[k];
        trial_[k] = x_old + scale_ * width(k) * (2.0 * rng_.uniform() - 1.0);
        inside = inside && m_.contains(k, trial_[k]);
        if (inside) log_density += log_density_ratio(x_old, trial_[k]);
      }
      new_loss = inside ? e_.propose_all(trial_) : 0.0;
    }
    const double u = rng_.uniform_open0();
    const int b = inside ? bin_of(edges_, new_loss) : -1;
    bool accepted = false;
    if (b >= 0 && std::log(u) < ln_g_[bin_] - ln_g_[b] + log_density) {
      e_.accept();
      bin_ = b;
      accepted = true;
      min_loss_ = std::min(min_loss_, new_loss);
      max_loss_ = std::max(max_loss_, new_loss);
    }
    if (update) ln_g_[bin_] += ln_f;
    ++h_[bin_];
    visited_[bin_] = 1;
    ++steps_;
    return accepted;
  }

  double width(int k) const { return m_.kind == MeasureKind::box ? m_.half_width[k] : m_.sigma; }
  double log_density_ratio(double x_old, double x) const {
    if (m_.kind == MeasureKind::box) return 0.0;
    return (x_old * x_old - x * x) / (2.0 * m_.sigma * m_.sigma);
  }

  bool monitor_says_stop() {
    if (steps_ % 65536 != 0 || !*monitor_) return false;
    return (*monitor_)(65536);
  }

  bool tune(WalkerResult& r) {
    constexpr std::uint64_t chunk = 1000;
    for (std::uint64_t done = 0; done < s_.tune_steps;) {
      std::uint64_t acc = 0, n = std::min(chunk, s_.tune_steps - done);
      for (std::uint64_t i = 0; i < n; ++i) {
        acc += step(ln_f_, true) ? 1 : 0;
        if (monitor_says_stop()) return false;
      }
      r.tune.proposals += n;
      r.tune.accepted += acc;
      done += n;
      const double rate = static_cast<double>(acc) / static_cast<double>(n);
      scale_ = std::clamp(scale_ * std::exp(2.0 * (rate - s_.target_acceptance)), 1e-6, 2.0);
    }
    std::fill(h_.begin(), h_.end(), 0);
    return true;
  }

  bool flat() const {
    std::uint64_t lo = std::numeric_limits<std::uint64_t>::max(), sum = 0;
    int n = 0;
    for (int i = 0; i < n_bins_; ++i)
      if (visited_[i]) {
        lo = std::min(lo, h_[i]);
        sum += h_[i];
        ++n;
      }
    return n > 0 && static_cast<double>(lo) >= s_.flatness * static_cast<double>(sum) / n;
  }

  double visited_bins() const {
    return static_cast<double>(std::count(visited_.begin(), visited_.end(), 1));
  }

  bool flat_stage(WalkerResult& r) {
    // Ends at the 1/t switch, or at ln f_final when flat halvings get there first (slow
    // flatness makes t large before ln f falls below N/t).
    while (ln_f_ > s_.ln_f_final &&
           (steps_ == 0 || ln_f_ >= visited_bins() / static_cast<double>(steps_))) {
      for (std::uint64_t i = 0; i < s_.check_every; ++i) {
        r.flat.accepted += step(ln_f_, true) ? 1 : 0;
        ++r.flat.proposals;
        if (monitor_says_stop() || steps_ >= s_.max_steps) return false;
      }
      if (flat()) {
        ln_f_ /= 2.0;
        ++r.flat_iterations;
        std::fill(h_.begin(), h_.end(), 0);
      }
    }
    return true;
  }

  bool one_over_t_stage(WalkerResult& r) {
    if (ln_f_ <= s_.ln_f_final) return true;
    while (true) {
      ln_f_ = visited_bins() / static_cast<double>(steps_);
      if (ln_f_ <= s_.ln_f_final) return true;
      r.one_over_t.accepted += step(ln_f_, true) ? 1 : 0;
      ++r.one_over_t.proposals;
      if (monitor_says_stop() || steps_ >= s_.max_steps) return false;
    }
  }

  bool production(WalkerResult& r) {
    std::fill(h_.begin(), h_.end(), 0);
    int lowest = n_bins_, highest = -1;
    for (int i = 0; i < n_bins_; ++i)
      if (visited_[i]) {
        lowest = std::min(lowest, i);
        highest = std::max(highest, i);
      }
    int last_end = 0;  // -1 lowest, +1 highest
    std::uint64_t half_trips = 0;
    for (std::uint64_t i = 0; i < s_.production_steps; ++i) {
      r.production.accepted += step(0.0, false) ? 1 : 0;
      ++r.production.proposals;
      const int end = bin_ == lowest ? -1 : bin_ == highest ? 1 : 0;
      if (end != 0 && end != last_end) {
        half_trips += last_end != 0 ? 1 : 0;
        last_end = end;
      }
      if (monitor_says_stop()) return false;
    }
    r.round_trips = half_trips / 2;
    return true;
  }

  std::vector<double> reached_ln_g() const {
    std::vector<double> out(n_bins_);
    for (int i = 0; i < n_bins_; ++i)
      out[i] = visited_[i] ? ln_g_[i] : std::numeric_limits<double>::quiet_NaN();
    return out;
  }

  Energy& e_;
  const Measure& m_;
  std::span<const double> edges_;
  const WangLandauSettings& s_;
  exec::RandomStream& rng_;
  const int n_bins_;
  std::vector<double> ln_g_;
  std::vector<std::uint64_t> h_;
  std::vector<std::uint8_t> visited_;
  std::vector<double> trial_;
  int bin_ = -1;
  double ln_f_ = 1.0, scale_ = 0.1;
  std::uint64_t steps_ = 0;
  double min_loss_ = std::numeric_limits<double>::infinity();
  double max_loss_ = -std::numeric_limits<double>::infinity();
  const WalkMonitor* monitor_ = nullptr;
};

}  // namespace xorscape::dos
