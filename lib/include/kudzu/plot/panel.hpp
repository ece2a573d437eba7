// What a figure cell holds: 2-D axes or 3-D axes. Each draws itself into its cell.
#pragma once

#include <string>

#include "kudzu/plot/canvas.hpp"
#include "kudzu/plot/font.hpp"

namespace kudzu::plot {

class Panel {
 public:
  virtual ~Panel() = default;

  void set_title(std::string title) { title_ = std::move(title); }

  // Lays out and draws the panel inside cell (pixels of the figure's canvas).
  virtual void render(Canvas& canvas, const Font& font, Rect cell) = 0;

 protected:
  // The height the title takes above the plot area (0 without a title).
  double title_height(const Font& font) const;
  // Draws the title centred above box.
  void draw_title(Canvas& canvas, const Font& font, Rect box) const;

  std::string title_;
};

}  // namespace kudzu::plot
