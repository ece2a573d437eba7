// OpenBLAS 0.3.21 (driver/others/memory.c, blas_memory_alloc) takes a buffer for each of its
// threads the first time a product needs one, and when mmap refuses it, it tries again, for
// ever: under `ulimit -v` too low for the buffers, the first matmul spins at 100% CPU instead
// of failing. There is no way to make it fail, so the limit is checked before it matters.
#include <cblas.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "kudzu/blas.hpp"
#include "kudzu/error.hpp"

namespace kudzu {
namespace {

// Measured, not read from OpenBLAS (it does not say), on kudzu-gradcheck: each thread adds
// 128 MiB to the limit a program needs, on top of about 64 MiB for the program, its
// libraries and stacks (it spins at ulimit -v 150000 kB with one thread and runs at 200000;
// with two, spins at 300000 and runs at 330000). What the process uses when the check runs
// is no guide: under a low limit OpenBLAS has by then taken what it could.
constexpr std::uint64_t buffer_bytes_per_thread = std::uint64_t{128} << 20;
constexpr std::uint64_t program_bytes = std::uint64_t{64} << 20;

// The lower of the address-space and data limits, and which one it is.
std::pair<std::uint64_t, const char*> memory_limit() {
  std::pair<std::uint64_t, const char*> lowest = {UINT64_MAX, ""};
  for (const auto& [resource, name] :
       {std::pair{RLIMIT_AS, "ulimit -v"}, std::pair{RLIMIT_DATA, "ulimit -d"}}) {
    struct rlimit limit {};
    if (::getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < lowest.first)
      lowest = {limit.rlim_cur, name};
  }
  return lowest;
}

bool refused = false;

}  // namespace

bool blas_memory_refused() { return refused; }

void check_memory_for_blas(std::uint64_t own_bytes, int callers) {
  const auto [limit, name] = memory_limit();
  if (limit == UINT64_MAX) return;
  const int blas_threads = std::max(1, openblas_get_num_threads());
  const int threads = blas_threads * std::max(1, callers);
  const std::uint64_t needed = program_bytes + threads * buffer_bytes_per_thread + own_bytes;
  if (limit >= needed) return;
  refused = true;
  throw Error("the memory limit (" + std::string(name) + " " + std::to_string(limit >> 10) +
              " kB) is below the " + std::to_string(needed >> 10) + " kB this needs, " +
              std::to_string(buffer_bytes_per_thread >> 20) + " MiB of them for each of the " +
              std::to_string(threads) +
              " threads that run OpenBLAS, which would wait for ever for its memory: raise the "
              "limit" +
              (blas_threads > 1 ? " or use fewer threads (OPENBLAS_NUM_THREADS=1)"
               : threads > 1    ? " or use fewer threads"
                                : ""));
}

}  // namespace kudzu
