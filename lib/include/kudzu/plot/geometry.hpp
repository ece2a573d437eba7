// Pixel geometry and data ranges shared by the plotting layer.
// Pixels: x to the right, y downward, (0, 0) the top-left corner; pixel (i, j) covers
// [i, i+1) x [j, j+1), so its centre is (i + 0.5, j + 0.5).
#pragma once

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

// Maps data coordinates of one axes to pixels: x grows to the right, y grows upward.
struct DataToPixel {
  Range x;
  Range y;
  Rect box;  // the axes' plot area

  Point operator()(double data_x, double data_y) const {
    return {box.left + (data_x - x.low) / x.span() * box.width,
            box.bottom() - (data_y - y.low) / y.span() * box.height};
  }
  double data_x(double pixel_x) const {
    return x.low + (pixel_x - box.left) / box.width * x.span();
  }
  double data_y(double pixel_y) const {
    return y.low + (box.bottom() - pixel_y) / box.height * y.span();
  }
};

}  // namespace kudzu::plot
