#include "kudzu/plot/heatmap.hpp"

#include <algorithm>
#include <cmath>

#include "kudzu/error.hpp"
#include "style.hpp"

namespace kudzu::plot {
namespace {

// Relative luminance (sRGB weights, without linearising: only light or dark is asked).
double luminance(Color c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

double widest(const Font& font, const std::vector<std::string>& texts, double size) {
  double width = 0;
  for (const std::string& text : texts) width = std::max(width, font.measure(text, size).width);
  return width;
}

}  // namespace

void Heatmap::set_cells(int rows, int columns, std::vector<double> values,
                        std::vector<std::string> texts) {
  const std::size_t cells = rows > 0 && columns > 0 ? static_cast<std::size_t>(rows) * columns : 0;
  if (cells == 0 || values.size() != cells || texts.size() != cells)
    throw ShapeError("plot::Heatmap::set_cells: a " + std::to_string(rows) + "x" +
                     std::to_string(columns) + " grid with " + std::to_string(values.size()) +
                     " values and " + std::to_string(texts.size()) + " texts");
  rows_ = rows;
  columns_ = columns;
  values_ = std::move(values);
  texts_ = std::move(texts);
}

Rect Heatmap::cell_rect(int row, int column) const {
  if (!grid_box_) throw UsageError("plot::Heatmap::cell_rect: the figure has not been rendered");
  const double side = grid_box_->width / columns_;
  return {grid_box_->left + column * side, grid_box_->top + row * side, side, side};
}

void Heatmap::render(Canvas& canvas, const Font& font, Rect cell) {
  if (rows_ == 0) throw UsageError("plot::Heatmap: no cells to draw (set_cells)");
  if ((!row_labels_.empty() && row_labels_.size() != static_cast<std::size_t>(rows_)) ||
      (!column_labels_.empty() && column_labels_.size() != static_cast<std::size_t>(columns_)))
    throw UsageError("plot::Heatmap: " + std::to_string(row_labels_.size()) + " row and " +
                     std::to_string(column_labels_.size()) + " column labels for a " +
                     std::to_string(rows_) + "x" + std::to_string(columns_) + " grid");
  const double label_text = font.measure("Ag", style::axis_label_size).height;
  const double tick_text = font.measure("0", style::tick_label_size).height;
  const double left = widest(font, row_labels_, style::tick_label_size) + style::gap +
                      (y_label_.empty() ? 0 : label_text + style::gap);
  const double bottom = (column_labels_.empty() ? 0 : tick_text + style::gap) +
                        (x_label_.empty() ? 0 : label_text + style::gap);
  const double top = title_height(font);
  const Rect inner = {cell.left + style::cell_pad + left, cell.top + style::cell_pad + top,
                      cell.width - 2 * style::cell_pad - left,
                      cell.height - 2 * style::cell_pad - top - bottom};
  const double side = std::floor(std::min(inner.width / columns_, inner.height / rows_));
  if (side < 1) throw UsageError("plot::Heatmap: the cell is too small for its grid");
  const Rect box = {std::round(inner.left + (inner.width - side * columns_) / 2),
                    std::round(inner.top + (inner.height - side * rows_) / 2), side * columns_,
                    side * rows_};
  grid_box_ = box;

  Range range = value_range_.value_or(Range{0, 1});
  if (!value_range_) {
    const auto [low, high] = std::minmax_element(values_.begin(), values_.end());
    range = {*low, *high > *low ? *high : *low + 1};
  }
  // Counts shrink with the cells, so that four digits still fit in one.
  const double text_size = std::clamp(side * 0.3, 9.0, style::tick_label_size + 2);
  for (int row = 0; row < rows_; ++row)
    for (int column = 0; column < columns_; ++column) {
      const std::size_t i = static_cast<std::size_t>(row) * columns_ + column;
      const Rect r = cell_rect(row, column);
      const Color fill = colormap_.at((values_[i] - range.low) / range.span());
      canvas.fill_rect(r, fill);
      const Color ink = luminance(fill) < 0.5 ? colors::white : style::text;
      font.draw(canvas, texts_[i], r.center(),
                {text_size, ink, HorizontalAlign::center, VerticalAlign::middle, 0});
    }
  canvas.stroke_rect({box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1},
                     {style::spine, 1, {}});
  for (std::size_t row = 0; row < row_labels_.size(); ++row)
    font.draw(
        canvas, row_labels_[row],
        {box.left - style::gap, cell_rect(static_cast<int>(row), 0).center().y},
        {style::tick_label_size, style::text, HorizontalAlign::right, VerticalAlign::middle, 0});
  for (std::size_t column = 0; column < column_labels_.size(); ++column)
    font.draw(
        canvas, column_labels_[column],
        {cell_rect(0, static_cast<int>(column)).center().x, box.bottom() + style::gap},
        {style::tick_label_size, style::text, HorizontalAlign::center, VerticalAlign::top, 0});
  if (!x_label_.empty())
    font.draw(
        canvas, x_label_,
        {box.center().x,
         box.bottom() + style::gap + (column_labels_.empty() ? 0 : tick_text + style::gap)},
        {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::top, 0});
  if (!y_label_.empty())
    font.draw(
        canvas, y_label_, {box.left - left, box.center().y},
        {style::axis_label_size, style::text, HorizontalAlign::center, VerticalAlign::top, 90});
  draw_title(canvas, font, box);
}

}  // namespace kudzu::plot
