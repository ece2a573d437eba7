// One approximation: a network of some number of units trained on the options' function and
// range, and judged on view_grid; and the figure data of a run, the Taylor polynomial of sin
// included.
#pragma once

#include <utility>
#include <vector>

#include "evaluation.hpp"
#include "figures.hpp"
#include "kudzu/nn.hpp"
#include "kudzu/progress.hpp"
#include "options.hpp"

namespace kudzu::approximate {

struct Approximation {
  Approximation(int units, Model model) : units(units), model(std::move(model)) {}
  int units;
  Model model;
  std::vector<double> losses;           // per training step
  std::vector<double> xs, target, fit;  // over view_grid(range)
  FitErrors errors;
  double train_seconds = 0;
};

// Trains a fresh network of `units` units (seeded with options.seed) as the options say.
Approximation run_approximation(const Options& options, int units, ProgressBar* progress = nullptr);

// What the figures and fit.csv show of `main` (and of the sweep's approximations).
FigureData figure_data(const Options& options, const Approximation& main,
                       const std::vector<Approximation>& sweep);

}  // namespace kudzu::approximate
