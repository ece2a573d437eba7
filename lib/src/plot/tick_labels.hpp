// The width of tick labels, which the margins beside axes and colorbars make room for.
#pragma once

#include <algorithm>

#include "kudzu/plot/font.hpp"
#include "kudzu/plot/ticks.hpp"
#include "style.hpp"

namespace kudzu::plot {

inline double widest_tick_label(const Font& font, const Ticks& ticks) {
  double widest = 0;
  for (const auto& label : ticks.labels)
    widest = std::max(widest, font.measure(label, style::tick_label_size).width);
  return widest;
}

}  // namespace kudzu::plot
