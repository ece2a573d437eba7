#include <cblas.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <string_view>

#include "kudzu/blas.hpp"

namespace kudzu {
namespace {

std::string cpu_model_name() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown CPU";
}

std::string widest_vector_extension() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "AVX-512";
  if (__builtin_cpu_supports("avx2")) return "AVX2";
  if (__builtin_cpu_supports("avx")) return "AVX";
  return "SSE";
}

// OpenBLAS kernels written for AVX2 or wider; any other core on an AVX2 CPU leaves most of
// the machine's speed unused.
bool is_avx2_kernel(std::string_view core) {
  constexpr std::array<std::string_view, 6> kernels = {"Haswell",    "Zen",
                                                       "SkylakeX",   "Cooperlake",
                                                       "SapphireRapids", "Excavator"};
  return std::find(kernels.begin(), kernels.end(), core) != kernels.end();
}

}  // namespace

BlasInfo blas_info() {
  BlasInfo info;
  info.core = openblas_get_corename();
  info.threads = openblas_get_num_threads();
  info.cpu = cpu_model_name();
  info.cpu_vector = widest_vector_extension();
  const bool capable = info.cpu_vector == "AVX-512" || info.cpu_vector == "AVX2";
  info.generic_core = capable && !is_avx2_kernel(info.core);
  return info;
}

void set_blas_threads(int threads) { openblas_set_num_threads(std::max(threads, 1)); }

std::string blas_advice(const BlasInfo& info) {
  if (!info.generic_core) return "";
  return "note: OpenBLAS runs its generic '" + info.core + "' kernel on a CPU with " +
         info.cpu_vector + "; setting OPENBLAS_CORETYPE (e.g. OPENBLAS_CORETYPE=" +
         (info.cpu_vector == "AVX-512" ? "SkylakeX" : "Haswell") +
         ") before starting may make it several times faster";
}

std::string describe(const BlasInfo& info) {
  return "CPU " + info.cpu + " (" + info.cpu_vector + "), OpenBLAS core " + info.core + ", " +
         std::to_string(info.threads) + (info.threads == 1 ? " thread" : " threads");
}

}  // namespace kudzu
