// The cost the tape adds to every op: forward and backward through a long chain of
// elementwise ops on 1x1 tensors, where the arithmetic is nothing and bookkeeping is all
// (a tensor record and buffer from the pool, a node on the tape, a function-pointer call).
// Reported as time per op; target under 150 ns (PyTorch 1.13 on a 2-vCPU VM: ~6,200 ns).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "kudzu/kudzu.hpp"
#include "report.hpp"

namespace {

using kudzu::Tensor;

// Each link is four recorded ops: a tensor product, a tensor sum and two activations, so
// both the binary and the unary templates are measured.
constexpr int ops_per_link = 4;
constexpr int chain_ops = 1000;

void BM_ChainForwardBackward(benchmark::State& state) {
  const int links = static_cast<int>(state.range(0)) / ops_per_link;
  Tensor x = Tensor::full({1, 1}, 0.5f).requires_grad(true);
  const Tensor scale = Tensor::full({1, 1}, 0.9f);
  for (auto _ : state) {
    Tensor y = x;
    for (int link = 0; link < links; ++link) y = kudzu::tanh(kudzu::sigmoid(y * scale + x));
    y.backward();
    x.zero_grad();
  }
  const double ops = double(links) * ops_per_link;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ops));
  // Seconds per op, which the console shows with an SI prefix: "120n" is 120 ns.
  state.counters["time_per_op"] = benchmark::Counter(
      ops, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ChainForwardBackward)
    ->ArgName("ops")
    ->Arg(chain_ops)
    ->ComputeStatistics("min", kudzu::bench::fastest);

}  // namespace

int main(int argc, char** argv) {
  const auto timings = kudzu::bench::run_benchmarks(argc, argv);
  const auto chain = timings.find("BM_ChainForwardBackward/ops:" + std::to_string(chain_ops));
  if (chain == timings.end()) return 0;  // filtered out
  // CPU time: one thread and no BLAS, so on an idle machine it equals the wall time, and on a
  // busy one it leaves out the time other processes hold the core.
  char figure[120];
  std::snprintf(figure, sizeof figure,
                "tape overhead: %.1f ns per op, forward + backward (target < 150 ns; PyTorch "
                "1.13: ~6,200 ns)",
                chain->second.cpu / chain_ops * 1e9);
  kudzu::bench::print_summary(figure, 1);
  return 0;
}
