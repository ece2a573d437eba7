// kudzu-approximate: the universal approximation theorem, as a program. Trains one hidden
// layer of units on a function over a range, and writes figures showing the fit inside the
// range and beyond it, each unit's piece of it, and (with --sweep) the errors against the
// number of units. `kudzu-approximate --help` lists the options.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "experiment.hpp"
#include "figures.hpp"
#include "functions.hpp"
#include "kudzu/blas.hpp"
#include "kudzu/files.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/run_directory.hpp"
#include "options.hpp"
#include "outputs.hpp"

using namespace kudzu;
using namespace kudzu::approximate;

namespace {

using Clock = std::chrono::steady_clock;

void print_banner(const Options& options, const BlasInfo& blas) {
  std::printf("kudzu-approximate: %s on [%s, %s], %d %s units\n",
              find_function(options.function)->formula, format_bound(options.range_low).c_str(),
              format_bound(options.range_high).c_str(), options.units, options.activation.c_str());
  std::printf("  config  %d samples, %d full-batch steps, %s lr %g, seed %llu\n", options.samples,
              options.steps, options.optimizer.c_str(), options.learning_rate,
              static_cast<unsigned long long>(options.seed));
  std::printf("  BLAS    %s\n", describe(blas).c_str());
  if (const std::string advice = blas_advice(blas); !advice.empty())
    std::printf("  %s\n", advice.c_str());
  std::fflush(stdout);
}

void print_errors(const char* what, const FitErrors& errors) {
  std::printf("%-34s max |error| inside %.3g, outside %.3g (mean %.3g, %.3g)\n", what,
              errors.inside.max, errors.outside.max, errors.inside.mean, errors.outside.mean);
}

int run(const Options& options) {
  check_memory_for_blas();  // before OpenBLAS could spin on a memory limit
  const auto start = Clock::now();
  std::vector<std::string> results = figure_names();
  results.insert(results.end(), {"fit.csv", "summary.json", "model.kudzu"});
  RunWriter output(options.out_dir, results);  // fails here, before training, if unusable
  const std::filesystem::path& staging = output.staging();
  const BlasInfo blas = blas_info();
  if (!options.quiet) print_banner(options, blas);
  ProgressBar progress;
  progress.set_enabled(options.progress && !options.quiet && stderr_is_terminal());

  const Approximation main = run_approximation(options, options.units, &progress);
  std::vector<Approximation> sweep;
  for (const int units : options.sweep) {
    if (!options.quiet)
      std::printf("  sweep   %d unit%s\n", units, units == 1 ? "" : "s"), std::fflush(stdout);
    sweep.push_back(units == options.units ? main : run_approximation(options, units, &progress));
  }
  const FigureData data = figure_data(options, main, sweep);

  const std::string network = std::to_string(options.units) + " " + options.activation + " units";
  print_errors(("network, " + network + ":").c_str(), data.errors);
  if (data.taylor)
    print_errors(
        ("Taylor of sin, degree " + std::to_string(taylor_degree(options.units)) + ":").c_str(),
        data.taylor->errors);
  for (const SweepPoint& point : data.sweep)
    print_errors(
        ("  " + std::to_string(point.units) + (point.units == 1 ? " unit:" : " units:")).c_str(),
        point.errors);

  draw_figures(data, staging);
  write_file_atomically(staging / "fit.csv", fit_csv(data));
  save(main.model, staging / "model.kudzu");
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  write_file_atomically(
      staging / "summary.json",
      summary_json(options, data, blas, {main.train_seconds, seconds}).dump(2) + "\n");
  const std::vector<std::string> written = output.commit();
  if (!options.quiet) {
    std::printf("trained in %.2f s, whole run %.2f s; wrote into %s:", main.train_seconds, seconds,
                options.out_dir.string().c_str());
    for (const std::string& name : written) std::printf(" %s", name.c_str());
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kudzu::apps::options_main("kudzu-approximate", argc, argv, parse_options, run);
}
