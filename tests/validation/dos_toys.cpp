// Full-scale accuracy of the density-of-states methods on toys with a closed-form density of
// states (issue #5, "Validation"; results in docs/validation_dos.md). Minutes per case, so it is
// built with the tests but not run by ctest.
//
//   dos_toys_validation <case> [key=value ...]
//   cases: d9-simple d9-wl d9-muca d73-wl d73-muca flat-simple flat-wl flat-muca chi9-simple
//          chi9-wl chi9-muca slope-d9 slope-d73 slope-flat slope-flat4
//   keys:  runs (R walkers or sampling runs), group (runs per error-bar group, default 8),
//          lnf (ln f_final), lnfs (comma-separated, slope cases), production (multicanonical
//          proposals), samples (simple sampling), lnf0 (ln_f_initial), flatness, tune (tune_steps),
//          check (check_every), seed, threads
//
// Prints one line per run (rms of ln G - exact over the bins, proposals, CPU seconds) and, per
// case, the rms of the mean over each group of `group` runs, the fraction of bins whose mean lies
// within one standard error of the exact value (expected: P(|t_{group-1}| < 1)) and the times.
#include "../unit/dos_toys.hpp"

#include <omp.h>
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
using namespace xorscape;
using namespace xorscape::dos_toys;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Case {
  Toy toy;
  dos::Method method = dos::Method::wang_landau;
  dos::WangLandauSettings wl;
  std::uint64_t samples = 0;
  int runs = 8;
};

// The documented full-scale configurations (docs/validation_dos.md); key=value overrides them.
// The toys: d9 = [-1, 1]^9, E = |x|^2, window [0.5, 2) in 16 ln-bins (the box faces cut the ball
// above E = 1, so the caps are part of what is checked); d73 = [-1, 1]^73, [0.5, 1) in 24 ln-bins
// (inside the ball; ln G rises by ~1 per bin, 25 over the window; simple sampling cannot reach
// it: it holds e^-106 of the box); flat = the flat landscape of the unit tests (10 ln-bins);
// flat4 = E = x + 1.5 on [-1.5, 1.5], 4 equal bins (the unit test of the 1/t slope); chi9 =
// E = |x|^2 under N(0, 1)^9 (chi-squared), [2, 20) in 12 ln-bins.
// slope-<toy>: Wang-Landau runs for each ln f_final of `lnfs`, rms against proposals.
Case make_case(const std::string& name) {
  Case c;
  c.runs = 16;
  const std::string toy = name.starts_with("slope-") ? name.substr(6) : name;
  if (toy.starts_with("d9")) c.toy = box_sum_of_squares(9, log_edges(0.5, 2.0, 16));
  if (toy.starts_with("d73")) c.toy = box_sum_of_squares(73, log_edges(0.5, 1.0, 24));
  if (toy.starts_with("flat4"))
    c.toy = flat({1.5}, 0, dos::uniform_edges(0.0, 3.0, 4));
  else if (toy.starts_with("flat"))
    c.toy = flat({1.5, 0.5}, 0, log_edges(0.3, 3.0, 10));
  if (toy.starts_with("chi9")) c.toy = gaussian_sum_of_squares(9, log_edges(2.0, 20.0, 12));
  if (c.toy.edges.empty()) throw std::invalid_argument("unknown case " + name);
  if (name.starts_with("slope-")) return c;
  if (name.ends_with("-simple")) {
    c.method = dos::Method::simple;
    c.runs = 8;
    c.samples = toy.starts_with("d9") ? 250000000 : 100000000;
  } else if (name.ends_with("-muca")) {
    c.method = dos::Method::multicanonical;
    c.wl.ln_f_final = 1e-6;
    c.wl.production_steps = 100000000;
  } else if (name.ends_with("-wl")) {
    c.wl.ln_f_final = toy.starts_with("d73") ? 2e-7 : 1e-7;
  } else {
    throw std::invalid_argument("unknown case " + name);
  }
  return c;
}

double ls_slope(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0.0, my = 0.0, sxy = 0.0, sxx = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / x.size();
    my += y[i] / x.size();
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxy / sxx;
}

struct RunOut {
  std::vector<double> ln_g;
  std::uint64_t proposals = 0;
  double cpu = 0.0;
  bool one_over_t = false;
};

std::vector<RunOut> run_all(const Case& c, std::uint64_t seed, int runs) {
  std::vector<RunOut> out(runs);
#pragma omp parallel for schedule(dynamic, 1)
  for (int r = 0; r < runs; ++r) {
    const double t0 = thread_cpu_seconds();
    const ToyRun tr = run_toy(c.toy, c.method, c.wl, c.samples, seed, r);
    out[r] = {tr.ln_g, tr.proposals, thread_cpu_seconds() - t0, tr.walker.one_over_t.proposals > 0};
  }
  return out;
}

void report(const Case& c, const std::vector<RunOut>& runs, int group, double wall) {
  const auto exact = exact_as_estimated(c.toy, c.method);
  double cpu = 0.0, ss_run = 0.0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const double e = rms_error(runs[r].ln_g, exact);
    ss_run += e * e;
    cpu += runs[r].cpu;
    std::printf("  run %3zu  rms %.5f  proposals %.4g  cpu %.1f s%s\n", r, e,
                static_cast<double>(runs[r].proposals), runs[r].cpu,
                c.method != dos::Method::simple && !runs[r].one_over_t ? "  (no 1/t stage)" : "");
  }
  const int groups = static_cast<int>(runs.size()) / group;
  double ss_mean = 0.0, covered = 0.0, ss_z = 0.0;
  int z_n = 0;
  for (int g = 0; g < groups; ++g) {
    std::vector<std::vector<double>> part;
    for (int r = 0; r < group; ++r) part.push_back(runs[g * group + r].ln_g);
    const auto st = dos::combine_runs(part);
    const double e = rms_error(st.mean, exact);
    ss_mean += e * e;
    covered += coverage(st, exact);
    for (std::size_t i = 0; i < exact.size(); ++i)
      if (st.stderr_mean[i] > 0) {
        ss_z += std::pow((st.mean[i] - exact[i]) / st.stderr_mean[i], 2);
        ++z_n;
      }
    std::printf("  group %d of %d runs: rms(mean) %.5f, coverage %.3f\n", g, group, e,
                coverage(st, exact));
  }
  std::vector<std::vector<double>> all;
  for (const auto& r : runs) all.push_back(r.ln_g);
  std::printf("all %zu runs: rms(mean) %.5f (%.5f if the runs were unbiased)\n", runs.size(),
              rms_error(dos::combine_runs(all).mean, exact),
              std::sqrt(ss_run / runs.size() / runs.size()));
  std::printf(
      "summary: runs %zu, rms per run %.5f (rms over runs), rms of the mean of %d runs %.5f, "
      "coverage %.3f over %d groups x %zu bins (Student t_%d expects %.3f), mean t^2 %.2f "
      "(expects %.2f), cpu %.1f s, wall %.1f s, %.3g proposals/cpu-s\n",
      runs.size(), std::sqrt(ss_run / runs.size()), group,
      groups ? std::sqrt(ss_mean / groups) : NAN, groups ? covered / groups : NAN, groups,
      exact.size(), group - 1, student_t_within_one(group - 1), z_n ? ss_z / z_n : NAN,
      group > 3 ? (group - 1.0) / (group - 3.0) : NAN, cpu, wall,
      static_cast<double>(runs[0].proposals) * runs.size() / cpu);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <case> [key=value ...] (see the top of the source)\n", argv[0]);
    return 2;
  }
  try {
    const std::string name = argv[1];
    std::map<std::string, std::string> kv;
    for (int i = 2; i < argc; ++i) {
      const std::string a = argv[i];
      const auto eq = a.find('=');
      if (eq == std::string::npos) throw std::invalid_argument("expected key=value: " + a);
      kv[a.substr(0, eq)] = a.substr(eq + 1);
    }
    Case c = make_case(name);
    int group = 8;
    std::vector<double> lnfs = {1e-4, 1e-5, 1e-6, 1e-7};
    std::uint64_t seed = 1;
    for (const auto& [k, v] : kv) {
      if (k == "runs")
        c.runs = std::stoi(v);
      else if (k == "group")
        group = std::stoi(v);
      else if (k == "lnf")
        c.wl.ln_f_final = std::stod(v);
      else if (k == "production")
        c.wl.production_steps = static_cast<std::uint64_t>(std::stod(v));
      else if (k == "samples")
        c.samples = static_cast<std::uint64_t>(std::stod(v));
      else if (k == "lnf0")
        c.wl.ln_f_initial = std::stod(v);
      else if (k == "flatness")
        c.wl.flatness = std::stod(v);
      else if (k == "tune")
        c.wl.tune_steps = static_cast<std::uint64_t>(std::stod(v));
      else if (k == "check")
        c.wl.check_every = static_cast<std::uint64_t>(std::stod(v));
      else if (k == "seed")
        seed = std::stoull(v);
      else if (k == "lnfs") {
        lnfs.clear();
        for (std::size_t p = 0; p < v.size();) {
          const auto q = std::min(v.find(',', p), v.size());
          lnfs.push_back(std::stod(v.substr(p, q - p)));
          p = q + 1;
        }
      } else if (k == "threads")
        omp_set_num_threads(std::stoi(v));
      else
        throw std::invalid_argument("unknown key " + k);
    }
    std::printf(
        "case %s: d = %d, %zu bins on [%g, %g), method %s, lnf_final %g, production %g, "
        "samples %g, runs %d, seed %llu, threads %d\n",
        name.c_str(), c.toy.d, c.toy.exact.size(), c.toy.edges.front(), c.toy.edges.back(),
        std::string(dos::to_string(c.method)).c_str(), c.wl.ln_f_final,
        static_cast<double>(c.wl.production_steps), static_cast<double>(c.samples), c.runs,
        static_cast<unsigned long long>(seed), omp_get_max_threads());
    if (name.starts_with("slope")) {
      // rms error of single Wang-Landau runs vs their proposals t, ln f_final from 1e-4 to 1e-7:
      // the 1/t stage should make it fall like t^(-1/2).
      std::vector<double> lx, ly, lz;
      for (double lnf : lnfs) {
        c.wl.ln_f_final = lnf;
        const auto w0 = std::chrono::steady_clock::now();
        const auto runs = run_all(c, seed, c.runs);
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
        const auto exact = exact_as_estimated(c.toy, c.method);
        double ss = 0.0, t = 0.0, cpu = 0.0, mean_ln = 0.0;
        for (const auto& r : runs) {
          ss += std::pow(rms_error(r.ln_g, exact), 2);
          mean_ln += std::log(rms_error(r.ln_g, exact)) / runs.size();
          t += static_cast<double>(r.proposals);
          cpu += r.cpu;
        }
        const double rms = std::sqrt(ss / runs.size());
        t /= runs.size();
        lx.push_back(std::log(t));
        ly.push_back(std::log(rms));
        lz.push_back(mean_ln);
        std::printf(
            "  lnf %g: proposals %.4g, rms per run %.5f over %zu runs (geometric mean "
            "%.5f), cpu %.1f s, wall %.1f s\n",
            lnf, t, rms, runs.size(), std::exp(mean_ln), cpu, wall);
      }
      for (std::size_t i = 1; i < lx.size(); ++i)
        std::printf("  slope %zu-%zu: %.3f\n", i - 1, i, (ly[i] - ly[i - 1]) / (lx[i] - lx[i - 1]));
      std::printf(
          "  least-squares slope over all points: %.3f (rms over runs), %.3f (geometric "
          "mean over runs)\n",
          ls_slope(lx, ly), ls_slope(lx, lz));
      return 0;
    }
    const auto w0 = std::chrono::steady_clock::now();
    const auto runs = run_all(c, seed, c.runs);
    report(c, runs, group,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
