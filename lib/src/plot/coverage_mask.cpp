#include "coverage_mask.hpp"

#include <algorithm>
#include <cmath>

namespace kudzu::plot {

CoverageMask::CoverageMask(const Canvas& canvas, Rect bounds) {
  left_ = std::max(canvas.clip_left_, static_cast<int>(std::floor(bounds.left)));
  top_ = std::max(canvas.clip_top_, static_cast<int>(std::floor(bounds.top)));
  width_ = std::min(canvas.clip_right_, static_cast<int>(std::ceil(bounds.right()))) - left_;
  height_ = std::min(canvas.clip_bottom_, static_cast<int>(std::ceil(bounds.bottom()))) - top_;
  if (!empty()) coverage_.assign(static_cast<std::size_t>(width_) * height_, 0.0f);
}

void CoverageMask::cover_segment(Point a, Point b, double width) {
  const double reach = width / 2 + 1;
  const int x0 = std::max(left_, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
  const int x1 = std::min(left_ + width_, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
  const int y0 = std::max(top_, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
  const int y1 = std::min(top_ + height_, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length_squared = dx * dx + dy * dy;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const double px = x + 0.5 - a.x, py = y + 0.5 - a.y;
      double t = length_squared > 0 ? (px * dx + py * dy) / length_squared : 0;
      t = std::clamp(t, 0.0, 1.0);
      // A distance of a few pixels: nothing for hypot's guard against overflow to do, and
      // this is the inner loop of every stroke (hypot made a tenth of drawing the figures).
      const double ex = px - t * dx, ey = py - t * dy;
      const double distance = std::sqrt(ex * ex + ey * ey);
      float& cell = coverage_[static_cast<std::size_t>(y - top_) * width_ + (x - left_)];
      cell = std::max(cell, static_cast<float>(band_coverage(distance, width)));
    }
  }
}

void CoverageMask::composite(Canvas& canvas, Color color) const {
  for (int y = 0; y < height_; ++y) {
    for (int x = 0; x < width_; ++x) {
      const float cell = coverage_[static_cast<std::size_t>(y) * width_ + x];
      if (cell > 0) canvas.blend(left_ + x, top_ + y, color, cell);
    }
  }
}

}  // namespace kudzu::plot
