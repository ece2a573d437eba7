// What every benchmark program shares: the machine facts printed next to its figures (CPU,
// OpenBLAS core, thread count, and the advice line when OpenBLAS runs a generic kernel),
// and a run that remembers each benchmark's time so a program can print ratios after it.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

namespace kudzu::bench {

// Seconds per iteration of one benchmark: wall-clock, and CPU time of the calling thread.
struct Timing {
  double wall = 0, cpu = 0;
};

// Runs the benchmarks selected on the command line (Google Benchmark's own flags) after
// adding the machine facts to the context block; returns, per benchmark function and
// arguments (e.g. "BM_Epoch/blas_threads:2"), its fastest
// timing over its repetitions (from each run, or from the "min" statistic when only
// aggregates are reported).
using Timings = std::map<std::string, Timing>;
Timings run_benchmarks(int argc, char** argv);

// As run_benchmarks, with the repetitions of all benchmarks run in random interleaved
// order (see measured_alike); the command line can still turn that off.
Timings run_benchmarks_interleaved(int argc, char** argv);

// The timing of `function` (e.g. "BM_Epoch") as registered by at_each_blas_thread_count, at
// `threads` threads; null when the command line filtered it out.
const Timing* find_at_blas_threads(const Timings& timings, const std::string& function,
                                   int threads);

// The smallest of a benchmark's repetitions: on a shared machine, the run least disturbed.
// Attach it with ->ComputeStatistics("min", kudzu::bench::fastest).
double fastest(const std::vector<double>& values);

// The OpenBLAS thread counts the network benchmarks compare.
inline constexpr int blas_thread_counts[] = {1, 2};

// For ->Apply(): runs a benchmark once per OpenBLAS thread count (its argument, which the
// benchmark hands to set_blas_threads), in wall time since the OpenBLAS workers' time is not
// the caller's CPU time, with the "min" statistic.
void at_each_blas_thread_count(benchmark::internal::Benchmark* benchmark);

// Calls f(threads, a, b) with the timings of the functions `a` and `b` (e.g. a computation
// and its GEMMs alone) at each OpenBLAS thread count at which the command line ran both.
template <class F>
void for_each_pair_at_blas_threads(const Timings& timings, const std::string& a,
                                   const std::string& b, F&& f) {
  for (int threads : blas_thread_counts) {
    const Timing* first = find_at_blas_threads(timings, a, threads);
    const Timing* second = find_at_blas_threads(timings, b, threads);
    if (first && second) f(threads, *first, *second);
  }
}

// For the two sides of a ratio (a computation and its GEMMs alone), measured with
// run_benchmarks_interleaved. Run one after the other (all of one side's repetitions,
// then all of the other's), they did not meet the same machine: on the 2-vCPU VM the host
// takes the vCPUs away for whole seconds at a time (up to ~40% of each, with no steal time
// and the guest 99% idle), and 2-thread OpenBLAS, whose threads wait for each other by
// spinning, then runs 2-2.5x slower; so the GEMMs alone once measured 289 us at 2 threads
// against 150 us unhindered, slower than the whole training step. Many short repetitions,
// interleaved with the other side's, put both sides through the same spells, and the
// fastest of each is then taken from the same undisturbed moments. This sets the
// repetitions itself: --benchmark_repetitions does not change them.
void measured_alike(benchmark::internal::Benchmark* benchmark, double min_seconds, int repetitions);

// The machine facts as one line for a program's own summary lines, for a figure measured
// at `threads` OpenBLAS threads: "CPU AMD EPYC (AVX-512), OpenBLAS core Haswell, 1 thread".
std::string machine(int threads);

// Prints one summary line: the figure, then " -- " and the machine facts.
void print_summary(const std::string& figure, int threads);

}  // namespace kudzu::bench
