#include "region_series.hpp"

#include <algorithm>
#include <cmath>

#include "kudzu/error.hpp"

namespace kudzu::plot {

RegionSeries::RegionSeries(std::vector<Field> scores, std::vector<Color> colors, double opacity)
    : scores_(std::move(scores)), colors_(std::move(colors)), opacity_(opacity) {
  if (scores_.empty() || scores_.size() != colors_.size())
    throw UsageError("plot::Axes::regions: " + std::to_string(scores_.size()) + " fields and " +
                     std::to_string(colors_.size()) + " colours; expected one colour per field");
  for (const Field& field : scores_) {
    field.check("plot::Axes::regions");
    const Field& first = scores_.front();
    if (field.columns != first.columns || field.rows != first.rows || field.x.low != first.x.low ||
        field.x.high != first.x.high || field.y.low != first.y.low || field.y.high != first.y.high)
      throw ShapeError("plot::Axes::regions: the fields must share one grid");
  }
}

std::size_t RegionSeries::largest_at(double x, double y) const {
  std::size_t best = 0;
  double best_score = scores_[0].interpolate(x, y);
  for (std::size_t k = 1; k < scores_.size(); ++k)
    if (const double score = scores_[k].interpolate(x, y); score > best_score) {
      best = k;
      best_score = score;
    }
  return best;
}

void RegionSeries::draw(Canvas& canvas, const Font&, const DataToPixel& to_pixel) const {
  // Four samples a pixel, each taking its region's colour, smooth the borders.
  const Rect area = to_pixel.rect(Bounds{scores_[0].x, scores_[0].y});
  constexpr double offsets[] = {0.25, 0.75};
  for (int y = static_cast<int>(std::floor(area.top)); y < std::ceil(area.bottom()); ++y) {
    for (int x = static_cast<int>(std::floor(area.left)); x < std::ceil(area.right()); ++x) {
      Color sum{0, 0, 0, static_cast<float>(opacity_)};
      for (double oy : offsets)
        for (double ox : offsets) {
          const Color c = colors_[largest_at(to_pixel.data_x(x + ox), to_pixel.data_y(y + oy))];
          sum = {sum.r + c.r / 4, sum.g + c.g / 4, sum.b + c.b / 4, sum.a};
        }
      const double cover_x = std::min<double>(x + 1, area.right()) - std::max<double>(x, area.left);
      const double cover_y = std::min<double>(y + 1, area.bottom()) - std::max<double>(y, area.top);
      canvas.blend(x, y, sum, std::clamp(cover_x, 0.0, 1.0) * std::clamp(cover_y, 0.0, 1.0));
    }
  }
}

}  // namespace kudzu::plot
