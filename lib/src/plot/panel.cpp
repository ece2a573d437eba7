#include "kudzu/plot/panel.hpp"

#include "style.hpp"

namespace kudzu::plot {

double Panel::title_height(const Font& font) const {
  return title_.empty() ? 0 : font.measure(title_, style::title_size).height + style::gap;
}

void Panel::draw_title(Canvas& canvas, const Font& font, Rect box) const {
  if (title_.empty()) return;
  font.draw(canvas, title_, {box.center().x, box.top - style::gap},
            {style::title_size, style::text, HorizontalAlign::center, VerticalAlign::bottom, 0});
}

}  // namespace kudzu::plot
