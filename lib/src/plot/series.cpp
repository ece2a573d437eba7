// Lines and scatter points, and the helpers all point series share.
#include "series.hpp"

#include <cmath>

#include "kudzu/error.hpp"
#include "legend.hpp"
#include "markers.hpp"
#include "shown_values.hpp"

namespace kudzu::plot {

namespace {
bool finite(Point p) { return std::isfinite(p.x) && std::isfinite(p.y); }
}  // namespace

std::vector<Point> zip_points(std::span<const double> xs, std::span<const double> ys,
                              const char* caller) {
  if (xs.size() != ys.size()) {
    throw ShapeError(std::string(caller) + ": " + std::to_string(xs.size()) + " x values but " +
                     std::to_string(ys.size()) + " y values");
  }
  std::vector<Point> points(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) points[i] = {xs[i], ys[i]};
  return points;
}

std::optional<Bounds> bounds_of(const std::vector<Point>& points) {
  FiniteRange x, y;
  for (const Point& p : points) {
    if (!finite(p)) continue;
    x.include(p.x);
    y.include(p.y);
  }
  if (!x.range()) return std::nullopt;
  return Bounds{*x.range(), *y.range()};
}

std::optional<Bounds> bounds_of(const Field& field) {
  const std::optional<Range> x = usable_range(field.x), y = usable_range(field.y);
  // The grid's own arithmetic (x_at, interpolate) needs finite spans.
  if (!x || !y || !std::isfinite(field.x.span()) || !std::isfinite(field.y.span()))
    return std::nullopt;
  return Bounds{*x, *y};
}

void LineSeries::draw(Canvas& canvas, const Font&, const DataToPixel& to_pixel) const {
  // A non-finite point ends one piece of the line and the next finite point starts another.
  std::vector<Point> piece;
  const auto flush = [&] {
    if (piece.size() == 1) piece.push_back(piece.front());  // a lone point shows as a dot
    canvas.stroke(piece, style_.stroke());
    piece.clear();
  };
  for (const Point& p : points_) {
    if (finite(p)) {
      piece.push_back(to_pixel(p.x, p.y));
    } else if (!piece.empty()) {
      flush();
    }
  }
  if (!piece.empty()) flush();
}

void LineSeries::draw_legend_key(Canvas& canvas, Rect key) const {
  draw_line_key(canvas, key, style_.stroke());
}

void ScatterSeries::draw(Canvas& canvas, const Font&, const DataToPixel& to_pixel) const {
  for (const Point& p : points_) {
    if (finite(p))
      draw_marker(canvas, style_.marker, to_pixel(p.x, p.y), style_.size, style_.color);
  }
}

void ScatterSeries::draw_legend_key(Canvas& canvas, Rect key) const {
  draw_marker_key(canvas, key, style_);
}

}  // namespace kudzu::plot
