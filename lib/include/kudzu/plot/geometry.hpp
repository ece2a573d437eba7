// Pixel geometry and data ranges shared by the plotting layer.
// Pixels: x to the right, y downward, (0, 0) the top-left corner; pixel (i, j) covers
// [i, i+1) x [j, j+1), so its centre is (i + 0.5, j + 0.5).
#pragma once

#include <algorithm>
#include <cmath>

namespace kudzu::plot {

struct Point {
  double x = 0;
  double y = 0;
};

// An axis-aligned rectangle in pixels.
struct Rect {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;

  double right() const { return left + width; }
  double bottom() const { return top + height; }
  Point center() const { return {left + width / 2, top + height / 2}; }
  bool contains(Point p) const {
    return p.x >= left && p.x < right() && p.y >= top && p.y < bottom();
  }
};

// An interval of data values; a shown range has low < high.
struct Range {
  double low = 0;
  double high = 1;

  double span() const { return high - low; }
};

// The data rectangle a series covers.
struct Bounds {
  Range x;
  Range y;
};

// Maps data coordinates of one axes to pixels: x grows to the right, y upward, or downward
// when y_inverted (images, whose row 0 is on top). The ranges keep low < high either way.
struct DataToPixel {
  Range x;
  Range y;
  Rect box;  // the axes' plot area
  bool y_inverted = false;

  Point operator()(double data_x, double data_y) const {
    const double from_low = (data_y - y.low) / y.span() * box.height;
    return {box.left + (data_x - x.low) / x.span() * box.width,
            y_inverted ? box.top + from_low : box.bottom() - from_low};
  }
  double data_x(double pixel_x) const {
    return x.low + (pixel_x - box.left) / box.width * x.span();
  }
  double data_y(double pixel_y) const {
    const double from_low = y_inverted ? pixel_y - box.top : box.bottom() - pixel_y;
    return y.low + from_low / box.height * y.span();
  }
  // The pixels a data rectangle covers, whichever way y runs.
  Rect rect(Bounds bounds) const {
    const Point a = (*this)(bounds.x.low, bounds.y.low), b = (*this)(bounds.x.high, bounds.y.high);
    return {a.x, std::min(a.y, b.y), b.x - a.x, std::abs(b.y - a.y)};
  }
};

}  // namespace kudzu::plot
