#include "report.hpp"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "kudzu/blas.hpp"

namespace kudzu::bench {
namespace {

// The console report, remembering each run's time per iteration as it goes by.
class RecordingReporter : public benchmark::ConsoleReporter {
 public:
  // A reporter of one's own does not follow --benchmark_color: colour only on a terminal.
  RecordingReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  Timings fastest_timing;

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const bool per_iteration = run.run_type == Run::RT_Iteration || run.aggregate_name == "min";
      if (!per_iteration || run.error_occurred || run.iterations == 0) continue;
      // An aggregate holds the statistic of the repetitions' totals, so this division
      // gives the time per iteration for both kinds.
      const Timing timing{run.real_accumulated_time / double(run.iterations),
                          run.cpu_accumulated_time / double(run.iterations)};
      // Keyed by function and arguments alone ("BM_Epoch/blas_threads:2"): a benchmark may
      // set its own min time or repetitions, which Google Benchmark adds to the full name.
      auto [entry, inserted] =
          fastest_timing.emplace(run.run_name.function_name + "/" + run.run_name.args, timing);
      if (!inserted) {
        entry->second.wall = std::min(entry->second.wall, timing.wall);
        entry->second.cpu = std::min(entry->second.cpu, timing.cpu);
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

double fastest(const std::vector<double>& values) {
  return values.empty() ? 0.0 : *std::min_element(values.begin(), values.end());
}

void at_each_blas_thread_count(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgName("blas_threads");
  for (int threads : blas_thread_counts) benchmark->Arg(threads);
  benchmark->UseRealTime()->ComputeStatistics("min", fastest);
}

void measured_alike(benchmark::internal::Benchmark* benchmark, double min_seconds,
                    int repetitions) {
  at_each_blas_thread_count(benchmark);
  benchmark->MinTime(min_seconds)->Repetitions(repetitions);
}

const Timing* find_at_blas_threads(const Timings& timings, const std::string& function,
                                   int threads) {
  const auto found = timings.find(function + "/blas_threads:" + std::to_string(threads));
  return found == timings.end() ? nullptr : &found->second;
}

std::string machine(int threads) {
  BlasInfo info = blas_info();
  info.threads = threads;
  return describe(info);
}

void print_summary(const std::string& figure, int threads) {
  std::cout << figure << " -- " << machine(threads) << std::endl;
}

Timings run_benchmarks(int argc, char** argv) {
  const BlasInfo info = blas_info();
  benchmark::AddCustomContext("CPU", info.cpu + " (" + info.cpu_vector + ")");
  benchmark::AddCustomContext("OpenBLAS core", info.core);
  benchmark::AddCustomContext("OpenBLAS threads (default)", std::to_string(info.threads));
  if (const std::string advice = blas_advice(info); !advice.empty())
    benchmark::AddCustomContext("OpenBLAS advice", advice);
  benchmark::Initialize(&argc, argv);
  RecordingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return reporter.fastest_timing;
}

Timings run_benchmarks_interleaved(int argc, char** argv) {
  // The flag comes first so that the command line can still turn it off.
  std::vector<char*> arguments(argv, argv + argc);
  char interleave[] = "--benchmark_enable_random_interleaving=true";
  arguments.insert(arguments.begin() + 1, interleave);
  const int count = static_cast<int>(arguments.size());
  arguments.push_back(nullptr);  // argv[argc] is null
  return run_benchmarks(count, arguments.data());
}

}  // namespace kudzu::bench
