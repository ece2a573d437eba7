// A whole training epoch of the original network, and of a LeNet, through the training stack
// (Dataloader batch, Model forward, BCE, backward, optimizer step, zero_grad) makes no heap
// allocation once a first epoch has filled the pool and created the optimizer's state.
#define BOOST_TEST_MODULE training_allocation
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <span>
#include <vector>

#include "counting_allocator.hpp"
#include "kudzu/autograd.hpp"
#include "kudzu/data.hpp"
#include "kudzu/loss.hpp"
#include "kudzu/networks.hpp"
#include "kudzu/nn.hpp"
#include "kudzu/optim.hpp"

namespace {

using namespace kudzu;
using testing::allocations_during;

struct EpochAllocations {
  std::size_t first = 0, second = 0;
  float last_loss = 0;
};

// Trains `model` for two epochs of the 520 rows of `data` at batch 50 (ten full batches and a
// partial one of 20, so both batch shapes are in steady state).
EpochAllocations allocations_per_epoch(Model model, const Loss& loss, const Data& data,
                                       Optimizer& opt) {
  Dataloader loader(data, Sampler(data, 50, true, 42));
  EpochAllocations result;
  auto epoch = [&] {
    for (auto&& [xb, yb] : loader) {
      Tensor value = loss(model(xb), yb);
      value.backward();
      opt.step(model);
      opt.zero_grad(model);
      result.last_loss = value.item();
    }
  };
  result.first = allocations_during(epoch);
  result.second = allocations_during(epoch);
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

// The original 784-100-100-2-1 network with binary cross-entropy.
void check_steady_state(Optimizer& opt) {
  Rng rng(42);
  const Data data(Tensor::uniform({520, 784}, rng), Tensor::uniform({520, 1}, rng));
  const Model model({Affine("first", 784, 100, rng), Relu("relu"), Affine("second", 100, 100, rng),
                     Relu("relu"), Affine("third", 100, 2, rng), Affine("output", 2, 1, rng),
                     Sigmoid("sigmoid")});
  check_steady_state(allocations_per_epoch(model, BCE(), data, opt));
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
// trains it: Unflatten, Conv2d, MaxPool2d and Flatten allocate nothing per step either.
BOOST_AUTO_TEST_CASE(a_lenet_epoch_with_adam_allocates_nothing) {
  Rng rng(42);
  std::vector<float> labels;
  for (int row = 0; row < 520; ++row) labels.push_back(float(row % 10));
  const Data data(Tensor::uniform({520, 784}, rng),
                  Tensor::from({520, 1}, std::span<const float>(labels)));
  Adam opt(0.001f);
  const EpochAllocations counted =
      allocations_per_epoch(lenet(10, 0, rng).slice(0, -1), CrossEntropy(), data, opt);
  check_steady_state(counted);
}

}  // namespace
