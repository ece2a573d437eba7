#include <algorithm>
#include <cmath>

#include "kudzu/error.hpp"
#include "series.hpp"

namespace kudzu::plot {

ImageSeries::ImageSeries(Image image, ImageStyle style)
    : image_(std::move(image)), colormap_(std::move(style.colormap)) {
  if (image_.rows <= 0 || image_.columns <= 0 ||
      image_.values.size() != static_cast<std::size_t>(image_.rows) * image_.columns) {
    throw ShapeError("plot::Axes::image: " + std::to_string(image_.rows) + "x" +
                     std::to_string(image_.columns) + " image with " +
                     std::to_string(image_.values.size()) + " values");
  }
  if (style.value_range) {
    values_ = *style.value_range;
  } else {
    const auto [low, high] = std::minmax_element(image_.values.begin(), image_.values.end());
    values_ = {*low, *high > *low ? *high : *low + 1};
  }
  extent_ = style.extent.value_or(
      Bounds{{0, static_cast<double>(image_.columns)}, {0, static_cast<double>(image_.rows)}});
}

Color ImageSeries::value_color(double value) const {
  return colormap_.at((value - values_.low) / values_.span());
}

void ImageSeries::draw(Canvas& canvas, const Font&, const DataToPixel& to_pixel) const {
  // Nearest neighbour: every canvas pixel takes the image pixel under its centre.
  const Point top_left = to_pixel(extent_.x.low, extent_.y.high);
  const Point bottom_right = to_pixel(extent_.x.high, extent_.y.low);
  const double width = bottom_right.x - top_left.x, height = bottom_right.y - top_left.y;
  for (int y = static_cast<int>(std::floor(top_left.y)); y < bottom_right.y; ++y) {
    const double v = (y + 0.5 - top_left.y) / height;
    if (v < 0 || v >= 1) continue;
    const int row = static_cast<int>(v * image_.rows);
    for (int x = static_cast<int>(std::floor(top_left.x)); x < bottom_right.x; ++x) {
      const double u = (x + 0.5 - top_left.x) / width;
      if (u < 0 || u >= 1) continue;
      const int column = static_cast<int>(u * image_.columns);
      canvas.blend(
          x, y, value_color(image_.values[static_cast<std::size_t>(row) * image_.columns + column]),
          1);
    }
  }
}

}  // namespace kudzu::plot
