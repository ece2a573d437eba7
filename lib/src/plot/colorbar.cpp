#include "colorbar.hpp"

#include <algorithm>
#include <cmath>

#include "kudzu/plot/ticks.hpp"
#include "style.hpp"
#include "tick_labels.hpp"

namespace kudzu::plot {

double colorbar_width(const Font& font, const Series& series, const std::string& label) {
  const Ticks ticks = nice_ticks(*series.value_range());
  const double label_height =
      label.empty() ? 0 : style::gap + font.measure(label, style::axis_label_size).height;
  return style::colorbar_gap + style::colorbar_width + style::tick_length + style::gap +
         widest_tick_label(font, ticks) + label_height;
}

void draw_colorbar(Canvas& canvas, const Font& font, Rect box, const Series& series,
                   const std::string& label) {
  const Range values = *series.value_range();
  const Rect bar = {box.right() + style::colorbar_gap, box.top, style::colorbar_width, box.height};
  // One colour a pixel row, the top row the highest value.
  for (int y = static_cast<int>(bar.top); y < bar.bottom(); ++y) {
    const double value = values.high - (y + 0.5 - bar.top) / bar.height * values.span();
    canvas.fill_rect({bar.left, static_cast<double>(y), bar.width, 1}, series.value_color(value));
  }
  canvas.stroke_rect({bar.left - 0.5, bar.top - 0.5, bar.width + 1, bar.height + 1},
                     {style::spine, 1, {}});

  const Ticks ticks = nice_ticks(values);
  for (std::size_t i = 0; i < ticks.values.size(); ++i) {
    const double y =
        std::floor(bar.bottom() - (ticks.values[i] - values.low) / values.span() * bar.height) +
        0.5;
    const Point tick[] = {{bar.right() + 0.5, y}, {bar.right() + 0.5 + style::tick_length, y}};
    canvas.stroke(tick, {style::spine, 1, {}});
    font.draw(
        canvas, ticks.labels[i], {bar.right() + style::tick_length + style::gap, y},
        {style::tick_label_size, style::text, HorizontalAlign::left, VerticalAlign::middle, 0});
  }
  if (!label.empty()) {
    const double x =
        bar.right() + style::tick_length + 2 * style::gap + widest_tick_label(font, ticks);
    font.draw(
        canvas, label, {x, bar.center().y},
        {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::top, 90});
  }
}

}  // namespace kudzu::plot
