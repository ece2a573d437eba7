// A whole training epoch of the original network, and of a LeNet, through the training stack
// (Dataloader batch, Model forward, loss, backward, optimizer step, zero_grad) makes no heap
// allocation once a first epoch has filled the pool and created the optimizer's state; nor
// do two such epochs trained side by side on a ThreadPool, each with an evaluation task.
#define BOOST_TEST_MODULE training_allocation
#include <barrier>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <span>
#include <vector>

#include "counting_allocator.hpp"
#include "kudzu/autograd.hpp"
#include "kudzu/data.hpp"
#include "kudzu/learner.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/networks.hpp"
#include "kudzu/nn.hpp"
#include "kudzu/optim.hpp"
#include "kudzu/thread_pool.hpp"

namespace {

using namespace kudzu;
using testing::allocations_during;

struct EpochAllocations {
  std::size_t first = 0, second = 0;
  float last_loss = 0;
};

const BCE binary_loss;
const CrossEntropy classes_loss;

// A model learning from 520 rows at batch 50 (ten full batches and a partial one of 20, so
// both batch shapes are in steady state after one epoch). Made in place (returned as a
// prvalue), as its loader refers to its data.
struct Training {
  Data data;
  Model model;
  const Loss& loss;
  Dataloader loader{data, Sampler(data, 50, true, 42)};
  float last_loss = 0;

  void epoch(Optimizer& opt) {
    for (auto&& [xb, yb] : loader) {
      Tensor value = loss(model(xb), yb);
      value.backward();
      opt.step(model);
      opt.zero_grad(model);
      last_loss = value.item();
    }
  }
};

// The original 784-100-100-2-1 network with binary cross-entropy.
Training original_network_training() {
  Rng rng(42);
  Data data(Tensor::uniform({520, 784}, rng), Tensor::uniform({520, 1}, rng));
  return Training{std::move(data), original_network(784, 2, 2, rng), binary_loss};
}

EpochAllocations allocations_per_epoch(Training& training, Optimizer& opt) {
  EpochAllocations result;
  result.first = allocations_during([&] { training.epoch(opt); });
  result.second = allocations_during([&] { training.epoch(opt); });
  result.last_loss = training.last_loss;
  return result;
}

void check_steady_state(const EpochAllocations& counted) {
  // The first epoch fills the pool through the library's own calls to operator new: the
  // counter sees them, so the zero below means the steady state, not a blind counter.
  BOOST_TEST(counted.first > 0u);
  BOOST_TEST(counted.second == 0u);
  BOOST_TEST(std::isfinite(counted.last_loss));
  BOOST_TEST(tape_size() == 0u);
}

void check_steady_state(Optimizer& opt) {
  Training training = original_network_training();
  check_steady_state(allocations_per_epoch(training, opt));
}

BOOST_AUTO_TEST_CASE(an_epoch_with_gradient_descent_allocates_nothing) {
  GD opt(0.001f);
  check_steady_state(opt);
}

BOOST_AUTO_TEST_CASE(an_epoch_with_momentum_allocates_nothing) {
  Momentum opt(0.001f);
  check_steady_state(opt);
}

BOOST_AUTO_TEST_CASE(an_epoch_with_adam_allocates_nothing) {
  Adam opt(0.001f);
  check_steady_state(opt);
}

// A LeNet on ten classes, learning through its logits with cross-entropy as kudzu-compare
// trains it.
Training lenet_training() {
  Rng rng(42);
  std::vector<float> labels;
  for (int row = 0; row < 520; ++row) labels.push_back(float(row % 10));
  return Training{Data(Tensor::uniform({520, 784}, rng),
                       Tensor::from({520, 1}, std::span<const float>(labels))),
                  lenet(10, 0, rng).slice(0, -1), classes_loss};
}

// Unflatten, Conv2d, MaxPool2d and Flatten allocate nothing per step either.
BOOST_AUTO_TEST_CASE(a_lenet_epoch_with_adam_allocates_nothing) {
  Training training = lenet_training();
  Adam opt(0.001f);
  check_steady_state(allocations_per_epoch(training, opt));
}

// Nor with conv2d, max_pool2d and Relu handing their images out to a pool thread
// (ParallelOps).
BOOST_AUTO_TEST_CASE(a_lenet_epoch_with_parallel_ops_allocates_nothing) {
  ThreadPool pool(1);
  ParallelOps parallel(pool);
  Training training = lenet_training();
  Adam opt(0.001f);
  check_steady_state(allocations_per_epoch(training, opt));
}

BOOST_AUTO_TEST_CASE(two_models_trained_side_by_side_allocate_nothing_per_step) {
  // Each job trains its own model on a pool thread and hands an evaluation of a snapshot to
  // the pool every epoch, as AccCallback does; the counter is the process's, so the third
  // epochs (and their evaluations) are counted together, between two barriers both pass.
  ThreadPool pool(2);
  Training trainings[2] = {original_network_training(), original_network_training()};
  const Model snapshots[2] = {trainings[0].model.clone(), trainings[1].model.clone()};
  double accuracies[2] = {};
  Task evaluations[2] = {
      Task([&] { accuracies[0] = accuracy(snapshots[0], trainings[0].data, 200); }),
      Task([&] { accuracies[1] = accuracy(snapshots[1], trainings[1].data, 200); })};
  GD gd(0.001f);
  Adam adam(0.001f);
  Optimizer* optimizers[2] = {&gd, &adam};
  std::size_t warm = 0, counted = 0;
  std::barrier phases(2, [&, phase = 0]() mutable noexcept {
    (phase++ == 0 ? warm : counted) = testing::allocation_count();
  });
  auto job = [&](int i) {
    return [&, i] {
      for (int epoch = 0; epoch < 3; ++epoch) {
        if (epoch == 2) phases.arrive_and_wait();  // two epochs and an evaluation warmed up
        trainings[i].epoch(*optimizers[i]);
        evaluations[i].wait();
        evaluations[i].submit(pool);
      }
      evaluations[i].wait();
      phases.arrive_and_wait();
    };
  };
  pool.run({job(0), job(1)});
  BOOST_TEST(counted - warm == 0u);
  for (const Training& training : trainings) BOOST_TEST(std::isfinite(training.last_loss));
  BOOST_TEST(accuracies[0] > 0.0);
  BOOST_TEST(accuracies[1] > 0.0);
}

}  // namespace
