#include "xorscape/train/lr_scan.hpp"

#include <cmath>
#include <limits>

#include "xorscape/train/initialization.hpp"
#include "xorscape/train/trajectory_block.hpp"

namespace xorscape::train {

Outcome outcome_of(const TrajectoryResult& r) {
  if (r.convergence_epoch >= 0) return Outcome::converged;
  return r.diverged ? Outcome::diverged : Outcome::budget;
}

double EdgeBracket::estimate() const {
  return found ? std::sqrt(lo * hi) : std::numeric_limits<double>::quiet_NaN();
}

int bisection_rounds(const LrScanSpec& spec) {
  double widest = 1.0;
  for (std::size_t i = 1; i < spec.sweep.size(); ++i)
    widest = std::max(widest, spec.sweep[i] / spec.sweep[i - 1]);
  // Each round halves log(hi / lo).
  int rounds = 0;
  for (double w = std::log(widest); w > std::log1p(spec.precision); w /= 2) ++rounds;
  return rounds;
}

std::uint64_t point_count(const LrScanSpec& spec) {
  return spec.sweep.size() + 2 * static_cast<std::uint64_t>(bisection_rounds(spec));
}

std::uint64_t bisection_point(const LrScanSpec& spec, int round, EdgeSide side) {
  return spec.sweep.size() + 2 * static_cast<std::uint64_t>(round) +
         static_cast<std::uint64_t>(side);
}

bool converges(const LrScanSpec& spec, int converged_count) {
  return converged_count >= spec.converge_fraction * spec.replicas;
}

EdgeBracket initial_bracket(const LrScanSpec& spec, const std::vector<bool>& converges,
                            EdgeSide side) {
  const int n = static_cast<int>(spec.sweep.size());
  int first = -1, last = -1;
  for (int i = 0; i < n; ++i)
    if (converges[i]) {
      if (first < 0) first = i;
      last = i;
    }
  EdgeBracket b;
  if (side == EdgeSide::lower && first > 0) b = {true, spec.sweep[first - 1], spec.sweep[first]};
  if (side == EdgeSide::upper && last >= 0 && last + 1 < n)
    b = {true, spec.sweep[last], spec.sweep[last + 1]};
  return b;
}

double midpoint(const EdgeBracket& b) {
  return std::sqrt(b.lo * b.hi);
}

EdgeBracket narrow(EdgeBracket b, EdgeSide side, bool midpoint_converges) {
  if (!b.found) return b;
  const double m = midpoint(b);
  // Lower edge: failures below, convergence above; upper edge the other way round.
  const bool move_lo = (side == EdgeSide::lower) != midpoint_converges;
  (move_lo ? b.lo : b.hi) = m;
  return b;
}

EdgeBracket bracket_after(const LrScanSpec& spec, const std::vector<int>& converged_counts,
                          EdgeSide side, int rounds) {
  std::vector<bool> sweep;
  for (std::size_t i = 0; i < spec.sweep.size(); ++i)
    sweep.push_back(converged_counts.at(i) >= 0 && converges(spec, converged_counts[i]));
  EdgeBracket b = initial_bracket(spec, sweep, side);
  for (int r = 0; r < rounds && b.found; ++r) {
    const int count = converged_counts.at(bisection_point(spec, r, side));
    if (count < 0) break;
    b = narrow(b, side, converges(spec, count));
  }
  return b;
}

std::vector<EdgeBracket> search_edges(const LrScanSpec& spec,
                                      const std::function<bool(double)>& eta_converges) {
  std::vector<int> counts(point_count(spec), -1);
  const auto run = [&](double eta) { return eta_converges(eta) ? spec.replicas : 0; };
  for (std::size_t i = 0; i < spec.sweep.size(); ++i) counts[i] = run(spec.sweep[i]);
  const int rounds = bisection_rounds(spec);
  for (int r = 0; r < rounds; ++r)
    for (EdgeSide side : {EdgeSide::lower, EdgeSide::upper}) {
      const EdgeBracket b = bracket_after(spec, counts, side, r);
      if (b.found) counts[bisection_point(spec, r, side)] = run(midpoint(b));
    }
  return {bracket_after(spec, counts, EdgeSide::lower, rounds),
          bracket_after(spec, counts, EdgeSide::upper, rounds)};
}

std::vector<TrajectoryResult> run_lr_replicas(const LrScanSpec& spec, double eta, int first,
                                              int count,
                                              const std::function<bool(std::uint64_t)>& monitor) {
  const model::Network& net = spec.base.network;
  std::vector<LaneSetup> lanes;
  for (int k = first; k < first + count; ++k) {
    const auto key = static_cast<std::uint64_t>(k);
    lanes.push_back(
        {key, eta, initial_parameters(spec.base.init, net.num_params(), spec.base.seed, key)});
  }
  return run_trajectory_block(spec.base, net, lanes, {}, monitor);
}

}  // namespace xorscape::train
