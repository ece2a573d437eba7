#include "pool.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

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

// This thread's free lists. Trivially destructible and constant-initialized, so reaching it
// costs one thread-local lookup and no initialization guard: it is on every op's path.
struct FreeLists {
  std::array<FreeBlock*, size_classes> heads{};
  // `retired` once the thread's destructors have emptied the lists: blocks released after
  // that (tensors held by statics, or by thread_locals destroyed later) go to the heap.
  enum class State : unsigned char { unused, active, retired } state = State::unused;
};

thread_local FreeLists free_lists;

void free_block(void* block) { ::operator delete (block, std::align_val_t{alignment}); }

// A new block from the heap. One of several megabytes (a data set, a batch of images) asks
// the kernel for 2 MB pages where it allows them only on request (transparent huge pages in
// "madvise" mode): a Dataloader reads such a tensor row by row in random order, each row on
// a 4 KB page of its own, and every TLB miss costs a page walk, two-dimensional in a virtual
// machine (perf on the comparison run in a KVM guest: a fifth fewer samples in the gathers).
void* new_block(int cls) {
  const std::size_t bytes = std::size_t{1} << cls;
  void* block = ::operator new (bytes, std::align_val_t{alignment});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::size_t huge_page = std::size_t{1} << 21;
  if (bytes >= 2 * huge_page) {
    const auto address = reinterpret_cast<std::uintptr_t>(block);
    const std::uintptr_t first = (address + huge_page - 1) & ~(huge_page - 1);
    const std::uintptr_t last = (address + bytes) & ~(huge_page - 1);
    // Advice only: where the kernel has no huge pages to give, the block is as before.
    if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#endif
  return block;
}

// Hands the thread's free blocks back to the heap when the thread ends.
struct Reaper {
  ~Reaper() {
    free_lists.state = FreeLists::State::retired;
    for (FreeBlock*& head : free_lists.heads) {
      while (head) {
        KUDZU_UNPOISON(head, sizeof(FreeBlock));
        FreeBlock* next = head->next;
        free_block(head);
        head = next;
      }
    }
  }
};

// Registers the reaper the first time this thread keeps a block; constructing it there, not
// on every access, keeps its guard off the fast paths.
void enlist() {
  thread_local Reaper reaper;
  free_lists.state = FreeLists::State::active;
}

}  // namespace

void* pool_allocate(std::size_t bytes) {
  const int cls = size_class(bytes);
  if (cls >= size_classes) throw std::bad_alloc();  // more bytes than an address space has
  FreeLists& lists = free_lists;
  if (FreeBlock* head = lists.heads[cls]) {
    KUDZU_UNPOISON(head, std::size_t{1} << cls);
    lists.heads[cls] = head->next;
    return head;
  }
  // The reaper is registered here too, not only on a first release: a thread whose first
  // release comes at exit (a tensor held by a static, destroyed after the thread's
  // destructors ran) would otherwise register it too late to ever run.
  if (lists.state == FreeLists::State::unused) enlist();
  return new_block(cls);
}

void pool_release(void* block, std::size_t bytes) noexcept {
  if (!block) return;
  FreeLists& lists = free_lists;
  if (lists.state != FreeLists::State::active) {
    if (lists.state == FreeLists::State::retired) {
      free_block(block);
      return;
    }
    enlist();
  }
  const int cls = size_class(bytes);
  lists.heads[cls] = new (block) FreeBlock{lists.heads[cls]};
  KUDZU_POISON(block, std::size_t{1} << cls);
}

}  // namespace kudzu::detail
