// A count of the calls to the global operator new, for tests that prove a computation
// allocates nothing. Linking counting_allocator.cpp into a test binary replaces every form of
// the global operator new and delete with one that counts and then calls malloc.
#pragma once

#include <cstddef>

namespace kudzu::testing {

// Calls to operator new so far in this process.
std::size_t allocation_count();

// How many times operator new ran during f().
template <class F>
std::size_t allocations_during(F&& f) {
  const std::size_t before = allocation_count();
  f();
  return allocation_count() - before;
}

}  // namespace kudzu::testing
