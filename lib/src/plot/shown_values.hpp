// What a figure can place on an axis: finite values within ±largest_shown. Beyond it the
// arithmetic on ranges (spans, margins, tick steps, pixel positions) would overflow to
// infinity; clamping there keeps every figure drawable, whatever numbers it is given.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>

#include "kudzu/plot/geometry.hpp"

namespace kudzu::plot {

inline constexpr double largest_shown = 1e300;

// v within ±largest_shown; NaN stays NaN.
inline double clamp_shown(double v) {
  return std::isnan(v) ? v : std::clamp(v, -largest_shown, largest_shown);
}

// A range given by a caller (a fixed axis range, an image's value range or extent), clamped
// to ±largest_shown; nothing when an end is not finite or it runs backwards, so that the
// figure falls back on what its data spans.
inline std::optional<Range> usable_range(Range range) {
  if (!std::isfinite(range.low) || !std::isfinite(range.high) || range.low > range.high)
    return std::nullopt;
  return Range{clamp_shown(range.low), clamp_shown(range.high)};
}

// The smallest range holding the finite values given to include(), clamped to ±largest_shown.
class FiniteRange {
 public:
  void include(double v) {
    if (!std::isfinite(v)) return;
    v = clamp_shown(v);
    range_ = range_ ? Range{std::min(range_->low, v), std::max(range_->high, v)} : Range{v, v};
  }
  const std::optional<Range>& range() const { return range_; }

 private:
  std::optional<Range> range_;
};

// The part of area inside box (empty when they do not meet): what a series filling a data
// rectangle loops over, so that a rectangle reaching far off the axes costs nothing.
inline Rect visible_part(Rect area, Rect box) {
  const double left = std::max(area.left, box.left), top = std::max(area.top, box.top);
  const double right = std::min(area.right(), box.right()),
               bottom = std::min(area.bottom(), box.bottom());
  if (!(left < right && top < bottom)) return {box.left, box.top, 0, 0};
  return {left, top, right - left, bottom - top};
}

}  // namespace kudzu::plot
