#include "kudzu/plot/axes.hpp"

#include <algorithm>
#include <cmath>

#include "colorbar.hpp"
#include "kudzu/error.hpp"
#include "kudzu/plot/ticks.hpp"
#include "legend.hpp"
#include "region_series.hpp"
#include "series.hpp"
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

Range Axes::shown_range(bool x_axis) const {
  if (x_axis && fixed_x_) return *fixed_x_;
  if (!x_axis && fixed_y_) return *fixed_y_;
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
  return {range->low - margin, range->high + margin};
}

const Series* Axes::colorbar_series() const {
  for (auto it = series_.rbegin(); it != series_.rend(); ++it) {
    if ((*it)->value_range()) return it->get();
  }
  return nullptr;
}

void Axes::render(Canvas& canvas, const Font& font, Rect cell) {
  // nice_ticks widens an empty range (a constant series): show what the ticks cover.
  const Ticks x_ticks =
      x_integer_ticks_ ? nice_integer_ticks(shown_range(true)) : nice_ticks(shown_range(true));
  const Ticks y_ticks = nice_ticks(shown_range(false));
  const Series* mappable = colorbar_label_ ? colorbar_series() : nullptr;
  if (colorbar_label_ && !mappable) {
    throw UsageError("plot::Axes::colorbar: the axes has no image or filled contour to show");
  }

  // Margins from what sits around the plot area: tick labels, axis labels, title, colorbar.
  const double tick_text = font.measure("0", style::tick_label_size).height;
  const double label_text = font.measure("Ag", style::axis_label_size).height;
  double left = 0, right = 0, bottom = 0, top = title_height(font);
  if (frame_) {
    left = style::tick_length + style::gap + widest_tick_label(font, y_ticks) +
           (y_label_.empty() ? 0 : label_text + style::gap);
    bottom = style::tick_length + style::gap + tick_text +
             (x_label_.empty() ? 0 : label_text + style::gap);
    // The outermost tick labels reach beyond the plot area by half their size.
    right = font.measure(x_ticks.labels.back(), style::tick_label_size).width / 2;
    top = std::max(top, tick_text / 2);
  }
  if (mappable) right = colorbar_width(font, *mappable, *colorbar_label_);
  const Rect inner = {cell.left + style::cell_pad, cell.top + style::cell_pad,
                      cell.width - 2 * style::cell_pad, cell.height - 2 * style::cell_pad};
  Rect box = {std::round(inner.left + left), std::round(inner.top + top),
              std::round(inner.width - left - right), std::round(inner.height - top - bottom)};
  if (equal_aspect_) {
    // One data unit as many pixels across as up; the box shrinks around its centre.
    const double scale =
        std::min(box.width / x_ticks.range.span(), box.height / y_ticks.range.span());
    const double width = std::round(scale * x_ticks.range.span()),
                 height = std::round(scale * y_ticks.range.span());
    box = {std::round(box.left + (box.width - width) / 2),
           std::round(box.top + (box.height - height) / 2), width, height};
  }
  if (box.width < 1 || box.height < 1) {
    throw UsageError("plot::Axes: the cell is too small for its labels");
  }
  mapping_ = DataToPixel{x_ticks.range, y_ticks.range, box, y_inverted_};
  const DataToPixel& to_pixel = *mapping_;

  const Stroke grid{style::grid, style::grid_width, {style::grid_dash_on, style::grid_dash_off}};
  const Stroke spine{style::spine, 1, {}};
  const TextStyle tick_style{style::tick_label_size, style::text, HorizontalAlign::center,
                             VerticalAlign::top, 0};
  canvas.set_clip(box);
  if (frame_ && grid_) {
    for (double x : x_ticks.values) {
      const Point line[] = {{snap(to_pixel(x, 0).x), box.top},
                            {snap(to_pixel(x, 0).x), box.bottom()}};
      canvas.stroke(line, grid);
    }
    for (double y : y_ticks.values) {
      const Point line[] = {{box.left, snap(to_pixel(0, y).y)},
                            {box.right(), snap(to_pixel(0, y).y)}};
      canvas.stroke(line, grid);
    }
  }
  for (const auto& series : series_) series->draw(canvas, font, to_pixel);
  canvas.reset_clip();

  if (frame_) {
    // Spines just outside the plot area, so that they never hide data on its edge.
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
      font.draw(canvas, x_label_,
                {box.center().x, box.bottom() + style::tick_length + 2 * style::gap + tick_text},
                label_style);
    }
    if (!y_label_.empty()) {
      const double x = box.left - left;
      font.draw(
          canvas, y_label_, {x, box.center().y},
          {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::top, 90});
    }
  }
  draw_title(canvas, font, box);

  if (legend_) {
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
  if (mappable) draw_colorbar(canvas, font, box, *mappable, *colorbar_label_);
}

}  // namespace kudzu::plot
