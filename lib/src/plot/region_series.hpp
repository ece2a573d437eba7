// The plane split into regions by which of several fields is largest: what Axes::regions
// draws (the classes a classifier decides on, from its scores per class).
#pragma once

#include "series.hpp"

namespace kudzu::plot {

class RegionSeries final : public Series {
 public:
  RegionSeries(std::vector<Field> scores, std::vector<Color> colors, double opacity);
  std::optional<Bounds> bounds() const override { return Bounds{scores_[0].x, scores_[0].y}; }
  bool fills_extent() const override { return true; }
  void draw(Canvas& canvas, const Font& font, const DataToPixel& to_pixel) const override;

 private:
  // The index of the largest score at (x, y), interpolated; the first of equal ones.
  std::size_t largest_at(double x, double y) const;

  std::vector<Field> scores_;  // one per region, all on the same grid
  std::vector<Color> colors_;
  double opacity_;
};

}  // namespace kudzu::plot
