// Contour lines of a sampled field by marching squares.
#pragma once

#include <vector>

#include "kudzu/plot/field.hpp"

namespace kudzu::plot {

// The lines where the field equals level, as polylines in data coordinates, each cell's
// segments joined into the longest chains possible; a closed line repeats its first point.
std::vector<std::vector<Point>> contour_lines(const Field& field, double level);

}  // namespace kudzu::plot
