// A per-thread cache of freed memory blocks, one free list per power-of-two size class.
// Buffers and tensor records come from here, so after the first step of a fixed-shape
// computation every allocation is served from a free list and the heap is not touched.
#pragma once

#include <cstddef>

namespace kudzu::detail {

// A block of at least `bytes` bytes, aligned to 64 bytes (a cache line, and enough for
// any vector register the compiler may use).
void* pool_allocate(std::size_t bytes);
// Gives a block back; `bytes` is the size it was requested with.
void pool_release(void* block, std::size_t bytes) noexcept;

}  // namespace kudzu::detail
