// Axis ticks at "nice" steps (1, 2, 2.5 or 5 times a power of ten) and their labels.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "kudzu/plot/geometry.hpp"

namespace kudzu::plot {

struct Ticks {
  Range range;  // the range asked for, made one ticks fit (widened when it was empty)
  std::vector<double> values;
  std::vector<std::string> labels;
};

// Between 3 and max_ticks ticks inside range, about six, on a step that covers most of it.
// A constant range v..v becomes v ± 10 % (or -1..1 for v = 0 and values too small to
// tick). Any range is accepted: ends beyond ±1e300 are clamped to it, one that runs
// backwards is turned round, and one with a NaN end becomes 0..1.
Ticks nice_ticks(Range range, int max_ticks = 8);

// As nice_ticks, but whole numbers only, for axes that count (epochs, batches): steps of
// 1, 2, 5, 10, ... When the range holds fewer than three whole numbers, each one it holds is
// a tick; one that holds none is widened to the nearest.
Ticks nice_integer_ticks(Range range, int max_ticks = 8);

// Labels for values with one shared number of decimals, as few as represent them all:
// {0.8, 0.85, 0.9} -> "0.80" "0.85" "0.90". Magnitudes below 1e-3 or from 1e5 up are
// written in scientific notation ("1.5e−4"); negatives use the Unicode minus sign.
std::vector<std::string> format_values(std::span<const double> values);

}  // namespace kudzu::plot
