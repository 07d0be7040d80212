#include "xorscape/train/solution_atlas.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "xorscape/model/symmetry.hpp"

namespace xorscape::train {
namespace {

// Median of `x` (reordered); the mean of the two middle values for an even count.
double median_of(std::vector<double>& x) {
  const std::size_t n = x.size(), mid = n / 2;
  std::nth_element(x.begin(), x.begin() + mid, x.end());
  const double upper = x[mid];
  if (n % 2) return upper;
  const double lower = *std::max_element(x.begin(), x.begin() + mid);
  return 0.5 * (lower + upper);
}

double distance(std::span<const double> a, std::span<const double> b) {
  double s = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(s);
}

void describe_family(const SolutionAtlas& atlas, SolutionFamily& f) {
  const std::size_t P = atlas.net.num_params();
  std::vector<double> column(f.members.size());
  f.median.assign(P, 0.0);
  for (std::size_t k = 0; k < P; ++k) {
    for (std::size_t m = 0; m < f.members.size(); ++m) column[m] = atlas.canonical[f.members[m]][k];
    f.median[k] = median_of(column);
  }
  double best = 0.0;
  for (std::size_t m = 0; m < f.members.size(); ++m) {
    const double d = distance(atlas.canonical[f.members[m]], f.median);
    if (m == 0 || d < best) best = d, f.representative = f.members[m];
  }
  const auto& rep = atlas.canonical[f.representative];
  for (std::size_t m = 0; m < f.members.size(); ++m)
    column[m] = distance(atlas.canonical[f.members[m]], rep);
  f.median_distance = median_of(column);
}

}  // namespace

std::string family_key(std::vector<std::uint8_t> patterns) {
  std::sort(patterns.begin(), patterns.end());
  std::string key;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (i) key += '+';
    key += model::pattern_string(patterns[i]);
  }
  return key;
}

std::string family_key_of(const model::Network& net, std::span<const double> v) {
  return family_key(model::hidden_patterns(net, model::canonical_form(net, v)));
}

SolutionAtlas build_solution_atlas(const model::Network& net,
                                   const std::vector<std::vector<double>>& solutions) {
  SolutionAtlas atlas;
  atlas.net = net;
  atlas.canonical.reserve(solutions.size());
  std::map<std::string, std::size_t> index_of_key;
  std::vector<SolutionFamily> families;
  for (std::size_t s = 0; s < solutions.size(); ++s) {
    atlas.canonical.push_back(model::canonical_form(net, solutions[s]));
    auto patterns = model::hidden_patterns(net, atlas.canonical.back());
    std::sort(patterns.begin(), patterns.end());
    const std::string key = family_key(patterns);
    const auto [it, inserted] = index_of_key.try_emplace(key, families.size());
    if (inserted) families.push_back({key, patterns, {}, 0, {}, 0.0});
    families[it->second].members.push_back(s);
  }
  std::sort(families.begin(), families.end(), [](const SolutionFamily& a, const SolutionFamily& b) {
    return a.count() != b.count() ? a.count() > b.count() : a.key < b.key;
  });
  atlas.family_of.assign(solutions.size(), -1);
  for (std::size_t f = 0; f < families.size(); ++f) {
    for (std::size_t s : families[f].members) atlas.family_of[s] = static_cast<int>(f);
    describe_family(atlas, families[f]);
  }
  atlas.families = std::move(families);
  return atlas;
}

int assign_family(const SolutionAtlas& atlas, const model::Network& net,
                  std::span<const double> v) {
  if (net.n_hidden != atlas.net.n_hidden || net.hidden_activation != atlas.net.hidden_activation)
    throw std::invalid_argument("assign_family: network differs from the atlas' network");
  const std::string key = family_key_of(net, v);
  for (std::size_t f = 0; f < atlas.families.size(); ++f)
    if (atlas.families[f].key == key) return static_cast<int>(f);
  return -1;
}

}  // namespace xorscape::train
