// Gridded data: a field z = f(x, y) sampled on a regular grid (for contours, heat maps and
// surfaces) and an image of pixel values (row 0 at the top).
#pragma once

#include <functional>
#include <vector>

#include "kudzu/plot/geometry.hpp"

namespace kudzu::plot {

struct Field {
  Range x;  // column 0 lies at x.low, the last column at x.high
  Range y;  // row 0 lies at y.low, the last row at y.high
  int columns = 0;
  int rows = 0;
  std::vector<double> values;  // values[row * columns + column]

  static Field sample(const std::function<double(double, double)>& f, Range x, Range y, int columns,
                      int rows);

  double x_at(int column) const { return x.low + x.span() * column / (columns - 1); }
  double y_at(int row) const { return y.low + y.span() * row / (rows - 1); }
  double at(int column, int row) const { return values[row * columns + column]; }
  // Bilinear interpolation, clamped to the grid.
  double interpolate(double x, double y) const;
  // Throws kudzu::ShapeError unless the grid is at least 2x2, values has rows * columns and
  // each finite range runs from low to a larger high. A field over a range that is not
  // finite (made from NaN or infinite data) is valid but has nothing to draw: its series
  // are left out of the figure.
  void check(const char* caller) const;
};

struct Image {
  int rows = 0;
  int columns = 0;
  std::vector<double> values;  // values[row * columns + column], row 0 at the top
};

}  // namespace kudzu::plot
