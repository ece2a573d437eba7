#include "markers.hpp"

namespace kudzu::plot {

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
  }
}

}  // namespace kudzu::plot
