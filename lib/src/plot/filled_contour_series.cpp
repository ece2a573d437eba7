#include <algorithm>
#include <cmath>

#include "kudzu/error.hpp"
#include "series.hpp"
#include "shown_values.hpp"

namespace kudzu::plot {

FilledContourSeries::FilledContourSeries(Field field, std::vector<double> levels, Colormap colormap,
                                         double opacity)
    : field_(std::move(field)),
      levels_(std::move(levels)),
      colormap_(std::move(colormap)),
      opacity_(opacity) {
  field_.check("plot::Axes::filled_contour");
  std::sort(levels_.begin(), levels_.end());
  if (levels_.size() < 2 || levels_.front() == levels_.back()) {
    throw UsageError("plot::Axes::filled_contour: needs at least two distinct levels, got " +
                     std::to_string(levels_.size()));
  }
}

// Band k lies between levels k and k + 1; values beyond the outer levels take the colour of
// the outermost band (matplotlib's extend="both").
Color FilledContourSeries::value_color(double value) const {
  const auto above = std::upper_bound(levels_.begin(), levels_.end(), value) - levels_.begin();
  const auto bands = static_cast<long>(levels_.size()) - 1;
  const long band = std::clamp<long>(above - 1, 0, bands - 1);
  const Color color = colormap_.at(bands == 1 ? 0.5 : static_cast<double>(band) / (bands - 1));
  return color.with_alpha(static_cast<float>(opacity_));
}

void FilledContourSeries::draw(Canvas& canvas, const Font&, const DataToPixel& to_pixel) const {
  if (!bounds()) return;  // a field over a range that is not finite
  // Four samples a pixel smooth the band edges; a NaN sample leaves its quarter blank.
  const Rect area = to_pixel.rect(Bounds{field_.x, field_.y});
  const Rect shown = visible_part(area, to_pixel.box);
  constexpr double offsets[] = {0.25, 0.75};
  for (int y = static_cast<int>(std::floor(shown.top)); y < std::ceil(shown.bottom()); ++y) {
    for (int x = static_cast<int>(std::floor(shown.left)); x < std::ceil(shown.right()); ++x) {
      Color sum{0, 0, 0, 0};
      int samples = 0;
      for (double oy : offsets) {
        for (double ox : offsets) {
          const double value = field_.interpolate(to_pixel.data_x(x + ox), to_pixel.data_y(y + oy));
          if (std::isnan(value)) continue;
          const Color c = value_color(value);
          sum = {sum.r + c.r, sum.g + c.g, sum.b + c.b, c.a};
          ++samples;
        }
      }
      if (samples == 0) continue;
      sum = {sum.r / samples, sum.g / samples, sum.b / samples, sum.a};
      // Pixels the extent only partly covers are blended by that part.
      const double cover_x = std::min<double>(x + 1, area.right()) - std::max<double>(x, area.left);
      const double cover_y = std::min<double>(y + 1, area.bottom()) - std::max<double>(y, area.top);
      canvas.blend(x, y, sum,
                   std::clamp(cover_x, 0.0, 1.0) * std::clamp(cover_y, 0.0, 1.0) * samples / 4);
    }
  }
}

}  // namespace kudzu::plot
