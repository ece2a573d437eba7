// The GEMM floor of kudzu-compare's default run: the cblas_sgemm calls of both models'
// training loops (784-100-100-2-1 and 784-1, batch 50, with the per-epoch evaluation of the
// training and test sets in chunks of 2,000), back to back on one thread of the program with
// OpenBLAS's default threads, and nothing else. scripts/bench.sh --pytorch prints it beside
// Kudzu's and PyTorch's training loops.
//
//   comparison_floor_bench TRAIN_ROWS TEST_ROWS EPOCHS REPETITIONS
//   -> "GEMM floor: both training loops 2.14 s (fastest of 2) -- CPU ..., 2 threads"
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "kudzu/blas.hpp"
#include "network_gemms.hpp"
#include "report.hpp"

namespace {

constexpr std::size_t train_batch = 50, evaluation_batch = 2000;

// A whole number of at least 1, or a one-line error and exit 2.
std::size_t positive(const char* text, const char* name) {
  try {
    std::size_t used = 0;
    const unsigned long value = std::stoul(text, &used);
    if (used == std::string(text).size() && value > 0 && text[0] != '-') return value;
  } catch (const std::exception&) {
  }
  std::cerr << "comparison_floor_bench: " << name << " must be a whole number of at least 1, got '"
            << text << "'\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: comparison_floor_bench TRAIN_ROWS TEST_ROWS EPOCHS REPETITIONS\n";
    return 2;
  }
  const std::size_t train_rows = positive(argv[1], "TRAIN_ROWS");
  const std::size_t test_rows = positive(argv[2], "TEST_ROWS");
  const std::size_t epochs = positive(argv[3], "EPOCHS");
  const std::size_t repetitions = positive(argv[4], "REPETITIONS");
  using kudzu::bench::EpochGemms;
  EpochGemms network({784, 100, 100, 2, 1}, train_rows, test_rows, train_batch, evaluation_batch);
  EpochGemms regression({784, 1}, train_rows, test_rows, train_batch, evaluation_batch);
  double fastest = 0;
  for (std::size_t repetition = 0; repetition < repetitions; ++repetition) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) network.run();
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) regression.run();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (repetition == 0 || seconds < fastest) fastest = seconds;
  }
  char figure[160];
  std::snprintf(figure, sizeof figure, "GEMM floor: both training loops %.2f s (fastest of %zu)",
                fastest, repetitions);
  kudzu::bench::print_summary(figure, kudzu::blas_info().threads);
  return 0;
}
