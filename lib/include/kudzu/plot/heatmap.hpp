// A heat map of a small matrix: each cell a square coloured by its value, with a text of its
// own written in it (a count), row labels on the left and column labels below. For
// confusion matrices: rows are the true classes, columns the decided ones.
//
//   plot::Heatmap& map = figure.heatmap();
//   map.set_cells(3, 3, values, texts);       // row-major
//   map.set_row_labels({"4", "7", "9"});
//   map.set_column_labels({"4", "7", "9"});
//   map.set_y_label("true digit");
//   map.set_x_label("decided digit");
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kudzu/plot/color.hpp"
#include "kudzu/plot/panel.hpp"

namespace kudzu::plot {

class Heatmap : public Panel {
 public:
  // rows x columns values (colours) and as many texts, both row-major. kudzu::ShapeError
  // unless both have rows * columns entries and the grid has at least one cell.
  void set_cells(int rows, int columns, std::vector<double> values, std::vector<std::string> texts);
  // One label per row or column (UsageError at render otherwise); empty: no labels.
  void set_row_labels(std::vector<std::string> labels) { row_labels_ = std::move(labels); }
  void set_column_labels(std::vector<std::string> labels) { column_labels_ = std::move(labels); }
  void set_x_label(std::string label) { x_label_ = std::move(label); }
  void set_y_label(std::string label) { y_label_ = std::move(label); }
  // Values mapped to the colormap's ends; by default the smallest to the largest value.
  void set_colormap(Colormap colormap) { colormap_ = std::move(colormap); }
  void set_value_range(Range range) { value_range_ = range; }

  // Square cells as large as the cell allows, centred; a cell's text is white on a dark
  // colour and dark on a light one.
  void render(Canvas& canvas, const Font& font, Rect cell) override;

  // Valid after rendering: the pixels of cell (row, column).
  Rect cell_rect(int row, int column) const;

 private:
  int rows_ = 0, columns_ = 0;
  std::vector<double> values_;
  std::vector<std::string> texts_;
  std::vector<std::string> row_labels_, column_labels_;
  std::string x_label_, y_label_;
  Colormap colormap_ = Colormap::from_colors({Color::hex(0xf7fbff), Color::hex(0x08306b)});
  std::optional<Range> value_range_;
  std::optional<Rect> grid_box_;
};

}  // namespace kudzu::plot
