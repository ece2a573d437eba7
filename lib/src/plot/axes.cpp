#include "kudzu/plot/axes.hpp"

#include <algorithm>
#include <cmath>

#include "colorbar.hpp"
#include "kudzu/error.hpp"
#include "kudzu/plot/ticks.hpp"
#include "legend.hpp"
#include "region_series.hpp"
#include "series.hpp"
#include "shown_values.hpp"
#include "style.hpp"
#include "tick_labels.hpp"

namespace kudzu::plot {

namespace {

constexpr double auto_margin = 0.05;  // of the data span on each side, as matplotlib

// The centre of the pixel column or row containing coordinate v: 1-pixel lines stay crisp.
double snap(double v) { return std::floor(v) + 0.5; }

}  // namespace

Axes::Axes() = default;
Axes::~Axes() = default;

void Axes::line(std::span<const double> xs, std::span<const double> ys, LineStyle style) {
  series_.push_back(
      std::make_unique<LineSeries>(zip_points(xs, ys, "plot::Axes::line"), std::move(style)));
}

void Axes::scatter(std::span<const double> xs, std::span<const double> ys, ScatterStyle style) {
  series_.push_back(
      std::make_unique<ScatterSeries>(zip_points(xs, ys, "plot::Axes::scatter"), std::move(style)));
}

void Axes::image(const Image& image, ImageStyle style) {
  series_.push_back(std::make_unique<ImageSeries>(image, std::move(style)));
  equal_aspect_ = true;
  y_inverted_ = true;
}

void Axes::filled_contour(const Field& field, std::vector<double> levels, Colormap colormap,
                          double opacity) {
  series_.push_back(std::make_unique<FilledContourSeries>(field, std::move(levels),
                                                          std::move(colormap), opacity));
}

void Axes::contour(const Field& field, ContourStyle style) {
  series_.push_back(std::make_unique<ContourSeries>(field, std::move(style)));
}

void Axes::regions(std::vector<Field> scores, std::vector<Color> colors, double opacity) {
  series_.push_back(std::make_unique<RegionSeries>(std::move(scores), std::move(colors), opacity));
}

const DataToPixel& Axes::mapping() const {
  if (!mapping_) throw UsageError("plot::Axes::mapping: the figure has not been rendered yet");
  return *mapping_;
}

// A fixed range when it is usable; otherwise the finite data's, with a margin unless a
// series fills its extent. Within ±largest_shown either way, so that spans stay finite.
Range Axes::shown_range(bool x_axis) const {
  const std::optional<Range>& fixed = x_axis ? fixed_x_ : fixed_y_;
  if (const auto usable = fixed ? usable_range(*fixed) : std::nullopt) return *usable;
  std::optional<Range> range;
  bool fills = false;
  for (const auto& series : series_) {
    const auto bounds = series->bounds();
    if (!bounds) continue;
    const Range r = x_axis ? bounds->x : bounds->y;
    range = range ? Range{std::min(range->low, r.low), std::max(range->high, r.high)} : r;
    fills = fills || series->fills_extent();
  }
  if (!range) return {0, 1};
  const double margin = fills ? 0 : auto_margin * range->span();
  return {clamp_shown(range->low - margin), clamp_shown(range->high + margin)};
}

bool Axes::has_nothing_finite() const {
  return !series_.empty() && std::none_of(series_.begin(), series_.end(), [](const auto& series) {
    return series->bounds().has_value();
  });
}

const Series* Axes::colorbar_series() const {
  for (auto it = series_.rbegin(); it != series_.rend(); ++it) {
    if ((*it)->value_range()) return it->get();
  }
  return nullptr;
}

// Where the plot area goes in the cell, and the ticks along its sides.
struct Axes::Layout {
  Ticks x_ticks, y_ticks;
  Rect box;              // the plot area
  double left = 0;       // the margin left of it: y tick labels and the y label
  double tick_text = 0;  // the height of a tick label
};

Axes::Layout Axes::lay_out(const Font& font, Rect cell, const Series* mappable) const {
  Layout layout;
  // nice_ticks widens an empty range (a constant series): show what the ticks cover.
  layout.x_ticks =
      x_integer_ticks_ ? nice_integer_ticks(shown_range(true)) : nice_ticks(shown_range(true));
  if (!x_categories_.empty()) {
    layout.x_ticks.values.clear();
    for (std::size_t k = 0; k < x_categories_.size(); ++k)
      layout.x_ticks.values.push_back(static_cast<double>(k));
    layout.x_ticks.labels = x_categories_;
  }
  layout.y_ticks = nice_ticks(shown_range(false));
  const Range x_range = layout.x_ticks.range, y_range = layout.y_ticks.range;

  // Margins from what sits around the plot area: tick labels, axis labels, title, colorbar.
  layout.tick_text = font.measure("0", style::tick_label_size).height;
  const double label_text = font.measure("Ag", style::axis_label_size).height;
  double right = 0, bottom = 0, top = title_height(font);
  if (frame_) {
    layout.left = style::tick_length + style::gap + widest_tick_label(font, layout.y_ticks) +
                  (y_label_.empty() ? 0 : label_text + style::gap);
    bottom = style::tick_length + style::gap + layout.tick_text +
             (x_label_.empty() ? 0 : label_text + style::gap);
    // The outermost tick labels reach beyond the plot area by half their size.
    right = font.measure(layout.x_ticks.labels.back(), style::tick_label_size).width / 2;
    top = std::max(top, layout.tick_text / 2);
  }
  if (mappable) right = colorbar_width(font, *mappable, *colorbar_label_);
  const Rect inner = {cell.left + style::cell_pad, cell.top + style::cell_pad,
                      cell.width - 2 * style::cell_pad, cell.height - 2 * style::cell_pad};
  Rect box = {std::round(inner.left + layout.left), std::round(inner.top + top),
              std::round(inner.width - layout.left - right),
              std::round(inner.height - top - bottom)};
  if (equal_aspect_) {
    // One data unit as many pixels across as up; the box shrinks around its centre.
    const double scale = std::min(box.width / x_range.span(), box.height / y_range.span());
    const double width = std::round(scale * x_range.span()),
                 height = std::round(scale * y_range.span());
    box = {std::round(box.left + (box.width - width) / 2),
           std::round(box.top + (box.height - height) / 2), width, height};
  }
  if (box.width < 1 || box.height < 1) {
    throw UsageError("plot::Axes: the cell is too small for its labels");
  }
  layout.box = box;
  return layout;
}

// The dashed grid at the ticks, the series over it, clipped to the plot area; or, when no
// series has a finite value, a note saying so.
void Axes::draw_plot_area(Canvas& canvas, const Font& font, const Layout& layout) const {
  const DataToPixel& to_pixel = *mapping_;
  const Rect box = layout.box;
  const Stroke grid{style::grid, style::grid_width, {style::grid_dash_on, style::grid_dash_off}};
  canvas.set_clip(box);
  if (frame_ && grid_) {
    for (double x : layout.x_ticks.values) {
      const Point line[] = {{snap(to_pixel(x, 0).x), box.top},
                            {snap(to_pixel(x, 0).x), box.bottom()}};
      canvas.stroke(line, grid);
    }
    for (double y : layout.y_ticks.values) {
      const Point line[] = {{box.left, snap(to_pixel(0, y).y)},
                            {box.right(), snap(to_pixel(0, y).y)}};
      canvas.stroke(line, grid);
    }
  }
  for (const auto& series : series_) series->draw(canvas, font, to_pixel);
  if (has_nothing_finite()) {
    font.draw(
        canvas, "nothing to draw: every value is NaN or infinite", box.center(),
        {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::middle, 0});
  }
  canvas.reset_clip();
}

// Spines just outside the plot area, so that they never hide data on its edge; the ticks,
// their labels and the axis labels.
void Axes::draw_frame(Canvas& canvas, const Font& font, const Layout& layout) const {
  const DataToPixel& to_pixel = *mapping_;
  const Rect box = layout.box;
  const Ticks &x_ticks = layout.x_ticks, &y_ticks = layout.y_ticks;
  const Stroke spine{style::spine, 1, {}};
  const TextStyle tick_style{style::tick_label_size, style::text, HorizontalAlign::center,
                             VerticalAlign::top, 0};
  canvas.stroke_rect({box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1}, spine);
  for (std::size_t i = 0; i < x_ticks.values.size(); ++i) {
    const double x = snap(to_pixel(x_ticks.values[i], 0).x);
    const Point tick[] = {{x, box.bottom() + 0.5}, {x, box.bottom() + 0.5 + style::tick_length}};
    canvas.stroke(tick, spine);
    font.draw(canvas, x_ticks.labels[i], {x, box.bottom() + style::tick_length + style::gap},
              tick_style);
  }
  for (std::size_t i = 0; i < y_ticks.values.size(); ++i) {
    const double y = snap(to_pixel(0, y_ticks.values[i]).y);
    const Point tick[] = {{box.left - 0.5, y}, {box.left - 0.5 - style::tick_length, y}};
    canvas.stroke(tick, spine);
    font.draw(
        canvas, y_ticks.labels[i], {box.left - style::tick_length - style::gap, y},
        {style::tick_label_size, style::text, HorizontalAlign::right, VerticalAlign::middle, 0});
  }
  const TextStyle label_style{style::axis_label_size, style::text, HorizontalAlign::center,
                              VerticalAlign::top, 0};
  if (!x_label_.empty()) {
    font.draw(
        canvas, x_label_,
        {box.center().x, box.bottom() + style::tick_length + 2 * style::gap + layout.tick_text},
        label_style);
  }
  if (!y_label_.empty()) {
    const double x = box.left - layout.left;
    font.draw(
        canvas, y_label_, {x, box.center().y},
        {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::top, 90});
  }
}

// The labelled series' keys, placed where they cover the fewest data points.
void Axes::draw_legend_of_series(Canvas& canvas, const Font& font, Rect box) const {
  const DataToPixel& to_pixel = *mapping_;
  std::vector<LegendEntry> entries;
  std::vector<Point> avoid;
  for (const auto& series : series_) {
    for (const Point& p : series->points()) avoid.push_back(to_pixel(p.x, p.y));
    if (series->label().empty()) continue;
    const Series* s = series.get();
    entries.push_back({s->label(), [s](Canvas& c, Rect key) { s->draw_legend_key(c, key); }});
  }
  draw_legend(canvas, font, box, entries, *legend_, avoid);
}

void Axes::render(Canvas& canvas, const Font& font, Rect cell) {
  const Series* mappable = colorbar_label_ ? colorbar_series() : nullptr;
  if (colorbar_label_ && !mappable) {
    throw UsageError("plot::Axes::colorbar: the axes has no image or filled contour to show");
  }
  const Layout layout = lay_out(font, cell, mappable);
  mapping_ = DataToPixel{layout.x_ticks.range, layout.y_ticks.range, layout.box, y_inverted_};
  draw_plot_area(canvas, font, layout);
  if (frame_) draw_frame(canvas, font, layout);
  draw_title(canvas, font, layout.box);
  if (legend_) draw_legend_of_series(canvas, font, layout.box);
  if (mappable) draw_colorbar(canvas, font, layout.box, *mappable, *colorbar_label_);
}

}  // namespace kudzu::plot
