// A figure: a canvas split into a grid of cells, each holding 2-D or 3-D axes, with an
// optional title on top. Sizes default to 1400x700 (14x7 inches at 100 dpi).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kudzu/plot/axes.hpp"
#include "kudzu/plot/axes3d.hpp"
#include "kudzu/plot/heatmap.hpp"

namespace kudzu::plot {

struct FigureOptions {
  int width = 1400;
  int height = 700;
  int rows = 1;
  int columns = 1;
  std::string font_path = Font::dejavu_sans_path;  // the built-in font if unreadable
};

class Figure {
 public:
  explicit Figure(FigureOptions options = {});

  // The 2-D axes (3-D axes, heat map) in cell (row, column), created on first use. Throws
  // kudzu::UsageError for a cell outside the grid or one that already holds another kind of panel.
  Axes& axes(int row = 0, int column = 0);
  Axes3D& axes3d(int row = 0, int column = 0);
  Heatmap& heatmap(int row = 0, int column = 0);
  void set_title(std::string title) { title_ = std::move(title); }
  const std::string& title() const { return title_; }

  // Draws everything afresh; after this, Axes::to_pixel and canvas() are valid.
  const Canvas& render();
  const Canvas& canvas() const { return canvas_; }
  const Font& font() const { return *font_; }
  // render() then Canvas::save_png(path).
  void save_png(const std::string& path);

 private:
  template <class Kind>
  Kind& cell(int row, int column);

  FigureOptions options_;
  std::shared_ptr<const Font> font_;
  std::string title_;
  std::vector<std::unique_ptr<Panel>> cells_;  // row-major
  Canvas canvas_;
};

}  // namespace kudzu::plot
