// A whole epoch of the original experiment on data of MNIST's shape: 240 training batches
// (11,982 images at batch 50, the last batch 32) then the per-epoch evaluation of the
// train and test sets (11,982 + 1,984 images) under NoGrad in batches of about 2,000; and
// the same epoch's GEMMs alone. Beside PyTorch: scripts/bench.sh --pytorch, which measures
// both in one run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <span>
#include <vector>

#include "kudzu/kudzu.hpp"
#include "network_gemms.hpp"
#include "original_network.hpp"
#include "report.hpp"

namespace {

using kudzu::Tensor;

constexpr std::size_t train_images = 11982, test_images = 1984;
constexpr std::size_t train_batch = 50, evaluation_batch = 2000;
constexpr int epochs_in_reference = 200;

// Rows of `all` cut into consecutive batches of the given sizes.
std::vector<Tensor> split_rows(const Tensor& all, const std::vector<std::size_t>& sizes) {
  const std::size_t columns = all.shape()[1];
  std::vector<Tensor> batches;
  const float* row = all.data();
  for (std::size_t rows : sizes) {
    batches.push_back(Tensor::from({rows, columns}, std::span(row, rows * columns)));
    row += rows * columns;
  }
  return batches;
}

// Random pixels in [0, 1] and random 0/1 labels: the shapes matter here, not the digits.
struct Split {
  std::vector<Tensor> x, y;
  Split(std::size_t images, std::size_t batch, kudzu::Rng& rng) {
    const auto sizes = kudzu::bench::batch_sizes(images, batch);
    x = split_rows(Tensor::uniform({images, 784}, rng), sizes);
    Tensor labels = Tensor::uniform({images, 1}, rng);
    for (float& label : std::span(labels.data(), images)) label = label < 0.5f ? 0.0f : 1.0f;
    y = split_rows(labels, sizes);
  }
};

// Correctly classified images of one split, counted the way the accuracy callback does.
std::size_t correct(const kudzu::testing::OriginalNetwork& network, const Split& split) {
  kudzu::NoGrad no_grad;
  std::size_t hits = 0;
  for (std::size_t b = 0; b < split.x.size(); ++b) {
    const Tensor p = network.forward(split.x[b]);
    const float* label = split.y[b].data();
    for (std::size_t i = 0; i < p.size(); ++i) hits += (p.data()[i] > 0.5f) == (label[i] > 0.5f);
  }
  return hits;
}

void BM_Epoch(benchmark::State& state) {
  kudzu::set_blas_threads(static_cast<int>(state.range(0)));
  kudzu::Rng rng(42);
  kudzu::testing::OriginalNetwork network(rng);
  const Split train(train_images, train_batch, rng);
  const Split train_eval(train_images, evaluation_batch, rng);
  const Split test_eval(test_images, evaluation_batch, rng);
  for (auto _ : state) {
    for (std::size_t b = 0; b < train.x.size(); ++b)
      network.train_step(train.x[b], train.y[b], 0.001f);
    benchmark::DoNotOptimize(correct(network, train_eval) + correct(network, test_eval));
  }
}

void BM_EpochGemmsOnly(benchmark::State& state) {
  kudzu::set_blas_threads(static_cast<int>(state.range(0)));
  kudzu::bench::EpochGemms epoch(kudzu::bench::NetworkGemms::original_widths(), train_images,
                                 test_images, train_batch, evaluation_batch);
  for (auto _ : state) {
    epoch.run();
    benchmark::ClobberMemory();
  }
}

// An epoch takes 70-90 ms: 10 repetitions of at least 0.15 s each side, interleaved (see
// kudzu::bench::measured_alike), so the ratio compares like with like.
constexpr int repetitions = 10;
void measured_alike(benchmark::internal::Benchmark* benchmark) {
  kudzu::bench::measured_alike(benchmark, 0.15, repetitions);
  benchmark->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_Epoch)->Apply(measured_alike);
BENCHMARK(BM_EpochGemmsOnly)->Apply(measured_alike);

}  // namespace

int main(int argc, char** argv) {
  using kudzu::bench::find_at_blas_threads;
  const auto timings = kudzu::bench::run_benchmarks_interleaved(argc, argv);
  for (int threads : kudzu::bench::blas_thread_counts) {
    const auto* epoch = find_at_blas_threads(timings, "BM_Epoch", threads);
    const auto* gemms = find_at_blas_threads(timings, "BM_EpochGemmsOnly", threads);
    if (!epoch) continue;
    char figure[200];
    const int length =
        std::snprintf(figure, sizeof figure,
                      "epoch: %.3f s, 200 epochs: %.1f s (fastest of %d interleaved repetitions)",
                      epoch->wall, epoch->wall * epochs_in_reference, repetitions);
    if (gemms)
      std::snprintf(figure + length, sizeof figure - length, ", %.2fx its GEMMs alone (%.3f s)",
                    epoch->wall / gemms->wall, gemms->wall);
    kudzu::bench::print_summary(figure, threads);
  }
  return 0;
}
