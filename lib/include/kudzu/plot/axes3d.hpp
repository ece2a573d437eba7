// 3-D axes: an orthographic view (elevation and azimuth as in matplotlib) of a box with
// grey back panes, three labelled axes with ticks, wireframe surfaces and scatter points,
// all drawn back to front.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kudzu/plot/axes.hpp"
#include "kudzu/plot/ticks.hpp"

namespace kudzu::plot {

class Axes3D : public Panel {
 public:
  // Like matplotlib: elevation 30 degrees above the x-y plane, azimuth -60 degrees.
  void view(double elevation_degrees, double azimuth_degrees);

  // The surface z = field(x, y) as grid lines, coloured by height when a colormap is given;
  // a grid line to a NaN or infinite value is left out. As in Axes, ranges come from finite
  // values only, clamped to ±1e300, and axes with no finite value say so.
  void wireframe(const Field& surface, LineStyle style = {},
                 std::optional<Colormap> color_by_height = {});
  // Throws kudzu::ShapeError when the three coordinate lists differ in length.
  void scatter(std::span<const double> xs, std::span<const double> ys, std::span<const double> zs,
               ScatterStyle style = {});

  void set_x_label(std::string label) { labels_[0] = std::move(label); }
  void set_y_label(std::string label) { labels_[1] = std::move(label); }
  void set_z_label(std::string label) { labels_[2] = std::move(label); }
  // Ignored, as Axes::set_y_range, when an end is not finite or it runs backwards.
  void set_z_range(Range range) { fixed_z_ = range; }
  void legend(LegendPlacement placement = LegendPlacement::upper_right) { legend_ = placement; }

  void render(Canvas& canvas, const Font& font, Rect cell) override;

  // The pixel position of data point (x, y, z); valid after the figure has rendered.
  Point to_pixel(double x, double y, double z) const;

 private:
  struct Segment {
    double x0, y0, z0, x1, y1, z1;
    Stroke stroke;
  };
  struct Dot {
    double x, y, z;
    ScatterStyle style;
  };
  struct Projection;  // lib/src/plot/axes3d.cpp
  struct Layout;      // lib/src/plot/axes3d.cpp: the axes' ticks and the box's area

  // The steps of render, in order.
  Layout lay_out(const Font& font, Rect cell) const;
  Projection project(const Font& font, Rect cell, const Layout& layout) const;
  void draw_panes(Canvas& canvas, const Projection& projection,
                  const std::array<Ticks, 3>& ticks) const;
  void draw_axes(Canvas& canvas, const Font& font, const Projection& projection,
                 const std::array<Ticks, 3>& ticks) const;
  std::vector<Point> draw_depth_sorted(Canvas& canvas, const Projection& projection) const;
  void draw_legend_of_series(Canvas& canvas, const Font& font, Rect outline,
                             const std::vector<Point>& avoid) const;

  double elevation_ = 30;
  double azimuth_ = -60;
  std::vector<Segment> segments_;
  std::vector<Dot> dots_;
  std::vector<LineStyle> line_legend_;
  std::vector<ScatterStyle> dot_legend_;
  bool given_values_ = false;  // any, finite or not: without a finite one, render says so
  std::string labels_[3];
  std::optional<Range> fixed_z_;
  std::optional<LegendPlacement> legend_;
  std::shared_ptr<const Projection> projection_;
};

}  // namespace kudzu::plot
