// Facts about the BLAS the library runs on, for banners and benchmark reports.
//
// OpenBLAS chooses its kernels when it loads. On some virtual CPUs it does not recognize
// the processor and falls back to an old generic kernel (Prescott) that is several times
// slower; the user can choose a kernel with the OPENBLAS_CORETYPE environment variable
// (e.g. OPENBLAS_CORETYPE=Haswell). Kudzu never sets it; it only reports.
#pragma once

#include <string>

namespace kudzu {

struct BlasInfo {
  std::string core;         // openblas_get_corename(), e.g. "Haswell", "Prescott"
  int threads = 1;          // threads OpenBLAS uses now
  std::string cpu;          // the processor's model name
  std::string cpu_vector;   // widest vector extension: "AVX-512", "AVX2", "AVX" or "SSE"
  bool generic_core = false;  // a generic kernel on a CPU that has AVX2 or AVX-512
};

BlasInfo blas_info();

// Sets the number of threads OpenBLAS uses (at least 1).
void set_blas_threads(int threads);

// One line about a generic kernel on a capable CPU, naming OPENBLAS_CORETYPE; empty when
// the kernel fits the CPU.
std::string blas_advice(const BlasInfo& info);

// "CPU AMD EPYC (AVX-512), OpenBLAS core Prescott, 2 threads"
std::string describe(const BlasInfo& info);

}  // namespace kudzu
