#include "xorscape/landscape/descent_path.hpp"

#include <cmath>

#include "xorscape/exec/record_schedule.hpp"
#include "xorscape/model/batched_kernel.hpp"

namespace xorscape::landscape {

DescentPath descend(const model::Network& net, std::span<const double> center, ParameterPair pair,
                    const PathStart& start, const PathSettings& settings,
                    const PathMonitor& monitor) {
  std::vector<double> p(center.begin(), center.end()), g(p.size());
  p[pair.x] += start.dx;
  p[pair.y] += start.dy;
  model::KernelScratch scratch;
  scratch.reserve(net, 1);
  const auto schedule = exec::log_spaced_epochs(settings.epochs, settings.points_per_decade);
  std::size_t next_scheduled = 0;
  const double d2 = settings.record_distance * settings.record_distance;
  const std::size_t capacity = static_cast<std::size_t>(settings.max_points);

  DescentPath path;
  double last_x = 0.0, last_y = 0.0;
  const auto record = [&](std::uint64_t t, double loss) {
    path.epoch.push_back(t);
    path.dx.push_back(p[pair.x] - center[pair.x]);
    path.dy.push_back(p[pair.y] - center[pair.y]);
    path.loss.push_back(loss);
    last_x = p[pair.x];
    last_y = p[pair.y];
  };
  std::uint64_t since_monitor = 0;
  for (std::uint64_t t = 0;; ++t) {
    double loss;
    model::loss_grad_block<1>(net, p.data(), 1, nullptr, &loss, g.data(), 1, scratch);
    path.diverged = !std::isfinite(loss);
    const bool stop = loss < settings.stop_loss;
    const bool last = path.diverged || stop || t == settings.epochs;
    while (next_scheduled < schedule.size() && schedule[next_scheduled] < t) ++next_scheduled;
    const bool scheduled = next_scheduled < schedule.size() && schedule[next_scheduled] == t;
    const double mx = p[pair.x] - last_x, my = p[pair.y] - last_y;
    const bool moved = t > 0 && mx * mx + my * my >= d2;
    if (last || ((scheduled || moved) && path.epoch.size() + 1 < capacity)) {
      record(t, loss);
    } else if (scheduled || moved) {
      path.truncated = true;
    }
    if (last) {
      path.epochs_run = t;
      path.final_loss = loss;
      path.reached_well = loss < settings.well_loss;
      path.complete = true;
      return path;
    }
    p[pair.x] -= start.learning_rate * g[pair.x];
    p[pair.y] -= start.learning_rate * g[pair.y];
    if (++since_monitor == kPathMonitorEvery) {
      if (monitor && monitor(since_monitor)) return path;
      since_monitor = 0;
    }
  }
}

}  // namespace xorscape::landscape
