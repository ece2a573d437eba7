// Coverage of one shape over a block of pixels. Parts of the shape combine by maximum, so
// overlapping pieces of one polyline (its joints) are blended into the canvas only once.
#pragma once

#include <algorithm>
#include <vector>

#include "kudzu/plot/canvas.hpp"

namespace kudzu::plot {

class CoverageMask {
 public:
  // A mask over the pixels that `bounds` touches, limited to the canvas' clip rectangle.
  CoverageMask(const Canvas& canvas, Rect bounds);

  bool empty() const { return width_ <= 0 || height_ <= 0; }
  // A segment of the given width with round caps.
  void cover_segment(Point a, Point b, double width);
  void composite(Canvas& canvas, Color color) const;

 private:
  int left_, top_, width_, height_;
  std::vector<float> coverage_;
};

// The part of a pixel covered by a band of the given width whose centre line lies at
// distance d from the pixel centre (one-dimensional box-filter approximation).
inline double band_coverage(double d, double width) {
  const double inside = std::min(d + 0.5, width / 2) - std::max(d - 0.5, -width / 2);
  return inside < 0 ? 0 : (inside > 1 ? 1 : inside);
}

}  // namespace kudzu::plot
