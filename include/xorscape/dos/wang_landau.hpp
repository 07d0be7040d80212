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
// Checkpoints: all of a walker's state, stage-local counters included, lives in a WalkerState,
// so that a walk stopped between any two proposals and restored from its snapshot (into a fresh
// walker, energy and stream) ends with the same bits as a walk never stopped.
//
// Energy needs: dim(), value(), position(), propose_one(k, x), propose_all(x), accept(); a
// restored walker needs an energy built at the saved position whose value() is the saved loss.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
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

enum class WalkerStage : std::int32_t { tune = 0, flat = 1, one_over_t = 2, production = 3, done };

// A walker between two proposals: with the same energy position and stream position, the rest
// of the walk is determined by it (and the settings, measure and edges it was made with).
struct WalkerState {
  WalkerStage stage = WalkerStage::tune;
  std::uint64_t steps = 0;  // proposals of all stages so far (t of the 1/t schedule)
  // tune: proposals of the current chunk and their acceptances (the width is adapted after each
  // chunk); flat: proposals since the last flatness check (stage_steps only).
  std::uint64_t stage_steps = 0, chunk_accepted = 0;
  // production: the visited range fixed at its start, the end touched last (-1 lowest, +1
  // highest, 0 none yet) and the crossings between the ends.
  int lowest = 0, highest = 0, last_end = 0;
  std::uint64_t half_trips = 0;
  std::vector<double> ln_g;      // running ln G (not normalized)
  std::vector<std::uint64_t> h;  // histogram of the current stage
  std::vector<std::uint8_t> visited;
  int bin = -1;                    // of the current position
  double ln_f = 1.0, scale = 0.1;  // modification factor; proposal width / (B_k or s)
  double min_loss = std::numeric_limits<double>::infinity();
  double max_loss = -std::numeric_limits<double>::infinity();
  // The counters so far (per stage, flat_iterations) and, from production on, ln_g_wl: it is
  // taken from the visited bins at the end of the 1/t stage, and production may visit more.
  WalkerResult result;
  std::vector<double> position;   // the energy's
  exec::RandomStream::State rng;  // the proposal stream's
};

// Called every 65536 proposals with that count; returning true aborts the walk.
using WalkMonitor = std::function<bool(std::uint64_t)>;

// Checkpoints of a walk: `due` is asked every 65536 proposals; when it answers true, and when
// the walk is stopped early (by the monitor or at stop_at proposals in all), `save` receives
// the walker's complete state. Not when the walk fails at max_steps: a restart would fail too.
struct WalkCheckpoint {
  std::function<bool()> due;
  std::function<void(const WalkerState&)> save;
  std::uint64_t stop_at = std::numeric_limits<std::uint64_t>::max();
};

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
        locator_(edges),
        s_(s),
        rng_(rng),
        n_bins_(static_cast<int>(edges.size()) - 1),
        trial_(energy.position().begin(), energy.position().end()) {
    w_.ln_g.assign(n_bins_, 0.0);
    w_.h.assign(n_bins_, 0);
    w_.visited.assign(n_bins_, 0);
    w_.bin = bin_of(edges_, e_.value());
    w_.ln_f = s.ln_f_initial;
  }

  // Continues from a snapshot: the energy must sit at state.position (built there), the stream
  // must be the one the snapshot's walker used (same seed, task, purpose).
  void restore(const WalkerState& state) {
    const auto n = static_cast<std::size_t>(n_bins_);
    const auto x = e_.position();
    if (state.ln_g.size() != n || state.h.size() != n || state.visited.size() != n ||
        state.position.size() != x.size() ||
        !std::equal(x.begin(), x.end(), state.position.begin()) || state.bin < 0 ||
        state.bin != bin_of(edges_, e_.value()) || state.stage < WalkerStage::tune ||
        state.stage > WalkerStage::done)
      throw std::invalid_argument(
          "WangLandauWalker::restore: the state does not fit this walker, energy or bins");
    w_ = state;
    w_.position.clear();
    visited_count_ = static_cast<int>(std::count(w_.visited.begin(), w_.visited.end(), 1));
    rng_.restore(state.rng);
    words_from_ = kNoWords;
  }

  // The complete state now (between two proposals).
  WalkerState snapshot() const {
    WalkerState s = w_;
    s.position.assign(e_.position().begin(), e_.position().end());
    s.rng = rng_.state();
    return s;
  }

  // Runs from the current state (the start, a restored snapshot, or where an earlier run()
  // stopped) to the end, or until stopped.
  WalkerResult run(const WalkMonitor& monitor, const WalkCheckpoint& checkpoint = {}) {
    if (w_.bin < 0) return WalkerResult{};
    monitor_ = &monitor;
    checkpoint_ = &checkpoint;
    next_event_ = next_event_after(w_.steps);
    // A stage moves on only between proposals, never across a stop, so a snapshot never sees
    // half a transition.
    while (w_.stage != WalkerStage::done) {
      switch (w_.stage) {
        case WalkerStage::tune:
          if (!tune()) return stopped();
          std::fill(w_.h.begin(), w_.h.end(), 0);
          w_.stage = WalkerStage::flat;
          break;
        case WalkerStage::flat:
          if (!flat_stage()) return stopped();
          w_.stage = WalkerStage::one_over_t;
          break;
        case WalkerStage::one_over_t:
          if (!one_over_t_stage()) return stopped();
          w_.result.ln_g_wl = reached_ln_g();
          normalize_ln_g(w_.result.ln_g_wl, m_.log_mass());
          if (s_.production_steps > 0) {
            start_production();
            w_.stage = WalkerStage::production;
          } else {
            w_.stage = WalkerStage::done;
          }
          break;
        case WalkerStage::production:
          if (!production()) return stopped();
          w_.stage = WalkerStage::done;
          break;
        case WalkerStage::done:
          break;
      }
    }
    return finished();
  }

 private:
  static constexpr std::uint64_t kMonitorEvery = 65536;

  // One proposal; returns whether it was accepted. update: add ln f to the current bin.
  bool step(double ln_f, bool update) {
    const int d = e_.dim();
    double new_loss;
    bool inside = true;
    double log_density = 0.0;  // ln of the measure's density ratio (gaussian only)
    double u;
    if (s_.single_parameter) {
      // One Philox block per proposal, addressed by the proposal's number: kAhead of them are
      // computed at once in SIMD lanes, and a restored walker needs nothing but `steps`.
      if (words_from_ > w_.steps || w_.steps - words_from_ >= kAhead) {
        words_from_ = w_.steps;
        rng_.blocks(words_from_, 1, kAhead,
                    {words_[0].data(), words_[1].data(), words_[2].data(), words_[3].data()});
      }
      const std::size_t i = w_.steps - words_from_;
      // Multiply-shift: the k are at most d 2^-32 from equally likely, and the choice does not
      // depend on the state, so the proposal stays symmetric and the walk exact.
      const auto k =
          static_cast<int>((std::uint64_t{words_[0][i]} * static_cast<std::uint64_t>(d)) >> 32);
      const std::uint64_t bits = (std::uint64_t{words_[1][i]} << 32) | words_[2][i];
      const double x_old = e_.position()[k];
      const double x =
          x_old + w_.scale * width(k) * (2.0 * (static_cast<double>(bits >> 11) * 0x1.0p-53) - 1.0);
      u = (static_cast<double>(words_[3][i]) + 1.0) * 0x1.0p-32;  // in (0, 1]
      inside = m_.contains(k, x);
      if (inside) log_density = log_density_ratio(x_old, x);
      new_loss = inside ? e_.propose_one(k, x) : 0.0;
    } else {
      for (int k = 0; k < d; ++k) {
        const double x_old = e_.position()[k];
        trial_[k] = x_old + w_.scale * width(k) * (2.0 * rng_.uniform() - 1.0);
        inside = inside && m_.contains(k, trial_[k]);
        if (inside) log_density += log_density_ratio(x_old, trial_[k]);
      }
      new_loss = inside ? e_.propose_all(trial_) : 0.0;
      u = rng_.uniform_open0();
    }
    const int b = inside ? locator_.bin(new_loss) : -1;
    bool accepted = false;
    if (b >= 0 && std::log(u) < w_.ln_g[w_.bin] - w_.ln_g[b] + log_density) {
      e_.accept();
      w_.bin = b;
      accepted = true;
      w_.min_loss = std::min(w_.min_loss, new_loss);
      w_.max_loss = std::max(w_.max_loss, new_loss);
    }
    if (update) w_.ln_g[w_.bin] += ln_f;
    ++w_.h[w_.bin];
    if (!w_.visited[w_.bin]) {
      w_.visited[w_.bin] = 1;
      ++visited_count_;
    }
    ++w_.steps;
    return accepted;
  }

  double width(int k) const { return m_.kind == MeasureKind::box ? m_.half_width[k] : m_.sigma; }
  double log_density_ratio(double x_old, double x) const {
    if (m_.kind == MeasureKind::box) return 0.0;
    return (x_old * x_old - x * x) / (2.0 * m_.sigma * m_.sigma);
  }

  // After each proposal, once all its bookkeeping is done: true stops the walk here.
  bool stop_here() { return w_.steps == next_event_ && event(); }

  // The monitor's cadence, stop_at, and checkpoints; the state is complete at this point.
  bool event() {
    bool stop = false;
    if (w_.steps % kMonitorEvery == 0 && *monitor_) stop = (*monitor_)(kMonitorEvery);
    if (w_.steps == checkpoint_->stop_at) stop = true;
    if (checkpoint_->save && (stop || (checkpoint_->due && checkpoint_->due())))
      checkpoint_->save(snapshot());
    next_event_ = next_event_after(w_.steps);
    return stop;
  }

  std::uint64_t next_event_after(std::uint64_t steps) const {
    const std::uint64_t monitor = (steps / kMonitorEvery + 1) * kMonitorEvery;
    const std::uint64_t stop_at = checkpoint_->stop_at;
    return stop_at > steps ? std::min(monitor, stop_at) : monitor;
  }

  bool tune() {
    constexpr std::uint64_t chunk = 1000;
    StageCount& c = w_.result.tune;
    while (c.proposals < s_.tune_steps) {
      const std::uint64_t n = std::min(chunk, s_.tune_steps - c.proposals);
      while (w_.stage_steps < n) {
        w_.chunk_accepted += step(w_.ln_f, true) ? 1 : 0;
        ++w_.stage_steps;
        if (stop_here()) return false;
      }
      c.proposals += n;
      c.accepted += w_.chunk_accepted;
      const double rate = static_cast<double>(w_.chunk_accepted) / static_cast<double>(n);
      w_.scale = std::clamp(w_.scale * std::exp(2.0 * (rate - s_.target_acceptance)), 1e-6, 2.0);
      w_.stage_steps = 0;
      w_.chunk_accepted = 0;
    }
    return true;
  }

  bool flat() const {
    std::uint64_t lo = std::numeric_limits<std::uint64_t>::max(), sum = 0;
    int n = 0;
    for (int i = 0; i < n_bins_; ++i)
      if (w_.visited[i]) {
        lo = std::min(lo, w_.h[i]);
        sum += w_.h[i];
        ++n;
      }
    return n > 0 && static_cast<double>(lo) >= s_.flatness * static_cast<double>(sum) / n;
  }

  // Kept as a count: the 1/t stage needs it after every proposal.
  double visited_bins() const { return static_cast<double>(visited_count_); }

  bool flat_stage() {
    // Ends at the 1/t switch, or at ln f_final when flat halvings get there first (slow
    // flatness makes t large before ln f falls below N/t). The test is made only between
    // blocks of check_every proposals: a block stopped midway is finished first.
    StageCount& c = w_.result.flat;
    while (w_.stage_steps > 0 ||
           (w_.ln_f > s_.ln_f_final &&
            (w_.steps == 0 || w_.ln_f >= visited_bins() / static_cast<double>(w_.steps)))) {
      while (w_.stage_steps < s_.check_every) {
        c.accepted += step(w_.ln_f, true) ? 1 : 0;
        ++c.proposals;
        ++w_.stage_steps;
        if (w_.steps >= s_.max_steps) return false;  // failed: no checkpoint
        if (stop_here()) return false;
      }
      w_.stage_steps = 0;
      if (flat()) {
        w_.ln_f /= 2.0;
        ++w_.result.flat_iterations;
        std::fill(w_.h.begin(), w_.h.end(), 0);
      }
    }
    return true;
  }

  bool one_over_t_stage() {
    // No early exit on ln f <= ln f_final: the flat stage's last halving can take ln f below
    // both N/t and ln f_final while N/t is still above it, and Belardinelli-Pereyra then go on
    // with ln f = N/t. A walker restored mid-tail recomputes the same N/t.
    StageCount& c = w_.result.one_over_t;
    while (true) {
      w_.ln_f = visited_bins() / static_cast<double>(w_.steps);
      if (w_.ln_f <= s_.ln_f_final) return true;
      c.accepted += step(w_.ln_f, true) ? 1 : 0;
      ++c.proposals;
      if (w_.steps >= s_.max_steps) return false;  // failed: no checkpoint
      if (stop_here()) return false;
    }
  }

  void start_production() {
    std::fill(w_.h.begin(), w_.h.end(), 0);
    w_.lowest = n_bins_;
    w_.highest = -1;
    for (int i = 0; i < n_bins_; ++i)
      if (w_.visited[i]) {
        w_.lowest = std::min(w_.lowest, i);
        w_.highest = std::max(w_.highest, i);
      }
    w_.last_end = 0;
    w_.half_trips = 0;
  }

  bool production() {
    StageCount& c = w_.result.production;
    while (c.proposals < s_.production_steps) {
      c.accepted += step(0.0, false) ? 1 : 0;
      ++c.proposals;
      const int end = w_.bin == w_.lowest ? -1 : w_.bin == w_.highest ? 1 : 0;
      if (end != 0 && end != w_.last_end) {
        w_.half_trips += w_.last_end != 0 ? 1 : 0;
        w_.last_end = end;
      }
      if (stop_here()) return false;
    }
    w_.result.round_trips = w_.half_trips / 2;
    return true;
  }

  WalkerResult stopped() const {
    WalkerResult r = w_.result;
    r.complete = false;
    return r;
  }

  WalkerResult finished() const {
    WalkerResult r = w_.result;
    if (s_.production_steps > 0) {
      r.ln_g = r.ln_g_wl;
      for (int i = 0; i < n_bins_; ++i)
        r.ln_g[i] = w_.h[i] > 0 && std::isfinite(r.ln_g[i])
                        ? r.ln_g[i] + std::log(static_cast<double>(w_.h[i]))
                        : std::numeric_limits<double>::quiet_NaN();
      normalize_ln_g(r.ln_g, m_.log_mass());
    } else {
      r.ln_g = r.ln_g_wl;
    }
    r.histogram.assign(w_.h.begin(), w_.h.end());
    r.step_scale = w_.scale;
    r.ln_f_reached = w_.ln_f;
    r.min_loss = w_.min_loss;
    r.max_loss = w_.max_loss;
    r.bins_never_reached = static_cast<int>(std::count(w_.visited.begin(), w_.visited.end(), 0));
    r.complete = true;
    return r;
  }

  std::vector<double> reached_ln_g() const {
    std::vector<double> out(n_bins_);
    for (int i = 0; i < n_bins_; ++i)
      out[i] = w_.visited[i] ? w_.ln_g[i] : std::numeric_limits<double>::quiet_NaN();
    return out;
  }

  Energy& e_;
  const Measure& m_;
  std::span<const double> edges_;
  BinLocator locator_;  // bin_of(edges_, .) in constant time
  const WangLandauSettings& s_;
  exec::RandomStream& rng_;
  const int n_bins_;
  WalkerState w_;  // position and rng left empty: they live in e_ and rng_
  std::vector<double> trial_;
  const WalkMonitor* monitor_ = nullptr;
  const WalkCheckpoint* checkpoint_ = nullptr;
  std::uint64_t next_event_ = 0;
  int visited_count_ = 0;  // of w_.visited
  // Single-parameter moves: the blocks of proposals words_from_ .. words_from_ + kAhead - 1.
  static constexpr int kAhead = 16;
  static constexpr std::uint64_t kNoWords = std::numeric_limits<std::uint64_t>::max();
  std::array<std::array<std::uint32_t, kAhead>, 4> words_{};
  std::uint64_t words_from_ = kNoWords;
};

}  // namespace xorscape::dos
