#include "figure_data.hpp"

#include <algorithm>

#include "decisions.hpp"
#include "kudzu/autograd.hpp"
#include "kudzu/ops.hpp"

namespace kudzu::compare {
namespace {

constexpr std::size_t image_side = 28;

// Appends row `row` of the images x {N,784} to `images`.
void append_image(DigitImages& images, const Tensor& x, std::size_t row, std::uint8_t digit) {
  const std::size_t features = x.shape()[1];
  const float* pixels = x.data() + row * features;
  images.pixels.insert(images.pixels.end(), pixels, pixels + features);
  images.digits.push_back(digit);
}

// The first training images of each digit, one of each digit in turn, for samples.png: 12
// of each of two digits, 3 of each of more.
DigitImages training_samples(const DigitPair& data, const std::vector<int>& digits) {
  const std::size_t per_digit = digits.size() == 2 ? 12 : 3;
  const std::vector<int> classes = classes_of(data.digits_train, digits);
  std::vector<std::vector<std::size_t>> rows(digits.size());
  for (std::size_t row = 0; row < classes.size(); ++row)
    if (rows[classes[row]].size() < per_digit) rows[classes[row]].push_back(row);
  DigitImages samples;
  for (std::size_t i = 0; i < per_digit; ++i)
    for (std::size_t k = 0; k < digits.size(); ++k)
      if (i < rows[k].size()) append_image(samples, data.x_train, rows[k][i], digits[k]);
  return samples;
}

std::vector<EpochMetrics> rows_of(const std::vector<EpochMetrics>& epochs, const char* model) {
  std::vector<EpochMetrics> rows;
  for (const EpochMetrics& row : epochs)
    if (row.model == model) rows.push_back(row);
  return rows;
}

// Whether the network's bottleneck (the input of its output layer) is 2-D: the plane the
// embedding figures draw.
bool has_2d_embedding(const Model& network) {
  const std::vector<Layer>& layers = network.layers();
  return layers.size() >= 3 && layers[layers.size() - 2].kind() == "affine" &&
         layers[layers.size() - 2].parameters().front().value.shape()[0] == 2;
}

void add_embedding(FigureData& figure, const DigitPair& data, const Model& network) {
  const Model embed = network.slice(0, -2);  // layers[:-2]: the 2-D embedding
  const Model head = network.slice(-2, static_cast<std::ptrdiff_t>(network.layers().size()));
  NoGrad no_grad;
  const Tensor embedding = embed(data.x_test);  // {N,2}
  const Tensor output = head(embedding);        // {N,1} or {N,K}
  const std::size_t n = data.x_test.shape()[0];
  for (std::size_t i = 0; i < n; ++i) {
    figure.embedding_x.push_back(embedding(i, 0));
    figure.embedding_y.push_back(embedding(i, 1));
    if (figure.two_classes()) figure.probability.push_back(output(i, 0));
  }
  if (figure.two_classes()) {
    figure.probability_at = [head](double x, double y) {
      NoGrad no_grad;
      return static_cast<double>(
          head(Tensor::from({1, 2}, {static_cast<float>(x), static_cast<float>(y)})).item());
    };
    return;
  }
  figure.class_probabilities = [head](std::span<const plot::Point> points) {
    NoGrad no_grad;
    std::vector<float> xy;
    for (const plot::Point& p : points) xy.insert(xy.end(), {float(p.x), float(p.y)});
    const Tensor p = head(Tensor::from({points.size(), 2}, std::span<const float>(xy)));
    return std::vector<double>(p.data(), p.data() + p.size());
  };
}

// The maps {F,H,W} of example `row` of maps {N,F,H,W}, one image each.
void append_maps(std::vector<plot::Image>& images, const Tensor& maps, std::size_t row) {
  const Shape& shape = maps.shape();
  const std::size_t area = shape[2] * shape[3];
  const float* values = maps.data() + row * shape[1] * area;
  for (std::size_t f = 0; f < shape[1]; ++f)
    images.push_back({int(shape[2]), int(shape[3]),
                      std::vector<double>(values + f * area, values + (f + 1) * area)});
}

void add_convolution_views(FigureData& figure, const DigitPair& data, const Model& network) {
  // Each Conv2d's output, after its Relu when one follows: apply_first of these counts.
  const std::vector<Layer>& layers = network.layers();
  std::vector<std::size_t> ends;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].kind() != "conv2d") continue;
    if (ends.empty()) {
      figure.first_conv_name = layers[i].name();
      const Tensor w = layers[i].parameter("w");  // {F,C,K,K}
      const std::size_t filters = w.shape()[0], taps = w.shape()[2] * w.shape()[3];
      const std::size_t per_filter = w.shape()[1] * taps;
      for (std::size_t f = 0; f < filters; ++f)
        figure.first_filters.push_back(
            {int(w.shape()[2]), int(w.shape()[3]),
             std::vector<double>(w.data() + f * per_filter, w.data() + f * per_filter + taps)});
    }
    ends.push_back(i + (i + 1 < layers.size() && layers[i + 1].kind() == "relu" ? 2 : 1));
    names.push_back(layers[i].name());
  }
  if (ends.empty()) return;
  // The first test image of each digit.
  const std::vector<int> classes = classes_of(data.digits_test, figure.digits);
  DigitImages examples;
  for (std::size_t k = 0; k < figure.digits.size(); ++k) {
    const auto first = std::find(classes.begin(), classes.end(), int(k));
    if (first != classes.end())
      append_image(examples, data.x_test, std::size_t(first - classes.begin()),
                   std::uint8_t(figure.digits[k]));
  }
  if (examples.count() == 0) return;
  const Tensor x = Tensor::from({examples.count(), image_side * image_side},
                                std::span<const float>(examples.pixels));
  NoGrad no_grad;
  std::vector<Tensor> outputs;
  for (const std::size_t end : ends) outputs.push_back(network.apply_first(end, x));
  figure.feature_map_names.push_back("input");
  for (std::size_t stage = 0; stage < outputs.size(); ++stage)
    for (std::size_t f = 0; f < outputs[stage].shape()[1]; ++f)
      figure.feature_map_names.push_back(names[stage] + " " + std::to_string(f + 1));
  for (std::size_t row = 0; row < examples.count(); ++row) {
    const float* pixels = examples.pixels.data() + row * image_side * image_side;
    std::vector<plot::Image> images = {
        {int(image_side), int(image_side),
         std::vector<double>(pixels, pixels + image_side * image_side)}};
    for (const Tensor& maps : outputs) append_maps(images, maps, row);
    figure.feature_maps.push_back(std::move(images));
    figure.feature_map_digits.push_back(examples.digits[row]);
  }
}

void add_network_views(FigureData& figure, const DigitPair& data, const Model& network) {
  const Decisions decisions = decide(network, data.x_test);
  figure.test_digits = data.digits_test;
  figure.test_classes = classes_of(data.digits_test, figure.digits);
  figure.decided = decisions.classes;
  figure.network_confusion =
      confusion_matrix(figure.test_classes, decisions.classes, figure.digits.size());
  for (std::size_t i = 0; i < decisions.classes.size(); ++i) {
    if (decisions.classes[i] == figure.test_classes[i]) continue;
    append_image(figure.misclassified, data.x_test, i, data.digits_test[i]);
    figure.misclassified.decided.push_back(decisions.classes[i]);
    // Two digits: p of the first, as the sigmoid gives it; more: p of the digit decided on.
    const double p = decisions.probabilities[i];
    figure.misclassified.probabilities.push_back(
        figure.two_classes() && decisions.classes[i] == 1 ? 1 - p : p);
  }
  if (has_2d_embedding(network)) add_embedding(figure, data, network);
  add_convolution_views(figure, data, network);
}

void add_regression_views(FigureData& figure, const DigitPair& data, const Model& regression) {
  const Tensor weights = regression.parameters().front().value;  // {784, outputs}
  const std::size_t outputs = weights.shape()[1];
  if (weights.shape()[0] == image_side * image_side)
    for (std::size_t k = 0; k < outputs; ++k) {
      std::vector<double> map;
      for (std::size_t pixel = 0; pixel < image_side * image_side; ++pixel)
        map.push_back(weights.data()[pixel * outputs + k]);
      figure.regression_weights.push_back(std::move(map));
    }
  figure.regression_confusion =
      confusion_matrix(classes_of(data.digits_test, figure.digits),
                       decide(regression, data.x_test).classes, figure.digits.size());
}

std::vector<double> ink_fraction(const Tensor& x) {
  const std::size_t rows = x.shape()[0], features = x.shape()[1];
  std::vector<double> fraction(features, 0.0);
  for (std::size_t row = 0; row < rows; ++row)
    for (std::size_t f = 0; f < features; ++f)
      if (x.data()[row * features + f] > 0.1f) fraction[f] += 1.0 / static_cast<double>(rows);
  return fraction;
}

}  // namespace

DigitPair load_run_data(const std::filesystem::path& dir, const std::vector<int>& digits) {
  return digits.size() == 2 ? load_digit_pair(dir, digits[0], digits[1]) : load_digits(dir, digits);
}

FigureData collect_figure_data(const DigitPair& data, const std::vector<int>& digits,
                               const std::optional<Model>& network,
                               const std::optional<Model>& regression,
                               const std::vector<EpochMetrics>& epochs,
                               const std::vector<BatchLoss>& batches) {
  FigureData figure;
  figure.digits = digits;
  figure.training_samples = training_samples(data, digits);
  figure.network_epochs = rows_of(epochs, "nn");
  figure.regression_epochs = rows_of(epochs, "lr");
  for (const BatchLoss& row : batches)
    if (row.model == "nn") figure.network_batches.push_back(row);
  if (network) add_network_views(figure, data, *network);
  if (regression) add_regression_views(figure, data, *regression);
  figure.ink_fraction = ink_fraction(data.x_train);
  return figure;
}

}  // namespace kudzu::compare
