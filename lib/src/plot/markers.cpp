#include "markers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace kudzu::plot {
namespace {

// A five-pointed star, point up, as the union of five convex kites (centre, inner corner,
// point, inner corner). Each pixel takes the largest coverage of any kite and is blended once,
// so no seam shows where the kites meet.
void draw_star(Canvas& canvas, Point center, double half, Color color) {
  constexpr double inner_ratio = 0.382;  // the regular star's: (3 - sqrt 5) / 2
  std::array<Point, 5> points, inner;
  for (int k = 0; k < 5; ++k) {
    const double angle = -std::numbers::pi / 2 + k * 2 * std::numbers::pi / 5;
    const double between = angle + std::numbers::pi / 5;
    points[k] = {center.x + half * std::cos(angle), center.y + half * std::sin(angle)};
    inner[k] = {center.x + half * inner_ratio * std::cos(between),
                center.y + half * inner_ratio * std::sin(between)};
  }
  // How far (pixel, y) lies inside the convex polygon, negative outside.
  auto inside = [](std::span<const Point> corners, double x, double y) {
    double depth = 1e9;
    for (std::size_t i = 0; i < corners.size(); ++i) {
      const Point a = corners[i], b = corners[(i + 1) % corners.size()];
      const double length = std::hypot(b.x - a.x, b.y - a.y);
      if (length > 0)
        depth = std::min(depth, ((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)) / length);
    }
    return depth;
  };
  // The pixels the star can touch, clamped to the canvas as doubles: a centre far off it
  // (1e300) is never converted to int.
  const auto first = [](double v, int size) {
    return static_cast<int>(std::clamp(std::floor(v) - 1, 0.0, static_cast<double>(size)));
  };
  const auto last = [](double v, int size) {
    return static_cast<int>(std::clamp(std::ceil(v) + 1, -1.0, size - 1.0));
  };
  if (!(std::isfinite(center.x) && std::isfinite(center.y))) return;
  const int left = first(center.x - half, canvas.width()),
            right = last(center.x + half, canvas.width());
  const int top = first(center.y - half, canvas.height()),
            bottom = last(center.y + half, canvas.height());
  for (int y = top; y <= bottom; ++y)
    for (int x = left; x <= right; ++x) {
      double coverage = 0;
      for (int k = 0; k < 5; ++k) {
        const Point kite[] = {center, inner[(k + 4) % 5], points[k], inner[k]};
        // Clockwise on screen (y down): the inside has a positive cross product.
        coverage = std::max(coverage, std::clamp(inside(kite, x + 0.5, y + 0.5) + 0.5, 0.0, 1.0));
      }
      if (coverage > 0) canvas.blend(x, y, color, coverage);
    }
}

}  // namespace

void draw_marker(Canvas& canvas, Marker marker, Point center, double size, Color color) {
  const double half = size / 2;
  switch (marker) {
    case Marker::circle:
      canvas.fill_circle(center, half, color);
      return;
    case Marker::square:
      canvas.fill_rect({center.x - half, center.y - half, size, size}, color);
      return;
    case Marker::cross: {
      // An 'x' whose strokes are a fifth of its size wide, so that it reads at small sizes.
      const double arm = half * 0.8;
      const Stroke stroke{color, std::max(1.5, size / 5), {}};
      const Point down[] = {{center.x - arm, center.y - arm}, {center.x + arm, center.y + arm}};
      const Point up[] = {{center.x - arm, center.y + arm}, {center.x + arm, center.y - arm}};
      canvas.stroke(down, stroke);
      canvas.stroke(up, stroke);
      return;
    }
    case Marker::star:
      draw_star(canvas, center, half, color);
      return;
  }
}

}  // namespace kudzu::plot
