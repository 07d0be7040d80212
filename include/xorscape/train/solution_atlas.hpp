#pragma once
// The solution atlas (issue #4, "Basins and solutions"): solutions of the task found by many
// runs, brought to the canonical form of model/symmetry.hpp and grouped into families.
//
// A family is the set of solutions whose canonical vectors have the same multiset of hidden
// patterns (which hidden neuron is "on" for which truth-table case, in the flipped basis where
// every w2_i >= 0). Its key lists the patterns sorted, joined by '+', e.g. "0111+1110": one
// neuron that fires unless both inputs are 0 and one that fires unless both are 1. The patterns
// are a discrete invariant of the symmetries, so no distance threshold has to be chosen; within a
// family the canonical vectors still spread along the flat directions of the solution manifold,
// which the median distance to the representative measures.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "xorscape/model/network.hpp"

namespace xorscape::train {

struct SolutionFamily {
  std::string key;                     // sorted patterns joined by '+', e.g. "0111+1110"
  std::vector<std::uint8_t> patterns;  // the same, as numbers (model::hidden_patterns), sorted
  std::vector<std::size_t> members;    // indices into the atlas' solutions, ascending
  std::size_t representative = 0;      // the member nearest to the coordinate-wise median
  std::vector<double> median;          // coordinate-wise median of the members' canonical vectors
  double median_distance = 0.0;        // median Euclidean distance of members to the representative
  std::size_t count() const { return members.size(); }
};

struct SolutionAtlas {
  model::Network net;
  std::vector<std::vector<double>> canonical;  // per solution, model::canonical_form
  std::vector<int> family_of;                  // per solution, index into families
  // Ordered by count (descending), then key, so the atlas of the same solutions is the same
  // whatever order they come in, up to the member indices.
  std::vector<SolutionFamily> families;
};

// The key of a list of hidden patterns (sorted here, so any order of the neurons gives one key).
std::string family_key(std::vector<std::uint8_t> patterns);

// The family key of a vector: the patterns of its canonical form.
std::string family_key_of(const model::Network& net, std::span<const double> v);

// Canonicalizes and groups `solutions` (each net.num_params() finite numbers; throws
// std::invalid_argument otherwise). Whether they are solutions is the caller's business.
SolutionAtlas build_solution_atlas(const model::Network& net,
                                   const std::vector<std::vector<double>>& solutions);

// Index of the family of v's key in `atlas`, or -1 if no solution of the atlas has that key. Says
// nothing about v's loss: check that it is a solution first.
int assign_family(const SolutionAtlas& atlas, const model::Network& net, std::span<const double> v);

}  // namespace xorscape::train
