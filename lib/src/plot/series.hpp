// What an Axes draws: each kind of series knows its data bounds, how to draw itself, how
// its legend key looks, and (for colour-mapped series) the colours its values take.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kudzu/plot/axes.hpp"

namespace kudzu::plot {

class Series {
 public:
  virtual ~Series() = default;

  // The data rectangle covered, within ±largest_shown (shown_values.hpp); nothing for a
  // series without finite points, or a field or image whose extent is not finite.
  virtual std::optional<Bounds> bounds() const = 0;
  // Images and fields fill their extent exactly: the axes adds no margin around them.
  virtual bool fills_extent() const { return false; }
  virtual void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const = 0;

  // Legend: a series with an empty label has no entry.
  virtual std::string label() const { return ""; }
  virtual void draw_legend_key(Canvas& /*canvas*/, Rect /*key*/) const {}
  // Data points the legend should avoid covering.
  virtual std::vector<Point> points() const { return {}; }

  // Colorbar: the values this series maps to colours, and the colour of a value.
  virtual std::optional<Range> value_range() const { return std::nullopt; }
  virtual Color value_color(double /*value*/) const { return colors::black; }
};

// Copies xs and ys as points, checking that their lengths agree.
std::vector<Point> zip_points(std::span<const double> xs, std::span<const double> ys,
                              const char* caller);
// The bounds of the finite points, if any.
std::optional<Bounds> bounds_of(const std::vector<Point>& points);
// The bounds of a field's grid when both its ranges are usable_range()s with finite spans.
std::optional<Bounds> bounds_of(const Field& field);

// A series drawn from a list of points: lines and scatter plots.
class PointSeries : public Series {
 public:
  PointSeries(std::vector<Point> points, std::string label)
      : points_(std::move(points)), label_(std::move(label)) {}
  std::optional<Bounds> bounds() const override { return bounds_of(points_); }
  std::string label() const override { return label_; }
  std::vector<Point> points() const override { return points_; }

 protected:
  std::vector<Point> points_;
  std::string label_;
};

class LineSeries final : public PointSeries {
 public:
  LineSeries(std::vector<Point> points, LineStyle style)
      : PointSeries(std::move(points), style.label), style_(std::move(style)) {}
  void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const override;
  void draw_legend_key(Canvas& canvas, Rect key) const override;

 private:
  LineStyle style_;
};

class ScatterSeries final : public PointSeries {
 public:
  ScatterSeries(std::vector<Point> points, ScatterStyle style)
      : PointSeries(std::move(points), style.label), style_(std::move(style)) {}
  void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const override;
  void draw_legend_key(Canvas& canvas, Rect key) const override;

 private:
  ScatterStyle style_;
};

class ImageSeries final : public Series {
 public:
  ImageSeries(Image image, ImageStyle style);
  std::optional<Bounds> bounds() const override { return extent_; }
  bool fills_extent() const override { return true; }
  void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const override;
  std::optional<Range> value_range() const override { return values_; }
  Color value_color(double value) const override;

 private:
  Image image_;
  Colormap colormap_;
  Range values_;
  Bounds extent_;
};

class FilledContourSeries final : public Series {
 public:
  FilledContourSeries(Field field, std::vector<double> levels, Colormap colormap, double opacity);
  std::optional<Bounds> bounds() const override { return bounds_of(field_); }
  bool fills_extent() const override { return true; }
  void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const override;
  std::optional<Range> value_range() const override {
    return Range{levels_.front(), levels_.back()};
  }
  Color value_color(double value) const override;

 private:
  Field field_;
  std::vector<double> levels_;  // sorted, at least two
  Colormap colormap_;
  double opacity_;
};

class ContourSeries final : public Series {
 public:
  ContourSeries(Field field, ContourStyle style);
  std::optional<Bounds> bounds() const override { return bounds_of(field_); }
  bool fills_extent() const override { return true; }
  void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const override;

 private:
  Field field_;
  ContourStyle style_;
};

}  // namespace kudzu::plot
