// The figures of an approximation run, drawn from plain numbers: fit.png, pieces.png,
// loss.png and (with a sweep) sweep.png. The table of figures is at the end of figures.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "evaluation.hpp"
#include "kudzu/plot/figure.hpp"
#include "network.hpp"

namespace kudzu::approximate {

// A polynomial drawn beside the network for comparison (the Taylor polynomial of sin).
struct Comparison {
  std::string label;           // its legend entry, errors excluded
  std::vector<double> values;  // at FigureData::xs
  FitErrors errors;
};

struct SweepPoint {
  int units = 0;
  FitErrors errors;
};

struct FigureData {
  std::string formula;  // "sin x"
  double low = 0, high = 1;
  int samples = 0;
  int units = 0;
  std::string activation;
  std::vector<double> xs, target, fit;  // over view_grid(low, high)
  FitErrors errors;
  std::optional<Comparison> taylor;
  Pieces pieces;                  // at xs
  std::vector<double> losses;     // per training step
  std::vector<SweepPoint> sweep;  // empty without --sweep
};

// The name of every figure draw_figures can write.
std::vector<std::string> figure_names();

// The figure called `name` (one of figure_names()), built but not yet rendered; nothing when
// its data is missing (sweep.png without a sweep). kudzu::UsageError for an unknown name.
std::optional<plot::Figure> build_figure(const std::string& name, const FigureData& data);

// Writes the PNGs into dir and returns their names in the order drawn.
std::vector<std::string> draw_figures(const FigureData& data, const std::filesystem::path& dir);

}  // namespace kudzu::approximate
