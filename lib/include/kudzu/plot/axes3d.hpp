// 3-D axes: an orthographic view (elevation and azimuth as in matplotlib) of a box with
// grey back panes, three labelled axes with ticks, wireframe surfaces and scatter points,
// all drawn back to front.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kudzu/plot/axes.hpp"

namespace kudzu::plot {

class Axes3D : public Panel {
 public:
  // Like matplotlib: elevation 30 degrees above the x-y plane, azimuth -60 degrees.
  void view(double elevation_degrees, double azimuth_degrees);

  // The surface z = field(x, y) as grid lines, coloured by height when a colormap is given.
  void wireframe(const Field& surface, LineStyle style = {},
                 std::optional<Colormap> color_by_height = {});
  // Throws kudzu::ShapeError when the three coordinate lists differ in length.
  void scatter(std::span<const double> xs, std::span<const double> ys, std::span<const double> zs,
               ScatterStyle style = {});

  void set_x_label(std::string label) { labels_[0] = std::move(label); }
  void set_y_label(std::string label) { labels_[1] = std::move(label); }
  void set_z_label(std::string label) { labels_[2] = std::move(label); }
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

  double elevation_ = 30;
  double azimuth_ = -60;
  std::vector<Segment> segments_;
  std::vector<Dot> dots_;
  std::vector<LineStyle> line_legend_;
  std::vector<ScatterStyle> dot_legend_;
  std::string labels_[3];
  std::optional<Range> fixed_z_;
  std::optional<LegendPlacement> legend_;
  std::shared_ptr<const Projection> projection_;
};

}  // namespace kudzu::plot
