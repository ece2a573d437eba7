// The legend box, shared by 2-D and 3-D axes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kudzu/plot/axes.hpp"

namespace kudzu::plot {

struct LegendEntry {
  std::string label;
  std::function<void(Canvas&, Rect key)> draw_key;  // a line sample or a marker in the key area
};

// Legend keys: a short line, or one marker (opaque and at least 8 pixels, so that faint,
// small markers still show).
void draw_line_key(Canvas& canvas, Rect key, const Stroke& stroke);
void draw_marker_key(Canvas& canvas, Rect key, const ScatterStyle& style);

// Draws the entries in a framed box in one corner of `box`. LegendPlacement::best takes the
// corner that covers the fewest of `avoid` (pixel positions of the data).
void draw_legend(Canvas& canvas, const Font& font, Rect box,
                 const std::vector<LegendEntry>& entries, LegendPlacement placement,
                 const std::vector<Point>& avoid);

}  // namespace kudzu::plot
