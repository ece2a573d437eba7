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

// The machine facts as one line for a program's own summary lines, for a figure measured
// at `threads` OpenBLAS threads: "CPU AMD EPYC (AVX-512), OpenBLAS core Haswell, 1 thread".
std::string machine(int threads);

// Prints one summary line: the figure, then " -- " and the machine facts.
void print_summary(const std::string& figure, int threads);

}  // namespace kudzu::bench
