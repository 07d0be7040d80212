// Same seed, same results: whatever the number of threads, the lane a trajectory runs in, or
// the trajectories beside it.
#include <gtest/gtest.h>
#include <omp.h>

#include <cstring>
#include <map>

#include "xorscape/exec/record_schedule.hpp"
#include "xorscape/train/train_ensemble.hpp"

namespace {
using namespace xorscape;

train::TrainSpec ensemble_spec(train::Optimizer opt) {
  train::TrainSpec s;
  s.hidden_sizes = {2, 3};
  s.step_sizes = {0.1, 0.7};
  s.seeds_per_setting = 3;
  s.epochs = 3000;
  s.optimizer = opt;
  s.batch = model::BatchKind::random;
  s.init.scheme = train::InitScheme::symmetric;
  s.init.scale = 1.0;
  return s;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

std::map<std::uint64_t, train::TrajectoryResult> run_all(const train::TrainSpec& spec,
                                                         int threads) {
  const auto records = exec::log_spaced_epochs(spec.epochs, 10);
  const auto units = train::plan_units(spec, exec::Shard{}, {}, threads);
  std::vector<std::vector<train::TrajectoryResult>> out(units.size());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (std::size_t u = 0; u < units.size(); ++u)
    out[u] = train::run_unit(spec, units[u], records, nullptr);
  std::map<std::uint64_t, train::TrajectoryResult> by_task;
  for (auto& v : out)
    for (auto& r : v) by_task[r.task] = std::move(r);
  return by_task;
}

class Determinism : public ::testing::TestWithParam<train::Optimizer> {};

TEST_P(Determinism, OneThreadTwoThreadsAndLaneLayoutGiveIdenticalBits) {
  const auto spec = ensemble_spec(GetParam());
  const auto one = run_all(spec, 1);  // 8-lane blocks
  const auto two = run_all(spec, 2);
  const auto many = run_all(spec, 12);  // one task per unit: scalar lanes
  ASSERT_EQ(one.size(), train::task_count(spec));
  for (const auto& [task, r] : one) {
    for (const auto* other : {&two.at(task), &many.at(task)}) {
      EXPECT_TRUE(same_bits(r.loss_batch, other->loss_batch)) << task;
      EXPECT_TRUE(same_bits(r.params, other->params)) << task;
      EXPECT_TRUE(same_bits(r.final_params, other->final_params)) << task;
      EXPECT_EQ(r.convergence_epoch, other->convergence_epoch);
      EXPECT_EQ(r.accepted_moves, other->accepted_moves);
    }
  }
  // Different replicas really are different trajectories.
  EXPECT_FALSE(same_bits(one.at(0).final_params, one.at(1).final_params));
}

INSTANTIATE_TEST_SUITE_P(AllOptimizers, Determinism,
                         ::testing::Values(train::Optimizer::gd, train::Optimizer::adam,
                                           train::Optimizer::zero_t_mc),
                         [](const auto& info) {
                           return std::string(train::to_string(info.param)) == "zero-t-mc"
                                      ? std::string("zero_t_mc")
                                      : std::string(train::to_string(info.param));
                         });
}  // namespace
