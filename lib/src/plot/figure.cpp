#include "kudzu/plot/figure.hpp"

#include "kudzu/error.hpp"
#include "style.hpp"

namespace kudzu::plot {

Figure::Figure(FigureOptions options)
    : options_(std::move(options)),
      font_(Font::load_or_builtin(options_.font_path)),
      canvas_(options_.width, options_.height) {
  if (options_.rows < 1 || options_.columns < 1) {
    throw UsageError("plot::Figure: a grid of " + std::to_string(options_.rows) + "x" +
                     std::to_string(options_.columns) + " cells");
  }
  cells_.resize(static_cast<std::size_t>(options_.rows) * options_.columns);
}

template <class Kind>
Kind& Figure::cell(int row, int column) {
  if (row < 0 || column < 0 || row >= options_.rows || column >= options_.columns) {
    throw UsageError("plot::Figure: cell (" + std::to_string(row) + ", " + std::to_string(column) +
                     ") is outside the " + std::to_string(options_.rows) + "x" +
                     std::to_string(options_.columns) + " grid");
  }
  auto& panel = cells_[static_cast<std::size_t>(row) * options_.columns + column];
  if (!panel) panel = std::make_unique<Kind>();
  auto* kind = dynamic_cast<Kind*>(panel.get());
  if (!kind) {
    throw UsageError("plot::Figure: cell (" + std::to_string(row) + ", " + std::to_string(column) +
                     ") already holds another kind of panel");
  }
  return *kind;
}

Axes& Figure::axes(int row, int column) { return cell<Axes>(row, column); }
Axes3D& Figure::axes3d(int row, int column) { return cell<Axes3D>(row, column); }
Heatmap& Figure::heatmap(int row, int column) { return cell<Heatmap>(row, column); }

const Canvas& Figure::render() {
  canvas_ = Canvas(options_.width, options_.height);
  double top = 0;
  if (!title_.empty()) {
    const double height = font_->measure(title_, style::figure_title_size).height;
    font_->draw(
        canvas_, title_, {options_.width / 2.0, style::cell_pad},
        {style::figure_title_size, style::text, HorizontalAlign::center, VerticalAlign::top, 0});
    top = style::cell_pad + height;
  }
  const double cell_width = static_cast<double>(options_.width) / options_.columns;
  const double cell_height = (options_.height - top) / options_.rows;
  for (int row = 0; row < options_.rows; ++row) {
    for (int column = 0; column < options_.columns; ++column) {
      const auto& panel = cells_[static_cast<std::size_t>(row) * options_.columns + column];
      if (panel)
        panel->render(canvas_, *font_,
                      {column * cell_width, top + row * cell_height, cell_width, cell_height});
    }
  }
  return canvas_;
}

void Figure::save_png(const std::string& path) {
  render();
  canvas_.save_png(path);
}

}  // namespace kudzu::plot
