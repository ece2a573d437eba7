// Steady state allocates nothing: once a fixed-shape computation has run, its buffers,
// tensor records and tape nodes all come back from the pool and the tape's kept capacity.
// This binary links counting_allocator.cpp, which replaces the global operator new with a
// counting one (the count also holds under AddressSanitizer), to prove it.
#define BOOST_TEST_MODULE allocation
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <vector>

#include "counting_allocator.hpp"
#include "custom_ops.hpp"
#include "kudzu/kudzu.hpp"
#include "original_network.hpp"

namespace {

using namespace kudzu;
using testing::allocations_during;

// Keeps the compiler from proving a buffer unused and eliding its allocation.
void escape(const void* pointer) { asm volatile("" : : "g"(pointer) : "memory"); }

constexpr int warm_up_steps = 2;

BOOST_AUTO_TEST_CASE(the_counter_sees_an_ordinary_allocation) {
  const std::size_t made = allocations_during([] {
    std::vector<float> buffer(1000);
    escape(buffer.data());
  });
  BOOST_TEST(made == 1u);
}

BOOST_AUTO_TEST_CASE(a_training_step_of_the_original_network_allocates_nothing) {
  Rng rng(42);
  testing::OriginalNetwork network(rng);
  const Tensor x = Tensor::uniform({50, 784}, rng);
  const Tensor y = Tensor::uniform({50, 1}, rng).detach();
  float loss = 0;
  // The first step fills the pool through the library's own calls to operator new: the
  // counter sees them, so a zero below means the steady state, not a blind counter.
  BOOST_TEST(allocations_during([&] { loss = network.train_step(x, y, 0.001f); }) > 0u);
  for (int step = 1; step < warm_up_steps; ++step) loss = network.train_step(x, y, 0.001f);
  const std::size_t made = allocations_during([&] { loss = network.train_step(x, y, 0.001f); });
  BOOST_TEST(made == 0u);
  BOOST_TEST(std::isfinite(loss));
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_long_chain_of_scalar_ops_allocates_nothing) {
  Tensor x = Tensor::full({1, 1}, 0.5f).requires_grad(true);
  const Tensor c = Tensor::full({1, 1}, 0.25f);
  auto forward_and_backward = [&] {
    Tensor y = x;
    for (int i = 0; i < 250; ++i) y = tanh(sigmoid(y * c + x) - 0.5f);
    y.backward();
    x.zero_grad();
  };
  for (int step = 0; step < warm_up_steps; ++step) forward_and_backward();
  BOOST_TEST(allocations_during(forward_and_backward) == 0u);
}

BOOST_AUTO_TEST_CASE(a_cross_entropy_step_allocates_nothing) {
  // Its label check builds error messages only for an error.
  Rng rng(1);
  Tensor w = Tensor::randn({4, 3}, rng).requires_grad(true);
  const Tensor x = Tensor::randn({8, 4}, rng);
  const Tensor labels = Tensor::from({8}, {0, 1, 2, 0, 1, 2, 0, 1});
  auto step = [&] {
    cross_entropy(matmul(x, w), labels).backward();
    w.zero_grad();
  };
  for (int i = 0; i < warm_up_steps; ++i) step();
  BOOST_TEST(allocations_during(step) == 0u);
}

BOOST_AUTO_TEST_CASE(a_conv2d_and_max_pool2d_step_allocates_nothing) {
  // LeNet's second convolution and pooling at batch 4: im2col's scratch buffer, the output
  // and every gradient come back from the pool.
  Rng rng(2);
  Tensor x = Tensor::randn({4, 6, 14, 14}, rng).requires_grad(true);
  Tensor w = Tensor::randn({16, 6, 5, 5}, rng).requires_grad(true);
  Tensor b = Tensor::zeros({16}).requires_grad(true);
  auto step = [&] {
    sum(max_pool2d(relu(conv2d(x, w, b, 1, 1)), 2, 2)).backward();
    for (Tensor* t : {&x, &w, &b}) t->zero_grad();
  };
  BOOST_TEST(allocations_during(step) > 0u);  // the first step fills the pool
  for (int i = 1; i < warm_up_steps; ++i) step();
  BOOST_TEST(allocations_during(step) == 0u);
  BOOST_TEST(tape_size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_step_through_custom_ops_allocates_nothing) {
  // Their outputs and gradients come from the pool, as the built-in ops' do.
  Rng rng(3);
  Tensor a = Tensor::randn({8, 16}, rng).requires_grad(true);
  const Tensor b = Tensor::randn({8, 16}, rng);
  auto step = [&] {
    sum(testing::weighted_sum(testing::swish(a, 1.5f), b, 2.0f, -1.0f)).backward();
    a.zero_grad();
  };
  for (int i = 0; i < warm_up_steps; ++i) step();
  BOOST_TEST(allocations_during(step) == 0u);
  BOOST_TEST(tape_size() == 0u);
}

}  // namespace
