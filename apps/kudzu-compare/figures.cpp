#include "figures.hpp"

#include <algorithm>
#include <cctype>
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

// Two digits: the first (label 1, probability near 1) in red and the second in blue, the
// ends of the blue-white-red map the probability contours are filled with. More: tab10,
// matplotlib's qualitative palette of ten colours that stay apart.
plot::Color class_color(const FigureData& data, std::size_t k) {
  if (data.two_classes()) return plot::tab10(k == 0 ? 3 : 0);
  return plot::tab10(static_cast<int>(k));
}

// The colour mixed with white: a region's background under points of the full colour.
plot::Color lightened(plot::Color c, float white) {
  return {c.r + (1 - c.r) * white, c.g + (1 - c.g) * white, c.b + (1 - c.b) * white, c.a};
}

std::string regression_name(const FigureData& data) {
  return data.two_classes() ? "logistic regression" : "softmax regression";
}

// What the figures call the network: a LeNet by its name.
std::string network_name(const FigureData& data) {
  return data.first_filters.empty() ? "network" : "LeNet";
}

// The same at the start of a title.
std::string network_title(const FigureData& data) {
  std::string name = network_name(data);
  name[0] = static_cast<char>(std::toupper(name[0]));
  return name;
}

std::string loss_name(const FigureData& data) {
  return data.two_classes() ? "binary cross-entropy" : "cross-entropy";
}

std::string digit_list(const std::vector<int>& digits) {
  std::string list;
  for (const int digit : digits) {
    if (!list.empty()) list += ", ";
    list += std::to_string(digit);
  }
  return list;
}

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

// Points of one class (or of all, when digit < 0) among the test set's embedding; z is
// p(first digit), for two digits only.
struct Points {
  std::vector<double> x, y, z;
};

Points points_of(const FigureData& data, int digit, bool misclassified_only) {
  Points points;
  for (std::size_t i = 0; i < data.embedding_x.size(); ++i) {
    const bool wrong = data.decided[i] != data.test_classes[i];
    if ((digit >= 0 && data.test_digits[i] != digit) || (misclassified_only && !wrong)) continue;
    points.x.push_back(data.embedding_x[i]);
    points.y.push_back(data.embedding_y[i]);
    if (data.two_classes()) points.z.push_back(data.probability[i]);
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
// `width` leaves each column room for its captions.
Figure draw_digit_grid(const DigitImages& images, std::size_t shown, int columns,
                       const std::string& title,
                       const std::function<std::string(std::size_t)>& caption, int width = 1400) {
  const int rows = std::max(1, static_cast<int>((shown + columns - 1) / columns));
  Figure figure(FigureOptions{
      .width = width, .height = std::max(360, 60 + 150 * rows), .rows = rows, .columns = columns});
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
  if (!data.two_classes())  // a column per digit
    return draw_digit_grid(samples, samples.count(), static_cast<int>(data.digits.size()),
                           "Training images of the digits " + digit_list(data.digits),
                           [&](std::size_t i) { return std::to_string(samples.digits[i]); });
  return draw_digit_grid(samples, std::min<std::size_t>(samples.count(), 24), 8,
                         "Training images: " + digit_name(data.digits[0]) + " (label 1) and " +
                             digit_name(data.digits[1]) + " (label 0)",
                         [&](std::size_t i) {
                           const int digit = samples.digits[i];
                           return std::to_string(digit) + "  (label " +
                                  (digit == data.digits[0] ? "1)" : "0)");
                         });
}

Figure draw_misclassified(const FigureData& data) {
  const DigitImages& wrong = data.misclassified;
  const std::size_t shown = std::min<std::size_t>(wrong.count(), 40);
  const std::string network = network_name(data);
  std::string title = std::to_string(wrong.count()) + " test images the " + network + " gets wrong";
  if (shown < wrong.count()) title += " (the first " + std::to_string(shown) + ")";
  title += data.two_classes()
               ? ": true digit and p(" + std::to_string(data.digits[0]) + ")"
               : ": the true digit, the " + network + "'s answer and its probability";
  if (shown == 0) title = "The " + network + " gets every test image right";
  if (!data.two_classes())  // longer captions: 8 columns of 240 pixels
    return draw_digit_grid(
        wrong, shown, 8, title,
        [&](std::size_t i) {
          return "true " + std::to_string(wrong.digits[i]) + ", said " +
                 std::to_string(data.digits[wrong.decided[i]]) + " (p " +
                 format("%.2f", wrong.probabilities[i]) + ")";
        },
        1920);
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
  figure.set_title(network_title(data) + ": training and test accuracy per epoch");
  return figure;
}

Figure draw_loss(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  epoch_line(axes, data.network_epochs, &EpochMetrics::loss,
             {.color = plot::tab10(0), .label = "mean batch loss"});
  axes.set_x_label("epoch");
  axes.set_x_integer_ticks();
  axes.set_y_label(loss_name(data));
  figure.set_title(network_title(data) + ": loss per epoch");
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
  axes.set_y_label(loss_name(data));
  figure.set_title(network_title(data) + ": the loss of every batch");
  return figure;
}

void scatter_classes(Axes& axes, const FigureData& data, double size, float alpha) {
  for (std::size_t k = 0; k < data.digits.size(); ++k) {
    const Points points = points_of(data, data.digits[k], false);
    axes.scatter(points.x, points.y,
                 {.color = class_color(data, k).with_alpha(alpha),
                  .size = size,
                  .label = digit_name(data.digits[k])});
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
  figure.set_title("Test set in the " + network_name(data) + "'s 2-D embedding, by true digit");
  return figure;
}

Figure draw_contour(const FigureData& data) {
  Figure figure;
  draw_probability_contour(figure.axes(), data);
  figure.set_title("Probability of a " + std::to_string(data.digits[0]) +
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
                  .label = "p(" + std::to_string(data.digits[0]) + ") of the final unit"});
  for (std::size_t k = 0; k < 2; ++k) {
    const Points points = points_of(data, data.digits[k], false);
    axes.scatter(points.x, points.y, points.z,
                 {.color = class_color(data, k).with_alpha(0.6f),
                  .size = 5,
                  .label = digit_name(data.digits[k])});
  }
  axes.view(25, -60);
  axes.set_z_range({0, 1});
  axes.set_x_label("embedding 1");
  axes.set_y_label("embedding 2");
  axes.set_z_label("p(" + std::to_string(data.digits[0]) + ")");
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
  if (data.regression_epochs.empty())
    return network_title(data) + ": training and test accuracy per epoch";
  std::string regression = regression_name(data);
  if (data.network_epochs.empty()) {
    regression[0] = static_cast<char>(std::toupper(regression[0]));
    return regression + ": training and test accuracy per epoch";
  }
  return network_title(data) + " against " + regression + ": accuracy per epoch";
}

Figure draw_comparison(const FigureData& data) {
  Figure figure;
  Axes& axes = figure.axes();
  struct Curve {
    const std::vector<EpochMetrics>& rows;
    double EpochMetrics::*field;
    int color;
    bool dashed;
    std::string label;
  };
  const std::string regression = regression_name(data), network = network_name(data);
  const Curve curves[] = {
      {data.network_epochs, &EpochMetrics::train_accuracy, 0, false, network + ", training"},
      {data.network_epochs, &EpochMetrics::test_accuracy, 0, true, network + ", test"},
      {data.regression_epochs, &EpochMetrics::train_accuracy, 1, false, regression + ", training"},
      {data.regression_epochs, &EpochMetrics::test_accuracy, 1, true, regression + ", test"}};
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

// The largest weight's size, at least 1e-12: the symmetric range of the weight maps.
double largest_weight(const FigureData& data) {
  double largest = 1e-12;
  for (const std::vector<double>& map : data.regression_weights)
    for (double w : map) largest = std::max(largest, std::abs(w));
  return largest;
}

// One map per digit side by side (two rows from six digits on), on one colour scale.
Figure draw_class_weights(const FigureData& data) {
  const int classes = static_cast<int>(data.regression_weights.size());
  const int rows = classes <= 5 ? 1 : 2, columns = (classes + rows - 1) / rows;
  Figure figure(FigureOptions{.width = std::max(1200, 40 + 270 * columns),
                              .height = 90 + 290 * rows,
                              .rows = rows,
                              .columns = columns});
  // Pixels seldom inked (toward the border) get large weights that seldom count, and a
  // scale to them would leave the digits' shapes pale: they are left blank, and the colours
  // end at the 98th percentile of the other weights' sizes.
  std::vector<std::vector<double>> maps = data.regression_weights;
  std::vector<double> sizes;
  for (std::vector<double>& map : maps)
    for (std::size_t pixel = 0; pixel < map.size(); ++pixel) {
      if (pixel < data.ink_fraction.size() && data.ink_fraction[pixel] < 0.05) map[pixel] = 0;
      sizes.push_back(std::abs(map[pixel]));
    }
  std::nth_element(sizes.begin(), sizes.begin() + sizes.size() * 98 / 100, sizes.end());
  const double largest = std::max(1e-12, sizes[sizes.size() * 98 / 100]);
  for (int k = 0; k < classes; ++k) {
    Axes& axes = figure.axes(k / columns, k % columns);
    axes.image(plot::Image{28, 28, maps[k]}, {.colormap = plot::Colormap::blue_white_red(),
                                              .value_range = plot::Range{-largest, largest}});
    axes.hide_frame();
    axes.set_title("digit " + std::to_string(data.digits[k]));
  }
  figure.set_title("Softmax regression: what it looks for in each digit (red: weights for, blue: " +
                   format("against, full at |w| = %.2f", largest) +
                   "; blank: pixels inked in under 5% of images)");
  return figure;
}

Figure draw_regression_weights(const FigureData& data) {
  if (!data.two_classes()) return draw_class_weights(data);
  Figure figure(FigureOptions{.width = 900, .height = 760});
  Axes& axes = figure.axes();
  const double largest = largest_weight(data);
  axes.image(plot::Image{28, 28, data.regression_weights.front()},
             {.colormap = plot::Colormap::blue_white_red(),
              .value_range = plot::Range{-largest, largest}});
  axes.colorbar("weight (red: evidence for " + std::to_string(data.digits[0]) + ", blue: for " +
                std::to_string(data.digits[1]) + ")");
  axes.set_x_label("pixel column");
  axes.set_y_label("pixel row");
  figure.set_title("What the logistic regression looks at: its 784 weights");
  return figure;
}

// The network's probability of each digit on a grid over the embedding plane: one field per
// digit.
std::vector<plot::Field> class_fields(const FigureData& data, const plot::Bounds& bounds,
                                      int side) {
  plot::Field grid{bounds.x, bounds.y, side, side, {}};
  std::vector<plot::Point> points;
  for (int row = 0; row < side; ++row)
    for (int column = 0; column < side; ++column)
      points.push_back({grid.x_at(column), grid.y_at(row)});
  const std::vector<double> p = data.class_probabilities(points);  // {points, classes}
  const std::size_t classes = data.digits.size();
  std::vector<plot::Field> fields(classes, grid);
  for (std::size_t i = 0; i < points.size(); ++i)
    for (std::size_t k = 0; k < classes; ++k) fields[k].values.push_back(p[i * classes + k]);
  return fields;
}

// For each digit, its probability less the largest of the others': 0 on the boundary of the
// region where the network decides on it.
std::vector<plot::Field> margins(const std::vector<plot::Field>& fields) {
  std::vector<plot::Field> result = fields;
  for (std::size_t i = 0; i < fields[0].values.size(); ++i)
    for (std::size_t k = 0; k < fields.size(); ++k) {
      double others = -1;
      for (std::size_t j = 0; j < fields.size(); ++j)
        if (j != k) others = std::max(others, fields[j].values[i]);
      result[k].values[i] = fields[k].values[i] - others;
    }
  return result;
}

Figure draw_regions(const FigureData& data) {
  Figure figure(FigureOptions{.width = 1400, .height = 1000});
  Axes& axes = figure.axes();
  const plot::Bounds bounds = embedding_bounds(data);
  const std::vector<plot::Field> fields = class_fields(data, bounds, 300);
  std::vector<plot::Color> colors;
  for (std::size_t k = 0; k < data.digits.size(); ++k)
    colors.push_back(lightened(class_color(data, k), 0.62f));
  axes.regions(fields, colors);
  for (const plot::Field& margin : margins(fields))
    axes.contour(
        margin,
        {.levels = {0}, .color = plot::colors::dark_gray, .width = 1.6, .inline_labels = false});
  scatter_classes(axes, data, 4, 0.55f);
  axes.set_x_range(bounds.x);
  axes.set_y_range(bounds.y);
  axes.set_x_label("embedding dimension 1");
  axes.set_y_label("embedding dimension 2");
  axes.legend(plot::LegendPlacement::best);
  figure.set_title(
      "The digit the " + network_name(data) +
      " decides on over its 2-D embedding (lines: the boundaries), with the test images by "
      "true digit");
  return figure;
}

Figure draw_confusion(const FigureData& data) {
  std::vector<std::pair<std::string, const Confusion*>> models;
  if (data.network_confusion) models.emplace_back(network_name(data), &*data.network_confusion);
  if (data.regression_confusion)
    models.emplace_back(regression_name(data), &*data.regression_confusion);
  const int columns = static_cast<int>(models.size());
  Figure figure(FigureOptions{.width = 720 * columns, .height = 800, .columns = columns});
  std::vector<std::string> names;
  for (const int digit : data.digits) names.push_back(std::to_string(digit));
  for (int m = 0; m < columns; ++m) {
    const Confusion& confusion = *models[m].second;
    std::vector<double> shades;
    std::vector<std::string> counts;
    std::size_t largest = 1;
    for (const std::size_t count : confusion.counts) largest = std::max(largest, count);
    // A log scale, so that a handful of mistakes is seen beside a thousand right answers.
    for (const std::size_t count : confusion.counts) {
      shades.push_back(std::log1p(static_cast<double>(count)) /
                       std::log1p(static_cast<double>(largest)));
      counts.push_back(std::to_string(count));
    }
    plot::Heatmap& map = figure.heatmap(0, m);
    const int classes = static_cast<int>(confusion.classes);
    map.set_cells(classes, classes, shades, counts);
    map.set_value_range({0, 1});
    map.set_row_labels(names);
    map.set_column_labels(names);
    map.set_y_label("true digit");
    map.set_x_label("decided digit");
    map.set_title(models[m].first + ": test accuracy " + format("%.4f", confusion.accuracy()));
  }
  figure.set_title(
      "Test images by true digit (rows) and the digit decided (columns); shade: "
      "count, log scale");
  return figure;
}

// The largest |value| of the images, at least 1e-12: a symmetric or zero-based scale.
double largest_value(std::span<const plot::Image> images) {
  double largest = 1e-12;
  for (const plot::Image& image : images)
    for (double v : image.values) largest = std::max(largest, std::abs(v));
  return largest;
}

// The first Conv2d's filters side by side on one grey scale centred on 0, so that a filter's
// light and dark strokes (the pattern it responds to, and its opposite) compare across filters.
Figure draw_filters(const FigureData& data) {
  const int filters = static_cast<int>(data.first_filters.size());
  Figure figure(
      FigureOptions{.width = 60 + 230 * filters + 110, .height = 340, .columns = filters});
  const double largest = largest_value(data.first_filters);
  for (int f = 0; f < filters; ++f) {
    Axes& axes = figure.axes(0, f);
    axes.image(data.first_filters[f],
               {.colormap = plot::Colormap::gray(), .value_range = plot::Range{-largest, largest}});
    axes.hide_frame();
    axes.set_title("filter " + std::to_string(f + 1));
  }
  // In the title rather than a colorbar, which would narrow the last filter.
  const plot::Image& first = data.first_filters.front();
  figure.set_title("The " + std::to_string(filters) + " " + std::to_string(first.rows) + "x" +
                   std::to_string(first.columns) + " filters of the first convolution (" +
                   data.first_conv_name + "), one grey scale: " + format("white %+.2f", largest) +
                   " (ink there excites), mid-grey 0, " + format("black %+.2f", -largest));
  return figure;
}

// One test image of each digit (a row each) and the maps the Conv2d layers make of it after
// their Relu, darker where a filter responds more; each layer's maps on one scale, from 0 to
// its largest response to these images.
Figure draw_feature_maps(const FigureData& data) {
  const int rows = static_cast<int>(data.feature_maps.size());
  const int columns = static_cast<int>(data.feature_map_names.size());
  Figure figure(FigureOptions{
      .width = 40 + 78 * columns, .height = 90 + 84 * rows, .rows = rows, .columns = columns});
  // The columns of each layer: the maps whose names share the layer's name.
  auto layer_of = [&](int column) {
    const std::string& name = data.feature_map_names[column];
    return name.substr(0, name.rfind(' '));
  };
  std::vector<double> largest(columns, 1e-12);
  for (int column = 1; column < columns; ++column)
    for (int c = 1; c < columns; ++c)
      if (layer_of(c) == layer_of(column))
        for (const std::vector<plot::Image>& maps : data.feature_maps)
          largest[column] = std::max(largest[column], largest_value({&maps[c], 1}));
  for (int row = 0; row < rows; ++row)
    for (int column = 0; column < columns; ++column) {
      Axes& axes = figure.axes(row, column);
      const double high = column == 0 ? 1.0 : largest[column];
      axes.image(data.feature_maps[row][column], {.value_range = plot::Range{0, high}});
      axes.hide_frame();
      if (row == 0) axes.set_title(data.feature_map_names[column]);
    }
  figure.set_title("What the LeNet sees: a test digit of each class (rows: " +
                   digit_list(data.feature_map_digits) +
                   ") through its convolutions, after Relu (darker: a stronger response)");
  return figure;
}

// What each figure needs: a run without the network, or without the regression, has no
// data for some of them.
bool has_samples(const FigureData& data) { return data.training_samples.count() > 0; }
bool has_network_epochs(const FigureData& data) { return !data.network_epochs.empty(); }
bool has_network_decisions(const FigureData& data) {
  return !data.test_digits.empty() && data.decided.size() == data.test_digits.size();
}
bool has_embedding(const FigureData& data) {
  return has_network_decisions(data) && data.embedding_x.size() == data.test_digits.size();
}
bool has_probability_contour(const FigureData& data) {
  return data.two_classes() && has_embedding(data) && data.probability_at;
}
bool has_regions(const FigureData& data) {
  return !data.two_classes() && has_embedding(data) && data.class_probabilities;
}
bool has_confusion(const FigureData& data) {
  return !data.two_classes() && (data.network_confusion || data.regression_confusion);
}
bool has_any_epochs(const FigureData& data) {
  return !data.network_epochs.empty() || !data.regression_epochs.empty();
}
bool has_regression_weights(const FigureData& data) { return !data.regression_weights.empty(); }
bool has_filters(const FigureData& data) { return !data.first_filters.empty(); }
bool has_feature_maps(const FigureData& data) { return !data.feature_maps.empty(); }

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
    {"contour.png", has_probability_contour, draw_contour},
    {"sigmoid3d.png", has_probability_contour, draw_sigmoid_surface},
    {"regions.png", has_regions, draw_regions},
    {"misclassified.png", has_network_decisions, draw_misclassified},
    {"confusion.png", has_confusion, draw_confusion},
    {"compare.png", has_any_epochs, draw_comparison},
    {"lr_weights.png", has_regression_weights, draw_regression_weights},
    {"filters.png", has_filters, draw_filters},
    {"feature_maps.png", has_feature_maps, draw_feature_maps},
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
  axes.colorbar("p(" + std::to_string(data.digits[0]) + ")");
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

std::vector<std::string> draw_figures(const FigureData& data, const fs::path& dir,
                                      ThreadPool* pool) {
  std::vector<std::string> written;
  std::vector<std::function<void()>> drawings;
  for (const FigureSpec& spec : figure_specs) {
    if (!spec.applies(data)) continue;
    drawings.push_back([&] { spec.draw(data).save_png((dir / spec.name).string()); });
    written.push_back(spec.name);
  }
  if (pool)
    pool->run(drawings);
  else
    for (const std::function<void()>& drawing : drawings) drawing();
  return written;
}

}  // namespace kudzu::compare
