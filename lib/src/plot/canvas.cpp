#include "kudzu/plot/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "coverage_mask.hpp"
#include "kudzu/error.hpp"

namespace kudzu::plot {

namespace {

std::uint8_t to_byte(double component) {
  // Half up, as lround rounds these non-negative values, without its call for each pixel.
  return static_cast<std::uint8_t>(std::clamp(component, 0.0, 1.0) * 255 + 0.5);
}

// The pixels from low to high (exclusive) that lie inside [clip_low, clip_high), worked out
// in doubles so that a shape far off the canvas is never converted to int.
struct PixelSpan {
  int first = 0, end = 0;
};
PixelSpan pixel_span(double low, double high, int clip_low, int clip_high) {
  const double first = std::max<double>(std::floor(low), clip_low);
  const double end = std::min<double>(std::ceil(high), clip_high);
  if (!(first < end)) return {};  // also for NaN
  return {static_cast<int>(first), static_cast<int>(end)};
}

bool finite(Point p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// The part of segment a-b inside area, by Liang-Barsky clipping: its parameters t0 <= t1
// (a + t (b - a), t in [0, 1]) and its ends. An end inside area is kept exactly; an end on
// an edge has that edge's coordinate and the other one interpolated from the endpoint
// nearer the edge, so a far endpoint (1e300) costs no precision in the visible part.
struct ClippedSegment {
  double t0, t1;
  Point start, end;
};

// The point where segment a-b crosses edge (0 left, 1 right, 2 top, 3 bottom) of area.
Point crossing(Point a, Point b, int edge, Rect area) {
  const bool vertical_edge = edge < 2;
  const double at = edge == 0   ? area.left
                    : edge == 1 ? area.right()
                    : edge == 2 ? area.top
                                : area.bottom();
  // u is the coordinate pinned to the edge, v the one interpolated.
  const auto u = [&](Point p) { return vertical_edge ? p.x : p.y; };
  const auto v = [&](Point p) { return vertical_edge ? p.y : p.x; };
  const bool a_nearer = std::abs(u(a) - at) <= std::abs(u(b) - at);
  const Point near = a_nearer ? a : b, far = a_nearer ? b : a;
  const double r = (at - u(near)) / (u(far) - u(near));  // in [0, 1/2] up to rounding
  // r v(far) - r v(near), not r (v(far) - v(near)), which can overflow.
  double other = v(near) + (r * v(far) - r * v(near));
  if (!std::isfinite(other)) other = v(near);
  if (vertical_edge) return {at, std::clamp(other, area.top, area.bottom())};
  return {std::clamp(other, area.left, area.right()), at};
}

std::optional<ClippedSegment> clip_segment(Point a, Point b, Rect area) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[] = {-dx, dx, -dy, dy};
  const double q[] = {a.x - area.left, area.right() - a.x, a.y - area.top, area.bottom() - a.y};
  double t0 = 0, t1 = 1;
  int edge0 = -1, edge1 = -1;
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return std::nullopt;  // parallel to this edge and outside it
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0 && t > t0) {
      t0 = t;
      edge0 = i;
    } else if (p[i] > 0 && t < t1) {
      t1 = t;
      edge1 = i;
    }
  }
  if (!(t0 <= t1)) return std::nullopt;
  return ClippedSegment{t0, t1, edge0 < 0 ? a : crossing(a, b, edge0, area),
                        edge1 < 0 ? b : crossing(a, b, edge1, area)};
}

// A visible part of a polyline, and how far along the polyline (from its start or its last
// non-finite point) it begins, so that a dash pattern can continue as if nothing was cut.
struct Piece {
  std::vector<Point> points;
  double offset = 0;
};

// The parts of a polyline inside area, each a polyline of its own; non-finite points break
// it. Points far outside (a value of 1e300 on fixed axes) are cut off here, before anything
// is rasterized or dashed along them.
std::vector<Piece> visible_pieces(std::span<const Point> polyline, Rect area) {
  std::vector<Piece> pieces;
  Piece current;
  const auto flush = [&] {
    if (current.points.size() >= 2) pieces.push_back(std::move(current));
    current = {};
  };
  double length_before = 0;  // of the polyline up to polyline[i - 1]
  for (std::size_t i = 1; i < polyline.size(); ++i) {
    const Point a = polyline[i - 1], b = polyline[i];
    const bool both_finite = finite(a) && finite(b);
    const auto part = both_finite ? clip_segment(a, b, area) : std::nullopt;
    const double length_here = length_before;
    length_before = both_finite ? length_before + std::hypot(b.x - a.x, b.y - a.y) : 0;
    if (!part) {
      flush();
      continue;
    }
    if (current.points.empty() || part->t0 > 0) {
      flush();
      current.points = {part->start};
      current.offset = length_here + std::hypot(part->start.x - a.x, part->start.y - a.y);
    }
    current.points.push_back(part->end);
    if (part->t1 < 1) flush();
  }
  flush();
  return pieces;
}

// Splits a polyline into its dashes: runs of `on` pixels separated by `off` pixels, the
// pattern continuing across vertices and starting `offset` pixels into it.
std::vector<std::vector<Point>> split_into_dashes(std::span<const Point> polyline,
                                                  const std::vector<double>& dashes,
                                                  double offset) {
  std::vector<std::vector<Point>> pieces;
  std::size_t dash = 0;
  bool on = true;
  double period = 0;
  for (double d : dashes) period += d;
  offset = period > 0 && std::isfinite(offset) ? std::fmod(offset, period) : 0;
  while (offset >= dashes[dash]) {  // ends: offset < period
    offset -= dashes[dash];
    on = !on;
    dash = (dash + 1) % dashes.size();
  }
  double left_in_dash = dashes[dash] - offset;
  std::vector<Point> current = {polyline[0]};
  for (std::size_t i = 1; i < polyline.size(); ++i) {
    Point from = polyline[i - 1];
    const Point to = polyline[i];
    double remaining = std::hypot(to.x - from.x, to.y - from.y);
    while (remaining > left_in_dash) {
      const double t = left_in_dash / remaining;
      from = {from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t};
      remaining -= left_in_dash;
      if (on) {
        current.push_back(from);
        pieces.push_back(std::move(current));
      }
      current = {from};
      on = !on;
      dash = (dash + 1) % dashes.size();
      left_in_dash = dashes[dash];
    }
    left_in_dash -= remaining;
    if (on) current.push_back(to);
  }
  if (on && current.size() > 1) pieces.push_back(std::move(current));
  return pieces;
}

}  // namespace

Canvas::Canvas(int width, int height, Color background) : width_(width), height_(height) {
  if (width <= 0 || height <= 0) {
    throw UsageError("plot::Canvas: size " + std::to_string(width) + "x" + std::to_string(height) +
                     " is not positive");
  }
  rgba_.resize(static_cast<std::size_t>(width) * height * 4);
  for (std::size_t i = 0; i < rgba_.size(); i += 4) {
    rgba_[i] = to_byte(background.r);
    rgba_[i + 1] = to_byte(background.g);
    rgba_[i + 2] = to_byte(background.b);
    rgba_[i + 3] = to_byte(background.a);
  }
  reset_clip();
}

Color Canvas::pixel(int x, int y) const {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) {
    throw UsageError("plot::Canvas::pixel: (" + std::to_string(x) + ", " + std::to_string(y) +
                     ") is outside the " + std::to_string(width_) + "x" + std::to_string(height_) +
                     " canvas");
  }
  const std::uint8_t* p = &rgba_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  return {p[0] / 255.0f, p[1] / 255.0f, p[2] / 255.0f, p[3] / 255.0f};
}

void Canvas::set_clip(Rect clip) {
  clip_left_ = std::clamp(static_cast<int>(std::floor(clip.left)), 0, width_);
  clip_top_ = std::clamp(static_cast<int>(std::floor(clip.top)), 0, height_);
  clip_right_ = std::clamp(static_cast<int>(std::ceil(clip.right())), 0, width_);
  clip_bottom_ = std::clamp(static_cast<int>(std::ceil(clip.bottom())), 0, height_);
}

void Canvas::reset_clip() {
  set_clip({0, 0, static_cast<double>(width_), static_cast<double>(height_)});
}

void Canvas::blend(int x, int y, Color color, double coverage) {
  if (x < clip_left_ || y < clip_top_ || x >= clip_right_ || y >= clip_bottom_) return;
  const double alpha = std::clamp(coverage, 0.0, 1.0) * color.a;
  if (alpha <= 0) return;
  std::uint8_t* p = &rgba_[(static_cast<std::size_t>(y) * width_ + x) * 4];
  const double source[3] = {color.r, color.g, color.b};
  for (int c = 0; c < 3; ++c) p[c] = to_byte(source[c] * alpha + p[c] / 255.0 * (1 - alpha));
  p[3] = to_byte(alpha + p[3] / 255.0 * (1 - alpha));
}

void Canvas::fill_rect(Rect rect, Color color) {
  // Coverage is the overlap of each pixel with the rectangle, so fractional edges blend.
  const PixelSpan xs = pixel_span(rect.left, rect.right(), clip_left_, clip_right_);
  const PixelSpan ys = pixel_span(rect.top, rect.bottom(), clip_top_, clip_bottom_);
  for (int y = ys.first; y < ys.end; ++y) {
    const double cover_y = std::min<double>(y + 1, rect.bottom()) - std::max<double>(y, rect.top);
    for (int x = xs.first; x < xs.end; ++x) {
      const double cover_x = std::min<double>(x + 1, rect.right()) - std::max<double>(x, rect.left);
      blend(x, y, color, cover_x * cover_y);
    }
  }
}

void Canvas::fill_convex_polygon(std::span<const Point> corners, Color color) {
  if (corners.size() < 3) return;
  double left = corners[0].x, right = left, top = corners[0].y, bottom = top;
  double signed_area = 0;
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const Point a = corners[i], b = corners[(i + 1) % corners.size()];
    left = std::min(left, a.x), right = std::max(right, a.x);
    top = std::min(top, a.y), bottom = std::max(bottom, a.y);
    signed_area += a.x * b.y - b.x * a.y;
  }
  const double orientation = signed_area > 0 ? 1 : -1;
  // Coverage from the distance to the nearest edge: exact for edges, close at corners.
  const PixelSpan xs = pixel_span(left, right, clip_left_, clip_right_);
  const PixelSpan ys = pixel_span(top, bottom, clip_top_, clip_bottom_);
  for (int y = ys.first; y < ys.end; ++y) {
    for (int x = xs.first; x < xs.end; ++x) {
      double inside = 1e9;
      for (std::size_t i = 0; i < corners.size(); ++i) {
        const Point a = corners[i], b = corners[(i + 1) % corners.size()];
        const double length = std::hypot(b.x - a.x, b.y - a.y);
        if (length == 0) continue;
        const double cross = (b.x - a.x) * (y + 0.5 - a.y) - (b.y - a.y) * (x + 0.5 - a.x);
        inside = std::min(inside, orientation * cross / length);
      }
      blend(x, y, color, inside + 0.5);
    }
  }
}

void Canvas::fill_circle(Point center, double radius, Color color) {
  const PixelSpan xs =
      pixel_span(center.x - radius - 1, center.x + radius + 2, clip_left_, clip_right_);
  const PixelSpan ys =
      pixel_span(center.y - radius - 1, center.y + radius + 2, clip_top_, clip_bottom_);
  const double small = std::min(1.0, 2 * radius);  // a dot thinner than a pixel is fainter
  for (int y = ys.first; y < ys.end; ++y) {
    for (int x = xs.first; x < xs.end; ++x) {
      const double distance = std::hypot(x + 0.5 - center.x, y + 0.5 - center.y);
      blend(x, y, color, std::clamp(radius + 0.5 - distance, 0.0, small));
    }
  }
}

void Canvas::stroke(std::span<const Point> polyline, const Stroke& stroke) {
  if (polyline.size() < 2 || stroke.width <= 0) return;
  // Only what can reach the clip rectangle is drawn.
  const double reach = stroke.width / 2 + 1;
  const Rect area = {clip_left_ - reach, clip_top_ - reach, clip_right_ - clip_left_ + 2 * reach,
                     clip_bottom_ - clip_top_ + 2 * reach};
  const std::vector<Piece> pieces = visible_pieces(polyline, area);
  if (pieces.empty()) return;
  double left = pieces[0].points[0].x, right = left, top = pieces[0].points[0].y, bottom = top;
  for (const auto& piece : pieces)
    for (const Point& p : piece.points) {
      left = std::min(left, p.x), right = std::max(right, p.x);
      top = std::min(top, p.y), bottom = std::max(bottom, p.y);
    }
  CoverageMask mask(
      *this, {left - reach, top - reach, right - left + 2 * reach, bottom - top + 2 * reach});
  if (mask.empty()) return;
  const auto cover = [&](std::span<const Point> piece) {
    for (std::size_t i = 1; i < piece.size(); ++i)
      mask.cover_segment(piece[i - 1], piece[i], stroke.width);
  };
  for (const auto& piece : pieces) {
    if (stroke.dashes.empty()) {
      cover(piece.points);
    } else {
      for (const auto& dash : split_into_dashes(piece.points, stroke.dashes, piece.offset))
        cover(dash);
    }
  }
  mask.composite(*this, stroke.color);
}

void Canvas::stroke_rect(Rect rect, const Stroke& stroke) {
  const Point outline[] = {{rect.left, rect.top},
                           {rect.right(), rect.top},
                           {rect.right(), rect.bottom()},
                           {rect.left, rect.bottom()},
                           {rect.left, rect.top}};
  this->stroke(outline, stroke);
}

}  // namespace kudzu::plot
