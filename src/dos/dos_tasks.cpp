#include "xorscape/dos/dos_tasks.hpp"

#include <cmath>
#include <stdexcept>

#include "xorscape/dos/network_energy.hpp"

namespace xorscape::dos {
namespace {

// A start inside the window, drawn from the measure with the task's own stream.
std::vector<double> start_in_window(const model::Network& net, const Measure& m,
                                    const std::vector<double>& edges, exec::RandomStream& rng) {
  std::vector<double> v(net.num_params());
  for (int attempt = 0; attempt < 1000000; ++attempt) {
    for (int k = 0; k < net.num_params(); ++k)
      v[k] = m.kind == MeasureKind::box ? m.half_width[k] * (2.0 * rng.uniform() - 1.0)
                                        : m.sigma * rng.normal();
    if (bin_of(edges, NetworkEnergy(net, v).value()) >= 0) return v;
  }
  throw std::runtime_error("dos: no start inside the loss window after 1e6 draws from the measure");
}

}  // namespace

std::uint64_t task_count(const DosSpec& spec) {
  return spec.hidden_sizes.size() * static_cast<std::uint64_t>(spec.runs);
}

model::Network network_of_group(const DosSpec& spec, int group) {
  model::Network net = spec.network;
  net.n_hidden = spec.hidden_sizes.at(group);
  return net;
}

Measure measure_of_group(const DosSpec& spec, int group) {
  Measure m = spec.measure;
  m.half_width.resize(network_of_group(spec, group).num_params(),
                      spec.measure.half_width.empty() ? 1.0 : spec.measure.half_width.back());
  return m;
}

DosTaskResult run_dos_task(const DosSpec& spec, std::uint64_t task, const WalkMonitor& monitor,
                           const WalkerState* resume, const WalkCheckpoint& checkpoint) {
  DosTaskResult out;
  out.task = task;
  const int group = static_cast<int>(task / spec.runs);
  const model::Network net = network_of_group(spec, group);
  const Measure m = measure_of_group(spec, group);
  exec::RandomStream rng(spec.seed, task, exec::Purpose::proposal);
  if (spec.method == Method::simple) {
    constexpr std::uint64_t kChunk = 1 << 20;  // monitor granularity
    for (std::uint64_t done = 0; done < spec.samples; done += kChunk) {
      const std::uint64_t n = std::min(kChunk, spec.samples - done);
      add_counts(out.samples, sample_losses(net, m, spec.edges, n, rng));
      if (monitor && monitor(n)) return out;
    }
    out.ln_g = ln_g_of_counts(out.samples, m.log_mass());
    out.complete = true;
    return out;
  }
  std::vector<double> start;
  if (resume) {
    start = resume->position;
  } else {
    exec::RandomStream start_rng(spec.seed, task, exec::Purpose::initialization);
    start = start_in_window(net, m, spec.edges, start_rng);
  }
  NetworkEnergy energy(net, start);
  WangLandauSettings s = spec.wl;
  if (spec.method == Method::wang_landau) s.production_steps = 0;
  WangLandauWalker walker(energy, m, spec.edges, s, rng);
  if (resume) walker.restore(*resume);
  out.walker = walker.run(monitor, checkpoint);
  out.ln_g = out.walker.ln_g;
  out.complete = out.walker.complete;
  return out;
}

}  // namespace xorscape::dos

namespace xorscape::dos {

RunStatistics combine_runs(const std::vector<std::vector<double>>& ln_g_runs) {
  RunStatistics s;
  const std::size_t bins = ln_g_runs.empty() ? 0 : ln_g_runs[0].size();
  const double nan = std::nan("");
  s.mean.assign(bins, nan);
  s.std.assign(bins, nan);
  s.stderr_mean.assign(bins, nan);
  s.runs.assign(bins, 0);
  for (std::size_t i = 0; i < bins; ++i) {
    double sum = 0.0;
    int n = 0;
    for (const auto& r : ln_g_runs)
      if (std::isfinite(r[i])) {
        sum += r[i];
        ++n;
      }
    s.runs[i] = n;
    if (n == 0) continue;
    s.mean[i] = sum / n;
    if (n < 2) continue;
    double ss = 0.0;
    for (const auto& r : ln_g_runs)
      if (std::isfinite(r[i])) ss += (r[i] - s.mean[i]) * (r[i] - s.mean[i]);
    s.std[i] = std::sqrt(ss / (n - 1));
    s.stderr_mean[i] = s.std[i] / std::sqrt(static_cast<double>(n));
  }
  return s;
}

}  // namespace xorscape::dos
