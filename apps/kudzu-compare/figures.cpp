#include "figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "kudzu/error.hpp"
#include "kudzu/plot.hpp"

namespace kudzu::compare {
namespace {

namespace fs = std::filesystem;
using plot::Axes;
using plot::Figure;
using plot::FigureOptions;

std::string digit_name(int digit) { return std::to_string(digit) + "s"; }

// The first digit (label 1, probability near 1) in red and the second in blue, the ends of
// the blue-white-red map the probability contours are filled with.
plot::Color class_color(int k) { return plot::tab10(k == 0 ? 3 : 0); }

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::vector<double> column(const std::vector<EpochMetrics>& rows, double EpochMetrics::*field) {
  std::vector<double> values;
  for (const EpochMetrics& row : rows) values.push_back(row.*field);
  return values;
}

std::vector<double> epochs_of(const std::vector<EpochMetrics>& rows) {
  std::vector<double> epochs;
  for (const EpochMetrics& row : rows) epochs.push_back(row.epoch);
  return epochs;
}

// One column of per-epoch rows against the epoch. A short run (up to 30 epochs) also gets
// a dot at each epoch, so that its few points, or the one of a single epoch, are seen.
void epoch_line(Axes& axes, const std::vector<EpochMetrics>& rows, double EpochMetrics::*field,
                plot::LineStyle style) {
  const std::vector<double> epochs = epochs_of(rows), values = column(rows, field);
  if (rows.size() <= 30) axes.scatter(epochs, values, {.color = style.color, .size = 7});
  axes.line(epochs, values, std::move(style));
}

plot::Image image_of(const DigitImages& images, std::size_t index) {
  plot::Image image{images.rows, images.columns, {}};
  const std::size_t size = static_cast<std::size_t>(images.rows) * images.columns;
  image.values.assign(images.pixels.begin() + index * size,
                      images.pixels.begin() + (index + 1) * size);
  return image;
}

// Points of one class (or of all, when digit < 0) among the test set's embedding.
struct Points {
  std::vector<double> x, y, z;
};

Points points_of(const FigureData& data, int digit, bool misclassified_only) {
  Points points;
  for (std::size_t i = 0; i < data.test_digits.size(); ++i) {
    const bool is_first = data.test_digits[i] == data.first_digit;
    const bool wrong = (data.probability[i] >= 0.5) != is_first;
    if ((digit >= 0 && data.test_digits[i] != digit) || (misclassified_only && !wrong)) continue;
    points.x.push_back(data.embedding_x[i]);
    points.y.push_back(data.embedding_y[i]);
    points.z.push_back(data.probability[i]);
  }
  return points;
}

// The embedding's extent with a margin, so that no point sits on the frame.
plot::Bounds embedding_bounds(const FigureData& data) {
  const auto [x_low, x_high] =
      std::minmax_element(data.embedding_x.begin(), data.embedding_x.end());
  const auto [y_low, y_high] =
      std::minmax_element(data.embedding_y.begin(), data.embedding_y.end());
  const double x_margin = 0.05 * (*x_high - *x_low) + 1e-3;
  const double y_margin = 0.05 * (*y_high - *y_low) + 1e-3;
  return {{*x_low - x_margin, *x_high + x_margin}, {*y_low - y_margin, *y_high + y_margin}};
}

// A grid of digit images, each captioned; used for samples and misclassified digits.
Figure draw_digit_grid(const DigitImages& images, std::size_t shown, int columns,
                       const std::string& title,
                       const std::function<std::string(std::size_t)>& caption) {
  const int rows = std::max(1, static_cast<int>((shown + columns - 1) / columns));
  Figure figure(FigureOptions{
      .width = 1400, .height = std::max(360, 60 + 150 * rows), .rows = rows, .columns = columns});
  for (std::size_t i = 0; i < shown; ++i) {
    Axes& axes = figure.axes(static_cast<int>(i) / columns, static_cast<int>(i) % columns);
    axes.image(image_of(images, i), {.value_range = plot::Range{0, 1}});
    axes.hide_frame();
    axes.set_title(caption(i));
  }
  figure.set_title(title);
  return figure;
}

Figure draw_samples(const FigureData& data) {
  const DigitImages& samples = data.training_samples;
  return draw_digit_grid(samples, std::min<std::size_t>(samples.count(), 24), 8,
                         "Training images: " + digit_name(data.first_digit) + " (label 1) and " +
                             digit_name(data.second_digit) + " (label 0)",
                         [&](std::size_t i) {
                           const int digit = samples.digits[i];
                           return std::to_string(digit) + "  (label " +
                                  (digit == data.first_digit ? "1)" : "0)");
                         });
}

Figure draw_misclassified(const FigureData& data) {
  const DigitImages& wrong = data.misclassified;
  const std::size_t shown = std::min<std::size_t>(wrong.count(), 40);
  std::string title = std::to_string(wrong.count()) + " test images the network gets wrong";
  if (shown < wrong.count()) title += " (the first " + std::to_string(shown) + ")";
  title += ": true digit and p(" + std::to_string(data.first_digit) + ")";
  if (shown == 0) title = "The network gets every test image right";
  return draw_digit_grid(wrong, shown, 10, title, [&](std::size_t i) {
    return "true " + std::to_string(wrong.digits[i]) + ", p " +
           format("%.2f", wrong.probabilities[i]);
  });
}

Figure draw_accuracy(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  epoch_line(axes, data.network_epochs, &EpochMetrics::train_accuracy,
             {.color = plot::tab10(0), .label = "training accuracy"});
  epoch_line(axes, data.network_epochs, &EpochMetrics::test_accuracy,
             {.color = plot::tab10(1), .label = "test accuracy"});
  axes.set_x_label("epoch");
  axes.set_x_integer_ticks();
  axes.set_y_label("accuracy");
  axes.legend(plot::LegendPlacement::upper_left);
  figure.set_title("Network: training and test accuracy per epoch");
  return figure;
}

Figure draw_loss(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  epoch_line(axes, data.network_epochs, &EpochMetrics::loss,
             {.color = plot::tab10(0), .label = "mean batch loss"});
  axes.set_x_label("epoch");
  axes.set_x_integer_ticks();
  axes.set_y_label("binary cross-entropy");
  figure.set_title("Network: loss per epoch");
  return figure;
}

Figure draw_batch_losses(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  std::vector<double> steps, losses;
  for (const BatchLoss& row : data.network_batches) {
    steps.push_back(static_cast<double>(steps.size() + 1));
    losses.push_back(row.loss);
  }
  axes.line(steps, losses, {.color = plot::tab10(0).with_alpha(0.8f), .width = 1});
  axes.set_x_label("batch (all epochs, in training order)");
  axes.set_x_integer_ticks();
  axes.set_y_label("binary cross-entropy");
  figure.set_title("Network: the loss of every batch");
  return figure;
}

void scatter_classes(Axes& axes, const FigureData& data, double size, float alpha) {
  const int digits[] = {data.first_digit, data.second_digit};
  for (int k = 0; k < 2; ++k) {
    const Points points = points_of(data, digits[k], false);
    axes.scatter(
        points.x, points.y,
        {.color = class_color(k).with_alpha(alpha), .size = size, .label = digit_name(digits[k])});
  }
}

Figure draw_embedding(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  scatter_classes(axes, data, 6, 0.55f);
  const plot::Bounds bounds = embedding_bounds(data);
  axes.set_x_range(bounds.x);
  axes.set_y_range(bounds.y);
  axes.set_x_label("embedding dimension 1");
  axes.set_y_label("embedding dimension 2");
  axes.legend(plot::LegendPlacement::best);
  figure.set_title("Test set in the network's 2-D embedding, by true digit");
  return figure;
}

Figure draw_contour(const FigureData& data) {
  Figure figure;
  draw_probability_contour(figure.axes(), data);
  figure.set_title("Probability of a " + std::to_string(data.first_digit) +
                   " over the embedding; the heavy line p = 0.5 is the decision boundary");
  return figure;
}

Figure draw_sigmoid_surface(const FigureData& data) {
  Figure figure;
  plot::Axes3D& axes = figure.axes3d();
  const plot::Bounds bounds = embedding_bounds(data);
  axes.wireframe(plot::Field::sample(data.probability_at, bounds.x, bounds.y, 30, 30),
                 {.color = plot::colors::dark_gray.with_alpha(0.35f),
                  .width = 1,
                  .label = "p(" + std::to_string(data.first_digit) + ") of the final unit"});
  const int digits[] = {data.first_digit, data.second_digit};
  for (int k = 0; k < 2; ++k) {
    const Points points = points_of(data, digits[k], false);
    axes.scatter(
        points.x, points.y, points.z,
        {.color = class_color(k).with_alpha(0.6f), .size = 5, .label = digit_name(digits[k])});
  }
  axes.view(25, -60);
  axes.set_z_range({0, 1});
  axes.set_x_label("embedding 1");
  axes.set_y_label("embedding 2");
  axes.set_z_label("p(" + std::to_string(data.first_digit) + ")");
  axes.legend(plot::LegendPlacement::upper_right);
  figure.set_title(
      "The sigmoid over the embedding plane, with the test images at their probability");
  return figure;
}

// The accuracies compare.png shows: 0.8 to 1, where a full run spends nearly all its epochs,
// when every value lies there; otherwise down to the tenth below the lowest, so that no
// line (the first epochs, or a short run) is off the chart.
plot::Range comparison_range(std::span<const std::vector<double>> values) {
  double lowest = 0.8;
  for (const std::vector<double>& series : values)
    for (double v : series)
      if (std::isfinite(v)) lowest = std::min(lowest, v);
  return {lowest >= 0.8 ? 0.8 : std::max(0.0, std::floor(lowest * 10 - 0.1) / 10), 1.0};
}

std::string comparison_title(const FigureData& data) {
  if (data.regression_epochs.empty()) return "Network: training and test accuracy per epoch";
  if (data.network_epochs.empty())
    return "Logistic regression: training and test accuracy per epoch";
  return "Network against logistic regression: accuracy per epoch";
}

Figure draw_comparison(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  struct Curve {
    const std::vector<EpochMetrics>& rows;
    double EpochMetrics::*field;
    int color;
    bool dashed;
    const char* label;
  };
  const Curve curves[] = {
      {data.network_epochs, &EpochMetrics::train_accuracy, 0, false, "network, training"},
      {data.network_epochs, &EpochMetrics::test_accuracy, 0, true, "network, test"},
      {data.regression_epochs, &EpochMetrics::train_accuracy, 1, false,
       "logistic regression, training"},
      {data.regression_epochs, &EpochMetrics::test_accuracy, 1, true, "logistic regression, test"}};
  std::vector<std::vector<double>> shown;
  for (const Curve& curve : curves) {
    if (curve.rows.empty()) continue;
    shown.push_back(column(curve.rows, curve.field));
    epoch_line(axes, curve.rows, curve.field,
               {.color = plot::tab10(curve.color),
                .dashes = curve.dashed ? std::vector<double>{8, 5} : std::vector<double>{},
                .label = curve.label});
  }
  axes.set_y_range(comparison_range(shown));
  axes.set_x_label("epoch");
  axes.set_x_integer_ticks();
  axes.set_y_label("accuracy");
  axes.legend(plot::LegendPlacement::lower_right);
  figure.set_title(comparison_title(data));
  return figure;
}

Figure draw_regression_weights(const FigureData& data) {
  Figure figure(FigureOptions{.width = 900, .height = 760});
  Axes& axes = figure.axes();
  double largest = 1e-12;
  for (double w : data.regression_weights) largest = std::max(largest, std::abs(w));
  axes.image(plot::Image{28, 28, data.regression_weights},
             {.colormap = plot::Colormap::blue_white_red(),
              .value_range = plot::Range{-largest, largest}});
  axes.colorbar("weight (red: evidence for " + std::to_string(data.first_digit) + ", blue: for " +
                std::to_string(data.second_digit) + ")");
  axes.set_x_label("pixel column");
  axes.set_y_label("pixel row");
  figure.set_title("What the logistic regression looks at: its 784 weights");
  return figure;
}

// What each figure needs: a run without the network, or without the regression, has no
// data for some of them.
bool has_samples(const FigureData& data) { return data.training_samples.count() > 0; }
bool has_network_epochs(const FigureData& data) { return !data.network_epochs.empty(); }
bool has_embedding(const FigureData& data) {
  return !data.test_digits.empty() && data.probability_at;
}
bool has_any_epochs(const FigureData& data) {
  return !data.network_epochs.empty() || !data.regression_epochs.empty();
}
bool has_regression_weights(const FigureData& data) { return !data.regression_weights.empty(); }

struct FigureSpec {
  const char* name;
  bool (*applies)(const FigureData&);
  Figure (*draw)(const FigureData&);
};

constexpr FigureSpec figure_specs[] = {
    {"samples.png", has_samples, draw_samples},
    {"accuracy.png", has_network_epochs, draw_accuracy},
    {"loss.png", has_network_epochs, draw_loss},
    {"batch_loss.png", has_network_epochs, draw_batch_losses},
    {"embedding.png", has_embedding, draw_embedding},
    {"contour.png", has_embedding, draw_contour},
    {"sigmoid3d.png", has_embedding, draw_sigmoid_surface},
    {"misclassified.png", has_embedding, draw_misclassified},
    {"compare.png", has_any_epochs, draw_comparison},
    {"lr_weights.png", has_regression_weights, draw_regression_weights},
};

}  // namespace

void draw_probability_contour(Axes& axes, const FigureData& data,
                              std::span<const plot::Point> also_shown) {
  plot::Bounds bounds = embedding_bounds(data);
  for (const plot::Point& point : also_shown) {  // widened with the same 5% margin
    const double x_margin = 0.05 * bounds.x.span(), y_margin = 0.05 * bounds.y.span();
    bounds.x = {std::min(bounds.x.low, point.x - x_margin),
                std::max(bounds.x.high, point.x + x_margin)};
    bounds.y = {std::min(bounds.y.low, point.y - y_margin),
                std::max(bounds.y.high, point.y + y_margin)};
  }
  const plot::Field field = plot::Field::sample(data.probability_at, bounds.x, bounds.y, 200, 200);
  // Bands over the whole range of p, 0 to 1, so that the saturated areas (p above 0.9 or
  // below 0.1, most of the plane) have bands of their own on the colorbar.
  std::vector<double> bands, lines;
  for (int i = 0; i <= 10; ++i) bands.push_back(i / 10.0);
  for (int i = 1; i <= 9; ++i)
    if (i != 5) lines.push_back(i / 10.0);
  axes.filled_contour(field, bands, plot::Colormap::light_blue_white_red(), 0.6);
  // The level labels keep clear of the test images' markers.
  std::vector<plot::Point> markers;
  for (std::size_t i = 0; i < data.embedding_x.size(); ++i)
    markers.push_back({data.embedding_x[i], data.embedding_y[i]});
  axes.contour(
      field,
      {.levels = lines, .color = plot::Color::hex(0x6e6e6e), .width = 1, .label_avoid = markers});
  scatter_classes(axes, data, 5, 0.5f);
  const Points wrong = points_of(data, -1, true);
  axes.scatter(wrong.x, wrong.y,
               {.color = plot::colors::black,
                .size = 11,
                .marker = plot::Marker::cross,
                .label = "misclassified (" + std::to_string(wrong.x.size()) + ")"});
  // The decision boundary last, black and heavy, so that no marker hides it or its label.
  axes.contour(field, {.levels = {0.5},
                       .color = plot::colors::black,
                       .width = 3.5,
                       .label_size = 15,
                       .label_avoid = markers});
  axes.set_x_range(bounds.x);
  axes.set_y_range(bounds.y);
  axes.set_x_label("embedding dimension 1");
  axes.set_y_label("embedding dimension 2");
  axes.legend(plot::LegendPlacement::best);
  axes.colorbar("p(" + std::to_string(data.first_digit) + ")");
}

std::vector<std::string> figure_names() {
  std::vector<std::string> names;
  for (const FigureSpec& spec : figure_specs) names.push_back(spec.name);
  return names;
}

std::optional<Figure> build_figure(const std::string& name, const FigureData& data) {
  for (const FigureSpec& spec : figure_specs)
    if (name == spec.name)
      return spec.applies(data) ? std::optional(spec.draw(data)) : std::nullopt;
  throw UsageError("build_figure: no figure is called '" + name + "'");
}

std::vector<std::string> draw_figures(const FigureData& data, const fs::path& dir) {
  std::vector<std::string> written;
  for (const FigureSpec& spec : figure_specs) {
    if (!spec.applies(data)) continue;
    spec.draw(data).save_png((dir / spec.name).string());
    written.push_back(spec.name);
  }
  return written;
}

}  // namespace kudzu::compare
