// Steady state allocates nothing: once a fixed-shape computation has run, its buffers,
// tensor records and tape nodes all come back from the pool and the tape's kept capacity.
// This binary replaces the global operator new with a counting one to prove it.
#define BOOST_TEST_MODULE allocation
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdlib>
#include <new>
#include <vector>

#include "kudzu/kudzu.hpp"
#include "original_network.hpp"

// Every form of the global operator new and delete, replaced. The counter is the only
// addition; memory comes from malloc, which AddressSanitizer intercepts as usual, so the
// count also holds in the sanitizer build (a replacement in the executable takes precedence
// over the sanitizer runtime's own operator new).
namespace {

std::atomic<std::size_t> allocation_count{0};

void* counted_allocation(std::size_t size, std::size_t alignment) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  void* memory = nullptr;
  if (alignment <= alignof(std::max_align_t))
    memory = std::malloc(size ? size : 1);
  else if (posix_memalign(&memory, alignment, size ? size : 1) != 0)
    memory = nullptr;
  return memory;
}

void* counted_or_throw(std::size_t size, std::size_t alignment) {
  if (void* memory = counted_allocation(size, alignment)) return memory;
  throw std::bad_alloc();
}

constexpr std::size_t default_alignment = alignof(std::max_align_t);

}  // namespace

void* operator new(std::size_t size) { return counted_or_throw(size, default_alignment); }
void* operator new[](std::size_t size) { return counted_or_throw(size, default_alignment); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  return counted_or_throw(size, std::size_t(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return counted_or_throw(size, std::size_t(alignment));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size, default_alignment);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size, default_alignment);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return counted_allocation(size, std::size_t(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return counted_allocation(size, std::size_t(alignment));
}

// g++ cannot see that the operators new above are malloc, and warns about the free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::align_val_t) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t, std::align_val_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete(void* memory, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(memory);
}
#pragma GCC diagnostic pop

namespace {

using namespace kudzu;

// How many times operator new ran during f().
template <class F>
std::size_t allocations_during(F&& f) {
  const std::size_t before = allocation_count.load();
  f();
  return allocation_count.load() - before;
}

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

}  // namespace
