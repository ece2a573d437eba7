// Facts about the BLAS the library runs on, for banners and benchmark reports.
//
// OpenBLAS chooses its kernels when it loads. On some virtual CPUs it does not recognize
// the processor and falls back to an old generic kernel (Prescott) that is several times
// slower; the user can choose a kernel with the OPENBLAS_CORETYPE environment variable
// (e.g. OPENBLAS_CORETYPE=Haswell). Kudzu never sets it; it only reports.
#pragma once

#include <cstdint>
#include <string>

namespace kudzu {

struct BlasInfo {
  std::string core;           // openblas_get_corename(), e.g. "Haswell", "Prescott"
  int threads = 1;            // threads OpenBLAS uses now
  std::string cpu;            // the processor's model name
  std::string cpu_vector;     // widest vector extension: "AVX-512", "AVX2", "AVX" or "SSE"
  bool generic_core = false;  // a generic kernel on a CPU that has AVX2 or AVX-512
};

BlasInfo blas_info();

// Sets the number of threads OpenBLAS uses (at least 1).
void set_blas_threads(int threads);

// Error, in one line naming the limit and the need, when `ulimit -v` or `ulimit -d` leaves
// too little for the program (64 MiB), OpenBLAS's buffers (128 MiB for each of its threads)
// and `own_bytes` more: OpenBLAS would spin for ever on a failed allocation instead
// of failing. `callers`: the threads of the program that call BLAS at the same time (each
// call takes buffers of its own). Call it after choosing the thread count and before the
// first product.
void check_memory_for_blas(std::uint64_t own_bytes = 0, int callers = 1);
// Whether check_memory_for_blas refused. OpenBLAS's worker threads take their buffers when
// the library loads, so under a very low limit they spin already, and OpenBLAS's exit, which
// joins them, would hang: a program that was refused ends with _exit (program_output.hpp).
bool blas_memory_refused();

// One line about a generic kernel on a capable CPU, naming OPENBLAS_CORETYPE; empty when
// the kernel fits the CPU.
std::string blas_advice(const BlasInfo& info);

// "CPU AMD EPYC (AVX-512), OpenBLAS core Prescott, 2 threads"
std::string describe(const BlasInfo& info);

}  // namespace kudzu
