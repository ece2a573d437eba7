#include "pool.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
// A recycled block would hide a use-after-release from AddressSanitizer; poisoning the
// blocks that sit in a free list keeps such bugs visible in the sanitizer build.
#define KUDZU_POISON(block, bytes) ASAN_POISON_MEMORY_REGION(block, bytes)
#define KUDZU_UNPOISON(block, bytes) ASAN_UNPOISON_MEMORY_REGION(block, bytes)
#else
#define KUDZU_POISON(block, bytes) ((void)(block), (void)(bytes))
#define KUDZU_UNPOISON(block, bytes) ((void)(block), (void)(bytes))
#endif

namespace kudzu::detail {
namespace {

constexpr std::size_t alignment = 64;
constexpr int size_classes = 64;

int size_class(std::size_t bytes) {
  return std::bit_width(std::max(bytes, alignment) - 1);  // 2^class >= bytes
}

// Freed blocks keep their free-list link in their own first bytes: the pool itself never
// allocates.
struct FreeBlock {
  FreeBlock* next;
};

struct Pool {
  std::array<FreeBlock*, size_classes> free_lists{};
  ~Pool();
};

// Trivially destructible, so it stays readable after the pool is gone: blocks released
// during thread exit (tensors held by statics) go straight back to the heap.
thread_local bool pool_alive = false;

Pool& pool() {
  thread_local Pool instance;
  pool_alive = true;
  return instance;
}

void free_block(void* block) {
  ::operator delete(block, std::align_val_t{alignment});
}

Pool::~Pool() {
  pool_alive = false;
  for (FreeBlock* head : free_lists) {
    while (head) {
      KUDZU_UNPOISON(head, sizeof(FreeBlock));
      FreeBlock* next = head->next;
      free_block(head);
      head = next;
    }
  }
}

}  // namespace

void* pool_allocate(std::size_t bytes) {
  const int cls = size_class(bytes);
  Pool& instance = pool();
  if (FreeBlock* head = instance.free_lists[cls]) {
    KUDZU_UNPOISON(head, std::size_t{1} << cls);
    instance.free_lists[cls] = head->next;
    return head;
  }
  return ::operator new(std::size_t{1} << cls, std::align_val_t{alignment});
}

void pool_release(void* block, std::size_t bytes) noexcept {
  if (!block) return;
  if (!pool_alive) {
    free_block(block);
    return;
  }
  const int cls = size_class(bytes);
  Pool& instance = pool();
  instance.free_lists[cls] = new (block) FreeBlock{instance.free_lists[cls]};
  KUDZU_POISON(block, std::size_t{1} << cls);
}

}  // namespace kudzu::detail
