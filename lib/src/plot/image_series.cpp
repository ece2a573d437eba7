#include <algorithm>
#include <cmath>

#include "kudzu/error.hpp"
#include "series.hpp"
#include "shown_values.hpp"

namespace kudzu::plot {

ImageSeries::ImageSeries(Image image, ImageStyle style)
    : image_(std::move(image)), colormap_(std::move(style.colormap)) {
  if (image_.rows <= 0 || image_.columns <= 0 ||
      image_.values.size() != static_cast<std::size_t>(image_.rows) * image_.columns) {
    throw ShapeError("plot::Axes::image: " + std::to_string(image_.rows) + "x" +
                     std::to_string(image_.columns) + " image with " +
                     std::to_string(image_.values.size()) + " values");
  }
  // The values the colormap spans: the style's, or those of the finite pixels.
  if (const auto given = style.value_range ? usable_range(*style.value_range) : std::nullopt) {
    values_ = *given;
  } else {
    FiniteRange finite;
    for (double v : image_.values) finite.include(v);
    const Range found = finite.range().value_or(Range{0, 1});
    values_ = {found.low, found.high > found.low ? found.high : found.low + 1};
  }
  const Bounds whole = {{0, static_cast<double>(image_.columns)},
                        {0, static_cast<double>(image_.rows)}};
  const auto x = style.extent ? usable_range(style.extent->x) : std::nullopt;
  const auto y = style.extent ? usable_range(style.extent->y) : std::nullopt;
  extent_ = x && y ? Bounds{*x, *y} : whole;
}

Color ImageSeries::value_color(double value) const {
  if (std::isnan(value)) return {0, 0, 0, 0};  // a NaN pixel is left blank
  return colormap_.at((value - values_.low) / values_.span());
}

void ImageSeries::draw(Canvas& canvas, const Font&, const DataToPixel& to_pixel) const {
  // Nearest neighbour: every canvas pixel takes the image pixel under its centre. Row 0 lies
  // at the extent's low y: on top, as the y axis Axes::image inverts runs downward.
  const Rect area = visible_part(to_pixel.rect(extent_), to_pixel.box);
  for (int y = static_cast<int>(std::floor(area.top)); y < area.bottom(); ++y) {
    const double v = (to_pixel.data_y(y + 0.5) - extent_.y.low) / extent_.y.span();
    if (v < 0 || v >= 1) continue;
    const int row = static_cast<int>(v * image_.rows);
    for (int x = static_cast<int>(std::floor(area.left)); x < area.right(); ++x) {
      const double u = (to_pixel.data_x(x + 0.5) - extent_.x.low) / extent_.x.span();
      if (u < 0 || u >= 1) continue;
      const int column = static_cast<int>(u * image_.columns);
      canvas.blend(
          x, y, value_color(image_.values[static_cast<std::size_t>(row) * image_.columns + column]),
          1);
    }
  }
}

}  // namespace kudzu::plot
