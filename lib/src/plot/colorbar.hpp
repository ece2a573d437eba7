// The colorbar right of an axes: the colours of a colour-mapped series with ticks.
#pragma once

#include <string>

#include "series.hpp"

namespace kudzu::plot {

// The width the colorbar takes right of the axes' plot area, labels included.
double colorbar_width(const Font& font, const Series& series, const std::string& label);
// Draws the bar beside box (the axes' plot area), as tall as the box.
void draw_colorbar(Canvas& canvas, const Font& font, Rect box, const Series& series,
                   const std::string& label);

}  // namespace kudzu::plot
