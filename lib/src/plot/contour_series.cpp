// Contour lines with inline labels: each level's value is written on its longest line,
// along the line, in a gap cut out of it (what matplotlib's clabel does).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "kudzu/error.hpp"
#include "kudzu/plot/ticks.hpp"
#include "marching_squares.hpp"
#include "series.hpp"

namespace kudzu::plot {

namespace {

// A polyline in pixels with the arc length at each vertex.
struct Path {
  std::vector<Point> points;
  std::vector<double> arc;

  explicit Path(std::vector<Point> pixels) : points(std::move(pixels)), arc(points.size(), 0) {
    for (std::size_t i = 1; i < points.size(); ++i) {
      arc[i] =
          arc[i - 1] + std::hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    }
  }
  double length() const { return arc.back(); }

  Point at(double s) const {
    const auto i = std::clamp<std::size_t>(
        std::lower_bound(arc.begin(), arc.end(), s) - arc.begin(), 1, points.size() - 1);
    const double piece = arc[i] - arc[i - 1];
    const double t = piece > 0 ? std::clamp((s - arc[i - 1]) / piece, 0.0, 1.0) : 0;
    return {points[i - 1].x + t * (points[i].x - points[i - 1].x),
            points[i - 1].y + t * (points[i].y - points[i - 1].y)};
  }

  // The part between arc lengths from and to.
  std::vector<Point> between(double from, double to) const {
    std::vector<Point> part = {at(from)};
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (arc[i] > from && arc[i] < to) part.push_back(points[i]);
    }
    part.push_back(at(to));
    return part;
  }
};

struct LabelSpot {
  double arc;  // where on the path the label's centre sits
  Point center;
};

// The spot on the path for a label half_length long: inside the box, clear of as many of the
// points to avoid (pixels) as it can be, and as far from the labels already placed (then as
// near the middle of the line) as possible.
std::optional<LabelSpot> find_spot(const Path& path, double half_length, Rect box,
                                   const std::vector<Point>& placed,
                                   const std::vector<Point>& avoid) {
  std::optional<LabelSpot> best;
  double best_score = -1e18;
  for (double s = half_length + 4; s + half_length + 4 <= path.length(); s += 4) {
    const Point p = path.at(s);
    if (p.x < box.left + half_length || p.x > box.right() - half_length ||
        p.y < box.top + half_length || p.y > box.bottom() - half_length) {
      continue;
    }
    double nearest = 150;  // beyond this, distance to other labels no longer matters
    for (const Point& q : placed) nearest = std::min(nearest, std::hypot(p.x - q.x, p.y - q.y));
    // A marker near the label outweighs any distance: 1000 per marker within reach.
    double covered = 0;
    for (const Point& q : avoid) covered += std::hypot(p.x - q.x, p.y - q.y) < half_length + 6;
    const double score = nearest - 0.05 * std::abs(s - path.length() / 2) - 1000 * covered;
    if (score > best_score) best_score = score, best = LabelSpot{s, p};
  }
  return best;
}

}  // namespace

ContourSeries::ContourSeries(Field field, ContourStyle style)
    : field_(std::move(field)), style_(std::move(style)) {
  field_.check("plot::Axes::contour");
  if (style_.levels.empty()) throw UsageError("plot::Axes::contour: no levels given");
}

void ContourSeries::draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const {
  if (!bounds()) return;  // a field over a range that is not finite
  const std::vector<std::string> texts = format_values(style_.levels);
  std::vector<Point> placed, avoid;
  for (const Point& p : style_.label_avoid)
    if (std::isfinite(p.x) && std::isfinite(p.y)) avoid.push_back(to_pixel(p.x, p.y));
  for (std::size_t k = 0; k < style_.levels.size(); ++k) {
    const double level = style_.levels[k];
    const bool emphasized = style_.emphasized_level && std::abs(*style_.emphasized_level - level) <=
                                                           1e-9 * (1 + std::abs(level));
    const Stroke stroke{style_.color, emphasized ? style_.emphasized_width : style_.width, {}};

    std::vector<Path> paths;
    // A crossing next to a NaN or infinite sample is not finite: it cuts the line in two.
    for (const auto& line : contour_lines(field_, level)) {
      std::vector<Point> pixels;
      const auto end_piece = [&] {
        if (pixels.size() >= 2) paths.emplace_back(std::move(pixels));
        pixels.clear();
      };
      for (const Point& p : line) {
        const Point pixel = to_pixel(p.x, p.y);
        if (std::isfinite(pixel.x) && std::isfinite(pixel.y)) {
          pixels.push_back(pixel);
        } else {
          end_piece();
        }
      }
      end_piece();
    }
    if (paths.empty()) continue;

    std::optional<LabelSpot> spot;
    const auto longest =
        std::max_element(paths.begin(), paths.end(),
                         [](const Path& a, const Path& b) { return a.length() < b.length(); });
    const double half_length = font.measure(texts[k], style_.label_size).width / 2 + 5;
    if (style_.inline_labels) spot = find_spot(*longest, half_length, to_pixel.box, placed, avoid);

    for (const Path& path : paths) {
      if (spot && &path == &*longest) {
        canvas.stroke(path.between(0, spot->arc - half_length), stroke);
        canvas.stroke(path.between(spot->arc + half_length, path.length()), stroke);
      } else {
        canvas.stroke(path.points, stroke);
      }
    }
    if (!spot) continue;
    // Along the line, turned so that the text is never upside down.
    const Point a = longest->at(spot->arc - half_length), b = longest->at(spot->arc + half_length);
    double angle = std::atan2(a.y - b.y, b.x - a.x) * 180 / std::numbers::pi;
    if (angle > 90) angle -= 180;
    if (angle < -90) angle += 180;
    font.draw(
        canvas, texts[k], spot->center,
        {style_.label_size, style_.color, HorizontalAlign::center, VerticalAlign::middle, angle});
    placed.push_back(spot->center);
  }
}

}  // namespace kudzu::plot
