#include "kudzu/plot/axes3d.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "kudzu/error.hpp"
#include "kudzu/plot/ticks.hpp"
#include "legend.hpp"
#include "markers.hpp"
#include "shown_values.hpp"
#include "style.hpp"
#include "tick_labels.hpp"

namespace kudzu::plot {

namespace {

using Vector = std::array<double, 3>;

constexpr Vector half_extent = {1, 1, 0.75};  // the box's proportions, matplotlib's 4:4:3
constexpr int max_ticks = 6;
constexpr double label_room = 48;  // beside the box for tick labels and axis labels
// From an axis to its label, beyond its tick labels.
constexpr double axis_label_offset = style::tick_length + 2 * style::gap + 4;
// How much more pixels a box unit may take across the screen than up it: a wide cell then
// shows the box as if seen a little lower and wider, instead of leaving its sides empty.
constexpr double max_stretch = 1.5;

double dot(const Vector& a, const Vector& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// A point given in -1..1 along each axis, in the box's coordinates.
Vector corner(const Vector& v) {
  return {v[0] * half_extent[0], v[1] * half_extent[1], v[2] * half_extent[2]};
}

}  // namespace

// Orthographic view: data -> a box centred on the origin -> the screen plane spanned by
// `right` and `up`; `toward_viewer` gives the depth used to draw back to front.
struct Axes3D::Projection {
  std::array<Range, 3> ranges;
  Vector toward_viewer, right, up;
  Point center;
  double scale_x = 1, scale_y = 1;  // pixels per box unit across and up the screen
  Rect outline;                     // the box's extent on screen

  Projection(std::array<Range, 3> data_ranges, double elevation_degrees, double azimuth_degrees)
      : ranges(data_ranges) {
    const double e = elevation_degrees * std::numbers::pi / 180,
                 a = azimuth_degrees * std::numbers::pi / 180;
    toward_viewer = {std::cos(e) * std::cos(a), std::cos(e) * std::sin(a), std::sin(e)};
    right = {-std::sin(a), std::cos(a), 0};
    up = {-std::sin(e) * std::cos(a), -std::sin(e) * std::sin(a), std::cos(e)};
  }

  // Where value lies along axis k, from -1 at the low end to 1 at the high end.
  double normalized(int k, double value) const {
    return (value - ranges[k].low) / ranges[k].span() * 2 - 1;
  }
  Vector in_box(double x, double y, double z) const {
    return {normalized(0, x) * half_extent[0], normalized(1, y) * half_extent[1],
            normalized(2, z) * half_extent[2]};
  }
  Point screen(const Vector& box) const {
    return {center.x + scale_x * dot(box, right), center.y - scale_y * dot(box, up)};
  }
  double depth(const Vector& box) const { return dot(box, toward_viewer); }
  // -1 or +1 per axis: the face of the box away from the viewer.
  Vector far_faces() const {
    Vector far;
    for (int k = 0; k < 3; ++k) far[k] = toward_viewer[k] > 0 ? -1 : 1;
    return far;
  }
  // Fits the box's outline into area, stretched sideways up to max_width pixels wide.
  void fit(Rect area, double max_width) {
    double left = 1e9, top_ = 1e9, right_ = -1e9, bottom = -1e9;
    for (int corner = 0; corner < 8; ++corner) {
      const Vector v = {corner & 1 ? 1.0 : -1.0, corner & 2 ? 1.0 : -1.0, corner & 4 ? 1.0 : -1.0};
      const Vector box = {v[0] * half_extent[0], v[1] * half_extent[1], v[2] * half_extent[2]};
      const double sx = dot(box, right), sy = -dot(box, up);
      left = std::min(left, sx), right_ = std::max(right_, sx), top_ = std::min(top_, sy),
      bottom = std::max(bottom, sy);
    }
    scale_y = std::min(area.width / (right_ - left), area.height / (bottom - top_));
    scale_x = std::clamp(max_width / (right_ - left), scale_y, max_stretch * scale_y);
    center = {area.center().x - scale_x * (left + right_) / 2,
              area.center().y - scale_y * (top_ + bottom) / 2};
    outline = {center.x + scale_x * left, center.y + scale_y * top_, scale_x * (right_ - left),
               scale_y * (bottom - top_)};
  }
};

void Axes3D::view(double elevation_degrees, double azimuth_degrees) {
  elevation_ = elevation_degrees;
  azimuth_ = azimuth_degrees;
}

void Axes3D::wireframe(const Field& surface, LineStyle style,
                       std::optional<Colormap> color_by_height) {
  surface.check("plot::Axes3D::wireframe");
  given_values_ = given_values_ || !surface.values.empty();
  FiniteRange heights;
  for (double z : surface.values) heights.include(z);
  const double low = heights.range() ? heights.range()->low : 0,
               high = heights.range() ? heights.range()->high : 1;
  const auto add = [&](int c0, int r0, int c1, int r1) {
    const Segment segment = {surface.x_at(c0), surface.y_at(r0), surface.at(c0, r0),
                             surface.x_at(c1), surface.y_at(r1), surface.at(c1, r1),
                             style.stroke()};
    const double ends[] = {segment.x0, segment.y0, segment.z0, segment.x1, segment.y1, segment.z1};
    if (!std::all_of(std::begin(ends), std::end(ends), [](double v) { return std::isfinite(v); }))
      return;  // a segment to a NaN or infinite sample is left out, as a scatter's point is
    segments_.push_back(segment);
    if (color_by_height)
      segments_.back().stroke.color =
          color_by_height->at(((segment.z0 + segment.z1) / 2 - low) / std::max(high - low, 1e-300));
  };
  for (int r = 0; r < surface.rows; ++r) {
    for (int c = 0; c < surface.columns; ++c) {
      if (c + 1 < surface.columns) add(c, r, c + 1, r);
      if (r + 1 < surface.rows) add(c, r, c, r + 1);
    }
  }
  if (!style.label.empty()) line_legend_.push_back(std::move(style));
}

void Axes3D::scatter(std::span<const double> xs, std::span<const double> ys,
                     std::span<const double> zs, ScatterStyle style) {
  if (xs.size() != ys.size() || xs.size() != zs.size()) {
    throw ShapeError("plot::Axes3D::scatter: " + std::to_string(xs.size()) + " x, " +
                     std::to_string(ys.size()) + " y and " + std::to_string(zs.size()) +
                     " z values");
  }
  given_values_ = given_values_ || !xs.empty();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isfinite(xs[i]) && std::isfinite(ys[i]) && std::isfinite(zs[i]))
      dots_.push_back({xs[i], ys[i], zs[i], style});
  }
  if (!style.label.empty()) dot_legend_.push_back(std::move(style));
}

Point Axes3D::to_pixel(double x, double y, double z) const {
  if (!projection_)
    throw UsageError("plot::Axes3D::to_pixel: the figure has not been rendered yet");
  return projection_->screen(projection_->in_box(x, y, z));
}

// The ticks of the three axes, and the area the box is fitted into.
struct Axes3D::Layout {
  std::array<Ticks, 3> ticks;
  Rect area;
};

// Ranges: the finite data's (or the fixed z range), widened to non-empty by nice_ticks; the
// area: the cell less the title and the room labels take around the box.
Axes3D::Layout Axes3D::lay_out(const Font& font, Rect cell) const {
  std::array<FiniteRange, 3> data;
  for (const Segment& s : segments_) {
    data[0].include(s.x0), data[0].include(s.x1), data[1].include(s.y0), data[1].include(s.y1),
        data[2].include(s.z0), data[2].include(s.z1);
  }
  for (const Dot& d : dots_) data[0].include(d.x), data[1].include(d.y), data[2].include(d.z);
  Layout layout;
  for (int k = 0; k < 3; ++k) {
    std::optional<Range> range = data[k].range();
    if (k == 2 && fixed_z_ && usable_range(*fixed_z_)) range = usable_range(*fixed_z_);
    layout.ticks[k] = nice_ticks(range.value_or(Range{0, 1}), max_ticks);
  }
  const double title = title_height(font);
  layout.area = {cell.left + style::cell_pad + label_room,
                 cell.top + style::cell_pad + title + label_room / 2,
                 cell.width - 2 * (style::cell_pad + label_room),
                 cell.height - 2 * style::cell_pad - title - 1.5 * label_room};
  return layout;
}

// The view fitted into the layout's area, stretched sideways as far as the labels allow.
Axes3D::Projection Axes3D::project(const Font& font, Rect cell, const Layout& layout) const {
  // Labels stick out of the box's outline by at most their offset and size (a tick label
  // reaches out by less than its width plus its height): a box stretched sideways leaves that
  // much room beside it for whichever axis lands at its side.
  const double tick_text = font.measure("0", style::tick_label_size).height;
  double side_room = label_room;
  std::array<Range, 3> ranges;
  for (int k = 0; k < 3; ++k) {
    ranges[k] = layout.ticks[k].range;
    const TextSize size = font.measure(labels_[k], style::axis_label_size);
    const double label = labels_[k].empty() ? 0 : k == 2 ? size.height : size.width;  // z upright
    side_room = std::max(side_room, axis_label_offset + widest_tick_label(font, layout.ticks[k]) +
                                        tick_text + label);
  }
  Projection projection(ranges, elevation_, azimuth_);
  projection.fit(layout.area, cell.width - 2 * (style::cell_pad + side_room));
  return projection;
}

// Back panes: for each axis, the face of the box on the side away from the viewer, with
// grid lines at the other two axes' ticks.
void Axes3D::draw_panes(Canvas& canvas, const Projection& projection,
                        const std::array<Ticks, 3>& ticks) const {
  const Vector far = projection.far_faces();
  for (int k = 0; k < 3; ++k) {
    const int a = (k + 1) % 3, b = (k + 2) % 3;
    std::array<Point, 4> quad;
    const double signs[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    for (int i = 0; i < 4; ++i) {
      Vector v;
      v[k] = far[k], v[a] = signs[i][0], v[b] = signs[i][1];
      quad[i] = projection.screen(corner(v));
    }
    canvas.fill_convex_polygon(quad, style::pane);
    for (int along : {a, b}) {
      const int across = along == a ? b : a;
      for (double value : ticks[along].values) {
        Vector from, to;
        from[k] = to[k] = far[k];
        from[along] = to[along] = projection.normalized(along, value);
        from[across] = -1, to[across] = 1;
        const Point line[] = {projection.screen(corner(from)), projection.screen(corner(to))};
        canvas.stroke(line, {style::pane_grid, 1, {}});
      }
    }
  }
}

// Axes on box edges: x and y along the bottom edges nearest the viewer, z on the vertical
// edge furthest left on screen; ticks pointing away from the box's centre, their labels, and
// the axis labels beyond them.
void Axes3D::draw_axes(Canvas& canvas, const Font& font, const Projection& projection,
                       const std::array<Ticks, 3>& ticks) const {
  const Vector far = projection.far_faces();
  const double bottom = projection.toward_viewer[2] >= 0 ? -1 : 1;
  std::array<Vector, 3> edge_start, edge_end;
  edge_start[0] = {-1, -far[1], bottom}, edge_end[0] = {1, -far[1], bottom};
  edge_start[1] = {-far[0], -1, bottom}, edge_end[1] = {-far[0], 1, bottom};
  double leftmost = 1e18;
  for (double x : {-1.0, 1.0}) {
    for (double y : {-1.0, 1.0}) {
      const double sx = projection.screen(corner({x, y, -1})).x;
      if (sx < leftmost) leftmost = sx, edge_start[2] = {x, y, -1}, edge_end[2] = {x, y, 1};
    }
  }
  const Point middle = projection.screen({0, 0, 0});
  const Stroke spine{style::spine, 1, {}};
  for (int k = 0; k < 3; ++k) {
    const Point a = projection.screen(corner(edge_start[k]));
    const Point b = projection.screen(corner(edge_end[k]));
    const Point edge[] = {a, b};
    canvas.stroke(edge, spine);
    const Point mid = {(a.x + b.x) / 2, (a.y + b.y) / 2};
    const double length = std::hypot(mid.x - middle.x, mid.y - middle.y);
    const Point out = {(mid.x - middle.x) / length, (mid.y - middle.y) / length};
    const TextStyle label_style{style::tick_label_size, style::text,
                                out.x < -0.3  ? HorizontalAlign::right
                                : out.x > 0.3 ? HorizontalAlign::left
                                              : HorizontalAlign::center,
                                out.y < -0.3  ? VerticalAlign::bottom
                                : out.y > 0.3 ? VerticalAlign::top
                                              : VerticalAlign::middle,
                                0};
    double reach = 0;
    for (std::size_t i = 0; i < ticks[k].values.size(); ++i) {
      const double t = (projection.normalized(k, ticks[k].values[i]) + 1) / 2;
      const Point at = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
      const Point tick[] = {at,
                            {at.x + out.x * style::tick_length, at.y + out.y * style::tick_length}};
      canvas.stroke(tick, spine);
      const double offset = style::tick_length + style::gap;
      const Rect box = font.draw(canvas, ticks[k].labels[i],
                                 {at.x + out.x * offset, at.y + out.y * offset}, label_style);
      reach = std::max(reach, std::abs(out.x) * box.width + std::abs(out.y) * box.height);
    }
    if (labels_[k].empty()) continue;
    const double offset = axis_label_offset + reach;
    font.draw(canvas, labels_[k], {mid.x + out.x * offset, mid.y + out.y * offset},
              {style::axis_label_size, style::text, label_style.horizontal, label_style.vertical,
               k == 2 ? 90.0 : 0.0});
  }
}

// Wireframe segments and points, back to front; returns where the points landed.
std::vector<Point> Axes3D::draw_depth_sorted(Canvas& canvas, const Projection& projection) const {
  struct Item {
    double depth;
    const Segment* segment;
    const Dot* dot;
  };
  std::vector<Item> items;
  for (const Segment& s : segments_) {
    const double depth = (projection.depth(projection.in_box(s.x0, s.y0, s.z0)) +
                          projection.depth(projection.in_box(s.x1, s.y1, s.z1))) /
                         2;
    items.push_back({depth, &s, nullptr});
  }
  for (const Dot& d : dots_)
    items.push_back({projection.depth(projection.in_box(d.x, d.y, d.z)), nullptr, &d});
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.depth < b.depth; });
  std::vector<Point> drawn;
  for (const Item& item : items) {
    if (item.segment) {
      const Segment& s = *item.segment;
      const Point line[] = {to_pixel(s.x0, s.y0, s.z0), to_pixel(s.x1, s.y1, s.z1)};
      canvas.stroke(line, s.stroke);
    } else {
      const Point at = to_pixel(item.dot->x, item.dot->y, item.dot->z);
      draw_marker(canvas, item.dot->style.marker, at, item.dot->style.size, item.dot->style.color);
      drawn.push_back(at);
    }
  }
  return drawn;
}

// The labelled wireframes' and scatters' keys, placed where they cover the fewest points.
void Axes3D::draw_legend_of_series(Canvas& canvas, const Font& font, Rect outline,
                                   const std::vector<Point>& avoid) const {
  std::vector<LegendEntry> entries;
  for (const LineStyle& line : line_legend_) {
    entries.push_back({line.label, [stroke = line.stroke()](Canvas& c, Rect key) {
                         draw_line_key(c, key, stroke);
                       }});
  }
  for (const ScatterStyle& dots : dot_legend_) {
    entries.push_back({dots.label, [dots](Canvas& c, Rect key) { draw_marker_key(c, key, dots); }});
  }
  draw_legend(canvas, font, outline, entries, *legend_, avoid);
}

void Axes3D::render(Canvas& canvas, const Font& font, Rect cell) {
  const Layout layout = lay_out(font, cell);
  projection_ = std::make_shared<const Projection>(project(font, cell, layout));
  const Projection& projection = *projection_;
  draw_panes(canvas, projection, layout.ticks);
  draw_axes(canvas, font, projection, layout.ticks);
  canvas.set_clip(cell);
  const std::vector<Point> points = draw_depth_sorted(canvas, projection);
  if (given_values_ && segments_.empty() && dots_.empty()) {
    font.draw(
        canvas, "nothing to draw: every value is NaN or infinite", projection.screen({0, 0, 0}),
        {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::middle, 0});
  }
  canvas.reset_clip();
  const Rect area = layout.area;
  draw_title(canvas, font,
             {area.left, cell.top + style::cell_pad + title_height(font), area.width, area.height});
  if (legend_) draw_legend_of_series(canvas, font, projection.outline, points);
}

}  // namespace kudzu::plot
