#include "kudzu/plot/field.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "kudzu/error.hpp"

namespace kudzu::plot {

Field Field::sample(const std::function<double(double, double)>& f, Range x, Range y, int columns,
                    int rows) {
  Field field{x, y, columns, rows, {}};
  for (int row = 0; row < rows && columns > 1 && rows > 1; ++row) {
    for (int column = 0; column < columns; ++column)
      field.values.push_back(f(field.x_at(column), field.y_at(row)));
  }
  field.check("plot::Field::sample");
  return field;
}

double Field::interpolate(double at_x, double at_y) const {
  const double u = std::clamp((at_x - x.low) / x.span() * (columns - 1), 0.0, columns - 1.0);
  const double v = std::clamp((at_y - y.low) / y.span() * (rows - 1), 0.0, rows - 1.0);
  const int c = std::min(static_cast<int>(u), columns - 2),
            r = std::min(static_cast<int>(v), rows - 2);
  const double wu = u - c, wv = v - r;
  return (at(c, r) * (1 - wu) + at(c + 1, r) * wu) * (1 - wv) +
         (at(c, r + 1) * (1 - wu) + at(c + 1, r + 1) * wu) * wv;
}

void Field::check(const char* caller) const {
  const bool sized = values.size() == static_cast<std::size_t>(rows) * columns;
  // A range that is not finite is allowed: such a field has nothing to draw (its series are
  // left out of the figure), as a line of NaNs has not.
  const auto empty = [](Range r) {
    return std::isfinite(r.low) && std::isfinite(r.high) && !(r.low < r.high);
  };
  if (columns < 2 || rows < 2 || !sized || empty(x) || empty(y)) {
    throw ShapeError(std::string(caller) +
                     ": a field needs at least 2x2 samples over a non-empty "
                     "range, and rows * columns values; got " +
                     std::to_string(columns) + " columns, " + std::to_string(rows) + " rows, " +
                     std::to_string(values.size()) + " values");
  }
}

}  // namespace kudzu::plot
