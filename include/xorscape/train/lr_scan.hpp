#pragma once
// The interval of learning rates that converge (paper Sect. III A: [0.002, 17.484] for n_h = 2,
// v_k = 0.1 r_k, 5e6 epochs): a log-spaced sweep of eta with K replicas each, then bisection
// (in log eta) of the lower and the upper edge.
//
// Points: the sweep's n_sweep etas, then for round r = 0.. the lower edge's midpoint
// (n_sweep + 2 r) and the upper edge's (n_sweep + 2 r + 1). Task = point * K + replica.
// Replica k starts from the same initial vector and draws the same batches at every eta
// (streams keyed by the replica, not the point), so the fraction converged is a function of eta
// alone for a fixed set of replicas, and the bisection does not chase noise between seeds.
#include <cstdint>
#include <functional>
#include <vector>

#include "xorscape/train/train_spec.hpp"
#include "xorscape/train/trajectory_result.hpp"

namespace xorscape::train {

struct LrScanSpec {
  TrainSpec base;                  // one n_h; base.epochs = budget E; stop_at_convergence is set
  std::vector<double> sweep;       // increasing etas
  int replicas = 8;                // K
  double converge_fraction = 0.5;  // eta converges if at least this fraction of K converge
  double precision = 1e-3;         // bisection stops when hi / lo - 1 <= this
};

enum class Outcome : std::uint8_t { converged = 0, diverged = 1, budget = 2 };
Outcome outcome_of(const TrajectoryResult& r);

enum class EdgeSide { lower = 0, upper = 1 };

// A bracket [lo, hi] of one edge: for the lower edge lo fails and hi converges, for the upper
// edge lo converges and hi fails. found = false when the sweep puts no edge in range.
struct EdgeBracket {
  bool found = false;
  double lo = 0.0, hi = 0.0;
  double estimate() const;  // geometric midpoint, NaN if not found
};

// Rounds of bisection that bring the widest sweep gap below the precision.
int bisection_rounds(const LrScanSpec& spec);
std::uint64_t point_count(const LrScanSpec& spec);
inline std::uint64_t sweep_point(int i) {
  return static_cast<std::uint64_t>(i);
}
std::uint64_t bisection_point(const LrScanSpec& spec, int round, EdgeSide side);

// The brackets the sweep leaves: around the lowest and the highest converging eta. With no
// converging eta, neither edge is found; an edge at the end of the sweep is not found either.
EdgeBracket initial_bracket(const LrScanSpec& spec, const std::vector<bool>& converges,
                            EdgeSide side);
double midpoint(const EdgeBracket& b);  // sqrt(lo hi)
EdgeBracket narrow(EdgeBracket b, EdgeSide side, bool midpoint_converges);
bool converges(const LrScanSpec& spec, int converged_count);

// The bracket of one edge after `rounds` rounds, replayed from the converged count of every
// point (-1 where a point has not run): the one rule by which the run picks its next midpoint
// and the file reports its edges.
EdgeBracket bracket_after(const LrScanSpec& spec, const std::vector<int>& converged_counts,
                          EdgeSide side, int rounds);

// The whole search against a predicate (unit tests and planted edges): the sweep, then the
// rounds; returns {lower, upper}.
std::vector<EdgeBracket> search_edges(const LrScanSpec& spec,
                                      const std::function<bool(double)>& eta_converges);

// Runs replicas [first, first + count) (count <= 8) at learning rate eta until each converges,
// diverges or spends the budget.
std::vector<TrajectoryResult> run_lr_replicas(const LrScanSpec& spec, double eta, int first,
                                              int count,
                                              const std::function<bool(std::uint64_t)>& monitor);

}  // namespace xorscape::train
