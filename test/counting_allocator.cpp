// Every form of the global operator new and delete, replaced. The counter is the only
// addition; memory comes from malloc, which AddressSanitizer intercepts as usual, so the
// count also holds in the sanitizer build (a replacement in the executable takes precedence
// over the sanitizer runtime's own operator new).
#include "counting_allocator.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::size_t> count{0};

void* counted_allocation(std::size_t size, std::size_t alignment) {
  count.fetch_add(1, std::memory_order_relaxed);
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

std::size_t kudzu::testing::allocation_count() { return count.load(); }

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
