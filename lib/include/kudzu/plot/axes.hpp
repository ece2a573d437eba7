// 2-D axes: series in data coordinates, automatic or fixed ranges, nice ticks, a dashed
// grid, labels, a legend and a colorbar. Series are kept and drawn when the figure renders.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kudzu/plot/color.hpp"
#include "kudzu/plot/field.hpp"
#include "kudzu/plot/panel.hpp"

namespace kudzu::plot {

struct LineStyle {
  Color color = tab10(0);
  double width = 2;
  std::vector<double> dashes = {};  // on/off lengths in pixels, e.g. {7, 4}; empty is solid
  std::string label = {};           // the legend entry; empty leaves the series out of the legend

  Stroke stroke() const { return {color, width, dashes}; }
};

enum class Marker { circle, cross, square, star };  // star: five points, one up

struct ScatterStyle {
  Color color = tab10(0);  // its alpha makes dense clouds readable
  double size = 6;         // marker diameter in pixels
  Marker marker = Marker::circle;
  std::string label = {};
};

struct ImageStyle {
  Colormap colormap = Colormap::gray_reversed();
  // Values mapped to the colormap's ends; default the finite values' min..max. NaN pixels
  // are left blank.
  std::optional<Range> value_range = {};
  std::optional<Bounds> extent = {};  // data rectangle covered; default 0..columns x 0..rows
};

struct ContourStyle {
  std::vector<double> levels = {};
  Color color = colors::dark_gray;
  double width = 1.2;
  std::optional<double> emphasized_level = {};  // drawn emphasized_width wide (a decision boundary)
  double emphasized_width = 3;
  bool inline_labels = true;  // each level's value written on its line, the line cut around it
  double label_size = 12;
  // Data points (markers of other series) the inline labels keep clear of where they can, so
  // that no marker covers a label.
  std::vector<Point> label_avoid = {};
};

enum class LegendPlacement { best, upper_left, upper_right, lower_left, lower_right };

class Series;  // lib/src/plot/series.hpp

class Axes : public Panel {
 public:
  Axes();
  ~Axes() override;

  // Series. Throws kudzu::ShapeError when xs and ys differ in length; non-finite points
  // break a line and are skipped in a scatter. Any numbers draw: automatic ranges come from
  // finite values only, and every range is clamped to ±1e300 (beyond, a point is off the
  // chart); axes whose series have no finite value at all say so in their plot area.
  void line(std::span<const double> xs, std::span<const double> ys, LineStyle style = {});
  void scatter(std::span<const double> xs, std::span<const double> ys, ScatterStyle style = {});
  // Nearest-neighbour image; makes the aspect equal and, as matplotlib's imshow, the y axis
  // inverted: row 0 (at the extent's low y, 0..1 by default) is on top.
  void image(const Image& image, ImageStyle style = {});
  // Bands between consecutive levels, coloured by the colormap (below the first and above
  // the last level the end colours), anti-aliased at the band edges. An opacity below 1
  // lightens the bands so that points and labels drawn over them stay readable.
  void filled_contour(const Field& field, std::vector<double> levels,
                      Colormap colormap = Colormap::viridis(), double opacity = 1);
  // Contour lines by marching squares.
  void contour(const Field& field, ContourStyle style);
  // The plane split by which of the fields (all on one grid) is largest, region k in
  // colors[k], anti-aliased at the borders: the classes a classifier decides on, from its
  // scores. UsageError unless there is one colour per field; ShapeError for other grids.
  void regions(std::vector<Field> scores, std::vector<Color> colors, double opacity = 1);

  void set_x_label(std::string label) { x_label_ = std::move(label); }
  void set_y_label(std::string label) { y_label_ = std::move(label); }
  // Fixed ranges, low < high. One with an end that is not finite, or that runs backwards,
  // is ignored: the data's finite range is shown instead.
  void set_x_range(Range range) { fixed_x_ = range; }
  void set_y_range(Range range) { fixed_y_ = range; }
  void set_equal_aspect(bool equal = true) { equal_aspect_ = equal; }
  // Whole-number ticks only on the x axis (nice_integer_ticks), for an axis that counts.
  void set_x_integer_ticks(bool integers = true) { x_integer_ticks_ = integers; }
  // Categories along the x axis: a tick at 0, 1, ... labelled with each name in turn, for
  // bars drawn at those positions (the x range is still set_x_range's or the data's).
  void set_x_categories(std::vector<std::string> names) { x_categories_ = std::move(names); }
  // y values grow downward (ticks, grid and every series follow); set_y_range still takes
  // low < high.
  void invert_y(bool inverted = true) { y_inverted_ = inverted; }
  void show_grid(bool show = true) { grid_ = show; }
  // No frame, ticks or grid: for image grids, where only the title (a caption) remains.
  void hide_frame() { frame_ = false; }
  void legend(LegendPlacement placement = LegendPlacement::best) { legend_ = placement; }
  // A colorbar right of the axes for the last image or filled contour added.
  void colorbar(std::string label = "") { colorbar_label_ = std::move(label); }

  void render(Canvas& canvas, const Font& font, Rect cell) override;

  // Valid after the figure has rendered (Figure::render or save_png); throws
  // kudzu::UsageError before. to_pixel(x, y) is the pixel position of data point (x, y).
  const DataToPixel& mapping() const;
  Point to_pixel(double x, double y) const { return mapping()(x, y); }

 private:
  struct Layout;  // lib/src/plot/axes.cpp: the plot area in the cell, and its ticks
  Range shown_range(bool x_axis) const;
  bool has_nothing_finite() const;
  const Series* colorbar_series() const;
  // The steps of render, in order.
  Layout lay_out(const Font& font, Rect cell, const Series* mappable) const;
  void draw_plot_area(Canvas& canvas, const Font& font, const Layout& layout) const;
  void draw_frame(Canvas& canvas, const Font& font, const Layout& layout) const;
  void draw_legend_of_series(Canvas& canvas, const Font& font, Rect box) const;

  std::vector<std::unique_ptr<Series>> series_;
  std::string x_label_, y_label_;
  std::optional<Range> fixed_x_, fixed_y_;
  bool equal_aspect_ = false;
  bool x_integer_ticks_ = false;
  std::vector<std::string> x_categories_;
  bool y_inverted_ = false;
  bool grid_ = true;
  bool frame_ = true;
  std::optional<LegendPlacement> legend_;
  std::optional<std::string> colorbar_label_;
  std::optional<DataToPixel> mapping_;
};

}  // namespace kudzu::plot
