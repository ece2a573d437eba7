#include "experiment.hpp"

#include <chrono>

#include "functions.hpp"

namespace kudzu::approximate {

Approximation run_approximation(const Options& options, int units, ProgressBar* progress) {
  const TargetFunction& function = *find_function(options.function);
  const auto start = std::chrono::steady_clock::now();
  Approximation result{units, make_network(units, options.activation, options.range_low,
                                           options.range_high, options.seed)};
  const TrainingSet set =
      sample_training_set(function.value, options.range_low, options.range_high, options.samples);
  result.losses = train(result.model, set,
                        {.steps = options.steps,
                         .optimizer = options.optimizer,
                         .learning_rate = options.learning_rate},
                        progress);
  result.train_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.xs = view_grid(options.range_low, options.range_high);
  for (double x : result.xs) result.target.push_back(function.value(x));
  result.fit = predict(result.model, result.xs);
  result.errors =
      measure_errors(result.xs, result.target, result.fit, options.range_low, options.range_high);
  return result;
}

FigureData figure_data(const Options& options, const Approximation& main,
                       const std::vector<Approximation>& sweep) {
  const TargetFunction& function = *find_function(options.function);
  FigureData data;
  data.formula = function.formula;
  data.low = options.range_low;
  data.high = options.range_high;
  data.samples = options.samples;
  data.units = main.units;
  data.activation = options.activation;
  data.xs = main.xs;
  data.target = main.target;
  data.fit = main.fit;
  data.errors = main.errors;
  data.pieces = take_apart(main.model, main.xs);
  data.losses = main.losses;
  if (options.function == "sin") {
    // The write-up's analogy: a truncated Taylor series fits near 0 and explodes further out.
    // Its degree matches the network's count of output coefficients (see taylor_degree).
    const int degree = taylor_degree(main.units);
    Comparison taylor;
    taylor.label = "Taylor polynomial of sin at 0, degree " + std::to_string(degree) + " (" +
                   std::to_string(degree + 1) + " coefficients, as " + std::to_string(main.units) +
                   " output weights + bias)";
    for (double x : main.xs) taylor.values.push_back(sin_taylor(x, degree));
    taylor.errors =
        measure_errors(main.xs, main.target, taylor.values, options.range_low, options.range_high);
    data.taylor = std::move(taylor);
  }
  for (const Approximation& point : sweep) data.sweep.push_back({point.units, point.errors});
  return data;
}

}  // namespace kudzu::approximate
