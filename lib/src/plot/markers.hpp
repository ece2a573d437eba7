// Scatter markers, shared by 2-D and 3-D scatter plots and legend keys.
#pragma once

#include "kudzu/plot/axes.hpp"

namespace kudzu::plot {

// A marker `size` pixels across centred at `center`.
void draw_marker(Canvas& canvas, Marker marker, Point center, double size, Color color);

}  // namespace kudzu::plot
