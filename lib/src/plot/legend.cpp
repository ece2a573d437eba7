#include "legend.hpp"

#include <algorithm>
#include <cmath>

#include "markers.hpp"
#include "style.hpp"

namespace kudzu::plot {

namespace {

constexpr double inset = 10;   // from the axes' edges
constexpr double padding = 9;  // inside the frame
constexpr double key_width = 30;
constexpr double key_gap = 9;

Rect corner(Rect box, double width, double height, LegendPlacement placement) {
  const bool left =
      placement == LegendPlacement::upper_left || placement == LegendPlacement::lower_left;
  const bool upper =
      placement == LegendPlacement::upper_left || placement == LegendPlacement::upper_right;
  return {left ? box.left + inset : box.right() - inset - width,
          upper ? box.top + inset : box.bottom() - inset - height, width, height};
}

}  // namespace

void draw_line_key(Canvas& canvas, Rect key, const Stroke& stroke) {
  const Point sample[] = {{key.left, key.center().y}, {key.right(), key.center().y}};
  canvas.stroke(sample, stroke);
}

void draw_marker_key(Canvas& canvas, Rect key, const ScatterStyle& style) {
  draw_marker(canvas, style.marker, key.center(), std::max(8.0, style.size),
              style.color.with_alpha(1));
}

void draw_legend(Canvas& canvas, const Font& font, Rect box,
                 const std::vector<LegendEntry>& entries, LegendPlacement placement,
                 const std::vector<Point>& avoid) {
  if (entries.empty()) return;
  double text_width = 0;
  for (const auto& entry : entries)
    text_width = std::max(text_width, font.measure(entry.label, style::legend_text_size).width);
  const double row = font.measure("Ag", style::legend_text_size).height + 6;
  const double width = std::round(2 * padding + key_width + key_gap + text_width);
  const double height = std::round(2 * padding + row * entries.size() - 6);

  if (placement == LegendPlacement::best) {
    // matplotlib's order of preference when corners tie.
    std::size_t fewest = avoid.size() + 1;
    for (LegendPlacement candidate : {LegendPlacement::upper_right, LegendPlacement::upper_left,
                                      LegendPlacement::lower_left, LegendPlacement::lower_right}) {
      const Rect frame = corner(box, width, height, candidate);
      const auto covered = static_cast<std::size_t>(
          std::count_if(avoid.begin(), avoid.end(), [&](Point p) { return frame.contains(p); }));
      if (covered < fewest) fewest = covered, placement = candidate;
    }
  }
  const Rect frame = corner(box, width, height, placement);
  canvas.fill_rect(frame, style::legend_fill);
  canvas.stroke_rect({frame.left + 0.5, frame.top + 0.5, frame.width - 1, frame.height - 1},
                     {style::legend_frame, 1, {}});
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const double top = frame.top + padding + i * row - 3;
    const Rect key = {frame.left + padding, top, key_width, row};
    entries[i].draw_key(canvas, key);
    font.draw(
        canvas, entries[i].label, {key.right() + key_gap, key.center().y},
        {style::legend_text_size, style::text, HorizontalAlign::left, VerticalAlign::middle, 0});
  }
}

}  // namespace kudzu::plot
