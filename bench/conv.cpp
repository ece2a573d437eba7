// conv2d forward + backward at LeNet's two convolutions (batch 50: 1 -> 6 channels, 5x5,
// padding 2 on 28x28 images; 6 -> 16 channels, 5x5 on 14x14), against the same cblas_sgemm
// calls alone, at 1 and 2 OpenBLAS threads. The difference is what the op adds around its
// GEMMs: im2col and col2im, the bias, the tape.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cstdio>
#include <vector>

#include "kudzu/kudzu.hpp"
#include "report.hpp"

namespace {

using kudzu::Shape;
using kudzu::Tensor;

constexpr std::size_t batch = 50;

// One of LeNet's convolutions: images {batch, C, size, size}, filters {F, C, 5, 5}.
struct Convolution {
  std::size_t channels, filters, size, padding;
  bool input_needs_grad;  // the first one's input is the images: no gradient
  std::size_t out() const { return size + 2 * padding - 5 + 1; }
};
constexpr Convolution lenet[] = {{1, 6, 28, 2, false}, {6, 16, 14, 0, true}};

void BM_Conv2d(benchmark::State& state) {
  kudzu::set_blas_threads(static_cast<int>(state.range(0)));
  kudzu::Rng rng(1);
  std::vector<Tensor> x, w, b, seed;
  for (const Convolution& c : lenet) {
    x.push_back(
        Tensor::randn({batch, c.channels, c.size, c.size}, rng).requires_grad(c.input_needs_grad));
    w.push_back(Tensor::randn({c.filters, c.channels, 5, 5}, rng, 0.0f, 0.1f).requires_grad(true));
    b.push_back(Tensor::zeros({c.filters}).requires_grad(true));
    seed.push_back(Tensor::ones({batch, c.filters, c.out(), c.out()}));
  }
  for (auto _ : state)
    for (std::size_t i = 0; i < 2; ++i) {
      conv2d(x[i], w[i], b[i], 1, int(lenet[i].padding)).backward(seed[i]);
      for (Tensor* t : {&x[i], &w[i], &b[i]}) t->zero_grad();
    }
}

// c{m,n} = op(a) op(b) + beta c, row-major, as lib/src/core/ops/gemm.hpp calls it.
void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k, const float* a,
          const float* b, float beta, float* c) {
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, int(m), int(n), int(k), 1.0f, a,
              int(trans_a ? m : k), b, int(trans_b ? k : n), beta, c, int(n));
}

// The GEMMs conv2d makes for each image, on preallocated buffers: y = w cols (forward),
// dw^T += cols dy^T, and dcols = w^T dy when the input needs a gradient.
void BM_GemmsOnly(benchmark::State& state) {
  kudzu::set_blas_threads(static_cast<int>(state.range(0)));
  struct Buffers {
    std::vector<float> w, dw, cols, y;
  };
  std::vector<Buffers> buffers;
  for (const Convolution& c : lenet) {
    const std::size_t patch = c.channels * 25, positions = c.out() * c.out();
    buffers.push_back({std::vector<float>(c.filters * patch, 0.01f),
                       std::vector<float>(c.filters * patch),
                       std::vector<float>(patch * positions, 0.01f),
                       std::vector<float>(batch * c.filters * positions, 0.01f)});
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < 2; ++i) {
      const Convolution& c = lenet[i];
      Buffers& m = buffers[i];
      const std::size_t f = c.filters, patch = c.channels * 25, n = c.out() * c.out();
      for (std::size_t image = 0; image < batch; ++image)
        gemm(false, false, f, n, patch, m.w.data(), m.cols.data(), 1.0f,
             m.y.data() + image * f * n);
      for (std::size_t image = 0; image < batch; ++image)
        gemm(false, true, patch, f, n, m.cols.data(), m.y.data() + image * f * n, 1.0f,
             m.dw.data());
      if (c.input_needs_grad)
        for (std::size_t image = 0; image < batch; ++image)
          gemm(true, false, patch, n, f, m.w.data(), m.y.data() + image * f * n, 0.0f,
               m.cols.data());
    }
    benchmark::ClobberMemory();
  }
}

// 15 interleaved repetitions of 50 ms each side (see kudzu::bench::measured_alike).
constexpr int repetitions = 15;
void measured_alike(benchmark::internal::Benchmark* benchmark) {
  kudzu::bench::measured_alike(benchmark, 0.05, repetitions);
}

BENCHMARK(BM_Conv2d)->Apply(measured_alike);
BENCHMARK(BM_GemmsOnly)->Apply(measured_alike);

}  // namespace

int main(int argc, char** argv) {
  const auto timings = kudzu::bench::run_benchmarks_interleaved(argc, argv);
  kudzu::bench::for_each_pair_at_blas_threads(
      timings, "BM_Conv2d", "BM_GemmsOnly", [](int threads, const auto& conv, const auto& gemms) {
        char figure[256];
        std::snprintf(figure, sizeof figure,
                      "LeNet's two conv2d, forward + backward, batch 50 / their GEMMs alone: %.2fx "
                      "(%.0f us vs %.0f us, fastest of %d interleaved repetitions)",
                      conv.wall / gemms.wall, conv.wall * 1e6, gemms.wall * 1e6, repetitions);
        kudzu::bench::print_summary(figure, threads);
      });
  return 0;
}
