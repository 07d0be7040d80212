#include "xorscape/io/microcanonical_file.hpp"

#include <string>
#include <vector>

#include "xorscape/io/h5_file.hpp"

namespace xorscape::io {
namespace {

constexpr const char* kBranchAxis = "0 trained (L < L*), 1 other (L > L*)";

template <typename T>
void column(H5::Group& g, const char* name, const std::vector<T>& v, const std::string& what) {
  write_dataset(g, {name, {v.size()}, what, "row"}, v);
}

void write_curves(H5::Group& g, const dos::MicrocanonicalAnalysis& a) {
  const auto& d = a.derivatives;
  const hsize_t n = d.centers.size();
  write_dataset(g, {"bin_center", {n}, "centre of each analysis bin (merged stored bins)", "bin"},
                d.centers);
  write_dataset(g,
                {"ln_density",
                 {n},
                 "mean over runs of ln(G / dL), the density per unit L before smoothing (NaN "
                 "unless every run reached the bin)",
                 "bin"},
                d.mean_ln_g);
  const char* names[4] = {"S", "beta", "gamma", "delta"};
  const char* what[4] = {"S(L): ln of the density per unit L, smoothed by the local fit",
                         "beta = dS/dL", "gamma = d2S/dL2", "delta = d3S/dL3"};
  for (int k = 0; k < 4; ++k) {
    write_dataset(g, {names[k], {n}, what[k], "bin"}, d.estimate.order(k));
    write_dataset(g,
                  {std::string(names[k]) + "_sigma",
                   {n},
                   std::string("jackknife error over runs of ") + names[k],
                   "bin"},
                  d.sigma.order(k));
  }
}

void write_peaks(H5::Group& parent, const dos::MicrocanonicalAnalysis& a) {
  H5::Group g = parent.createGroup("peaks");
  std::vector<double> L, L_sigma, S, S_sigma, prom, prom_sigma;
  std::vector<std::int64_t> branch, significant;
  for (const auto& p : a.peaks) {
    L.push_back(p.L), L_sigma.push_back(p.L_sigma), S.push_back(p.S), S_sigma.push_back(p.S_sigma);
    prom.push_back(p.prominence), prom_sigma.push_back(p.prominence_sigma);
    branch.push_back(p.branch == dos::Branch::trained ? 0 : 1);
    significant.push_back(p.significant);
  }
  column(g, "L", L, "position of a local maximum of S");
  column(g, "L_sigma", L_sigma, "jackknife error of L");
  column(g, "S", S, "S at the peak");
  column(g, "S_sigma", S_sigma, "jackknife error of S");
  column(g, "prominence", prom, "rise of S above the lower of the two neighbouring valleys");
  column(g, "prominence_sigma", prom_sigma, "error of the prominence");
  column(g, "branch", branch, kBranchAxis);
  column(g, "significant", significant, "1 if prominence > z sigma");
}

void write_convex(H5::Group& parent, const dos::MicrocanonicalAnalysis& a) {
  H5::Group g = parent.createGroup("convex");
  std::vector<double> lo, hi, gmax, gsig;
  std::vector<std::int64_t> branch, significant;
  for (const auto& c : a.convex) {
    lo.push_back(c.L_lo), hi.push_back(c.L_hi), gmax.push_back(c.gamma_max);
    gsig.push_back(c.gamma_max_sigma);
    branch.push_back(c.branch == dos::Branch::trained ? 0 : 1);
    significant.push_back(c.significant);
  }
  column(g, "L_lo", lo, "lower end of an interval where S is convex (gamma > 0)");
  column(g, "L_hi", hi, "upper end");
  column(g, "gamma_max", gmax, "largest gamma inside");
  column(g, "gamma_max_sigma", gsig, "jackknife error of gamma_max");
  column(g, "branch", branch, kBranchAxis);
  column(g, "significant", significant, "1 if gamma_max - z sigma > 0");
}

bool same_transition(const dos::Transition& a, const dos::Transition& b) {
  return a.bin == b.bin && a.order == b.order && a.type == b.type && a.branch == b.branch &&
         a.minimum == b.minimum;
}

void write_transitions(H5::Group& parent, const dos::RobustnessReport& r) {
  H5::Group g = parent.createGroup("transitions");
  std::vector<double> L, L_sigma, value, sigma, prom, prom_sigma;
  std::vector<std::int64_t> order, type, branch, minimum, significant, robust, partner;
  for (const auto& t : r.reference.transitions) {
    L.push_back(t.L), L_sigma.push_back(t.L_sigma), value.push_back(t.value);
    sigma.push_back(t.sigma), prom.push_back(t.prominence);
    prom_sigma.push_back(t.prominence_sigma);
    order.push_back(t.order);
    type.push_back(t.type == dos::TransitionType::independent ? 0 : 1);
    branch.push_back(t.branch == dos::Branch::trained ? 0 : 1);
    minimum.push_back(t.minimum);
    significant.push_back(t.significant);
    partner.push_back(t.partner);
    bool is_robust = false;
    for (const auto& rt : r.transitions)
      if (same_transition(rt.transition, t)) is_robust = rt.robust;
    robust.push_back(is_robust);
  }
  column(g, "L", L, "position: vertex of a parabola through the extremum of d^nS/dL^n");
  column(g, "L_sigma", L_sigma, "jackknife error of L (statistical only)");
  column(g, "order", order, "n: order of the transition and of the derivative d^nS/dL^n");
  column(g, "type", type, "0 independent, 1 dependent (Qi and Bachmann 2018)");
  column(g, "branch", branch, kBranchAxis);
  column(g, "minimum", minimum,
         "1 minimum, 0 maximum of d^nS/dE^n (E = L, or -L on the other "
         "branch)");
  column(g, "value", value, "d^nS/dL^n at the extremum");
  column(g, "sigma", sigma, "jackknife error of value");
  column(g, "prominence", prom, "depth of the extremum against its neighbourhood");
  column(g, "prominence_sigma", prom_sigma, "error of the prominence");
  column(g, "significant", significant, "1 if |value| > z sigma and prominence > z sigma");
  column(g, "robust", robust,
         "1 if significant and found again (same order, type, branch, sign, within "
         "tolerance_bins) with the bins halved and doubled and the window halved and doubled");
  column(g, "partner", partner,
         "dependent: row of the nearest independent transition of lower "
         "order on the branch; -1 none");
}

void write_gamma_max(H5::Group& g, const char* branch, const dos::GammaMax& m,
                     dos::BarrierVerdict robust) {
  const std::string p = std::string("gamma_max_") + branch;
  write_attr(g, p, m.value);
  write_attr(g, p + "_sigma", m.sigma);
  write_attr(g, p + "_L", m.L);
  write_attr(g, std::string("barrier_") + branch, std::string(dos::to_string(robust)));
  write_attr(g, std::string("barrier_") + branch + "_reference",
             std::string(dos::to_string(m.verdict)));
}

}  // namespace

void write_analysis_settings(H5::Group& d, const dos::EntropyAnalysisSettings& s) {
  write_attr(d, "analysis_degree", std::int64_t{s.fit.degree});
  write_attr(d, "analysis_window", std::int64_t{s.fit.window});
  write_attr(d, "analysis_weight", std::string(dos::to_string(s.fit.weight)));
  write_attr(d, "analysis_z", s.z);
  write_attr(d, "analysis_tolerance_bins", std::int64_t{s.tolerance_bins});
  write_attr(d, "analysis_merge", std::int64_t{s.merge});
}

dos::EntropyAnalysisSettings read_analysis_settings(const H5::Group& d) {
  dos::EntropyAnalysisSettings s;
  if (has_attr(d, "analysis_degree"))
    s.fit.degree = static_cast<int>(read_int_attr(d, "analysis_degree"));
  if (has_attr(d, "analysis_window"))
    s.fit.window = static_cast<int>(read_int_attr(d, "analysis_window"));
  if (has_attr(d, "analysis_weight") && read_string_attr(d, "analysis_weight") == "tricube")
    s.fit.weight = dos::FitWeight::tricube;
  if (has_attr(d, "analysis_z")) s.z = read_double_attr(d, "analysis_z");
  if (has_attr(d, "analysis_tolerance_bins"))
    s.tolerance_bins = static_cast<int>(read_int_attr(d, "analysis_tolerance_bins"));
  if (has_attr(d, "analysis_merge")) s.merge = static_cast<int>(read_int_attr(d, "analysis_merge"));
  return s;
}

void write_microcanonical(H5::Group& nh, const dos::RobustnessReport& r,
                          const dos::EntropyAnalysisSettings& s) {
  if (nh.nameExists("microcanonical")) nh.unlink("microcanonical");
  H5::Group g = nh.createGroup("microcanonical");
  const auto& a = r.reference;
  write_attr(g, "description",
             std::string("microcanonical analysis of S(L) = ln(g per unit L): local polynomial "
                         "derivatives, jackknife errors over runs, Qi-Bachmann transitions"));
  write_attr(g, "degree", std::int64_t{s.fit.degree});
  write_attr(g, "window", std::int64_t{s.fit.window});
  write_attr(g, "weight", std::string(dos::to_string(s.fit.weight)));
  write_attr(g, "z", s.z);
  write_attr(g, "tolerance_bins", std::int64_t{s.tolerance_bins});
  write_attr(g, "merge", std::int64_t{s.merge});
  write_attr(g, "runs", static_cast<std::int64_t>(a.derivatives.runs));
  write_attr(g, "L_star", a.maximum.L);
  write_attr(g, "L_star_sigma", a.maximum.L_sigma);
  write_attr(g, "L_star_found", std::int64_t{a.maximum.found});
  write_attr(g, "S_max", a.maximum.S);
  write_attr(g, "S_max_sigma", a.maximum.S_sigma);
  write_gamma_max(g, "trained", a.gamma_max_trained, r.trained_barrier);
  write_gamma_max(g, "other", a.gamma_max_other, r.other_barrier);
  write_curves(g, a);
  write_peaks(g, a);
  write_convex(g, a);
  write_transitions(g, r);
}

}  // namespace xorscape::io
