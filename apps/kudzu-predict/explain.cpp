#include "explain.hpp"

#include <algorithm>
#include <cstdio>

#include "kudzu/plot.hpp"

namespace kudzu::predict {
namespace {

namespace fs = std::filesystem;
using plot::Axes;
using plot::Figure;

constexpr int left_width = 700, embedding_width = 900, height = 800;
constexpr std::size_t shown_side = 320;  // the image as given, shrunk to this for display

std::string percent(double p) {
  char text[16];
  std::snprintf(text, sizeof text, "%.3f", p);
  return text;
}

// The class colours of kudzu-compare's figures: of two classes the first red and the second
// blue (contour.png); of more, the tab10 order (embedding.png, regions.png).
plot::Color class_color(std::size_t k, std::size_t classes) {
  if (classes == 2) return plot::tab10(k == 0 ? 3 : 0);
  return plot::tab10(static_cast<int>(k % 10));
}

plot::Image image_of(const GreyImage& grey) {
  plot::Image image{static_cast<int>(grey.rows), static_cast<int>(grey.columns), {}};
  image.values.assign(grey.values.begin(), grey.values.end());
  return image;
}

// The image as a viewer shows it, over white where it is transparent, shrunk by area
// averaging when large.
GreyImage as_given(const DecodedImage& original) {
  GreyImage shown = original.luminance;
  for (std::size_t i = 0; i < shown.values.size() && !original.alpha.values.empty(); ++i)
    shown.values[i] = original.alpha.values[i] * shown.values[i] + (1 - original.alpha.values[i]);
  if (std::max(shown.rows, shown.columns) > shown_side) shown = scale_to_fit(shown, shown_side);
  return shown;
}

Figure draw_images(const Explained& e, int width) {
  Figure figure({.width = width, .height = 400, .rows = 1, .columns = 2});
  Axes& given = figure.axes(0, 0);
  given.image(image_of(as_given(e.original)),
              {.colormap = plot::Colormap::gray(), .value_range = plot::Range{0, 1}});
  given.hide_frame();
  given.set_title("as given: " + std::to_string(e.original.luminance.columns) + "x" +
                  std::to_string(e.original.luminance.rows) +
                  (e.prepared.ink == Ink::dark ? ", dark ink" : ", light ink"));
  Axes& seen = figure.axes(0, 1);
  seen.image(image_of(e.prepared.seen),
             {.colormap = plot::Colormap::gray(), .value_range = plot::Range{0, 1}});
  seen.set_title("what the model sees: 28x28, as MNIST");
  const std::string& decided = e.classes[e.prediction.decided];
  figure.set_title(e.file + ": " + decided + ", p(" + decided +
                   ") = " + percent(e.prediction.probabilities[e.prediction.decided]));
  return figure;
}

// A bar per class, drawn as thin vertical lines side by side (lines have round caps; thin
// ones end within a pixel of the bar's value), close enough to overlap.
Figure draw_bars(const Explained& e, int width, int bar_height) {
  const int lines_per_bar = static_cast<int>(0.6 * width / (e.classes.size() + 1.2)) / 2 + 1;
  Figure figure({.width = width, .height = bar_height});
  Axes& axes = figure.axes();
  const std::size_t n = e.classes.size();
  for (std::size_t k = 0; k < n; ++k) {
    const double p = e.prediction.probabilities[k];
    for (int i = 0; i <= lines_per_bar; ++i) {
      const double x = k - 0.3 + 0.6 * i / lines_per_bar;
      axes.line(std::vector<double>{x, x}, std::vector<double>{0, p},
                {.color = class_color(k, n),
                 .width = 3,
                 // A legend of ten entries would not fit beside the bars: the ticks name them.
                 .label = i == 0 && n <= 4 ? "p(" + e.classes[k] + ") = " + percent(p) : ""});
    }
  }
  axes.set_x_range({-0.6, n - 0.4});
  axes.set_y_range({0, 1});
  axes.set_x_categories(e.classes);
  axes.set_x_label("class");
  axes.set_y_label("probability");
  if (n <= 4) axes.legend(plot::LegendPlacement::upper_right);
  figure.set_title("The model's probabilities");
  return figure;
}

Figure draw_embedding(const Explained& e) {
  Figure figure({.width = embedding_width, .height = height});
  Axes& axes = figure.axes();
  const plot::Point point{(*e.prediction.embedding)[0], (*e.prediction.embedding)[1]};
  compare::draw_probability_contour(axes, *e.embedding, std::span<const plot::Point>(&point, 1));
  // A black star under a yellow one: it stands out on red, blue and white alike.
  const std::vector<double> x{point.x}, y{point.y};
  axes.scatter(x, y, {.color = plot::colors::black, .size = 64, .marker = plot::Marker::star});
  axes.scatter(x, y,
               {.color = plot::Color::hex(0xffd21f),
                .size = 48,
                .marker = plot::Marker::star,
                .label = e.file});
  figure.set_title("Where it lands in the network's 2-D embedding, over the test set");
  return figure;
}

// Copies `part` into `canvas` with its top left corner at (left, top).
void paste(plot::Canvas& canvas, const plot::Canvas& part, int left, int top) {
  for (int y = 0; y < part.height(); ++y)
    for (int x = 0; x < part.width(); ++x) canvas.blend(left + x, top + y, part.pixel(x, y), 1);
}

}  // namespace

void write_explain_figure(const fs::path& path, const Explained& e) {
  const bool embedded = e.embedding && e.prediction.embedding;
  const int width = embedded ? left_width + embedding_width : 1400;
  const int canvas_height = embedded ? height : 700;
  plot::Canvas canvas(width, canvas_height);
  const int images_width = embedded ? left_width : width;
  Figure images = draw_images(e, images_width);
  paste(canvas, images.render(), 0, 0);
  Figure bars = draw_bars(e, images_width, canvas_height - 400);
  paste(canvas, bars.render(), 0, 400);
  if (embedded) {
    Figure embedding = draw_embedding(e);
    paste(canvas, embedding.render(), left_width, 0);
  }
  canvas.save_png(path.string());
}

fs::path explain_path(const fs::path& dir, const fs::path& image, std::vector<fs::path>& taken) {
  const std::string stem = image.stem().string().empty() ? "image" : image.stem().string();
  fs::path path = dir / (stem + ".png");
  for (int n = 2; std::find(taken.begin(), taken.end(), path) != taken.end(); ++n)
    path = dir / (stem + "-" + std::to_string(n) + ".png");
  taken.push_back(path);
  return path;
}

}  // namespace kudzu::predict
