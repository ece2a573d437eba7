#include "figure_data.hpp"

#include "kudzu/autograd.hpp"
#include "kudzu/ops.hpp"

namespace kudzu::compare {
namespace {

constexpr std::size_t image_side = 28;
constexpr std::size_t samples_per_digit = 12;

// Appends row `row` of the images x {N,784} to `images`.
void append_image(DigitImages& images, const Tensor& x, std::size_t row, std::uint8_t digit) {
  const std::size_t features = x.shape()[1];
  const float* pixels = x.data() + row * features;
  images.pixels.insert(images.pixels.end(), pixels, pixels + features);
  images.digits.push_back(digit);
}

// The first training images of each digit, alternating, for samples.png.
DigitImages training_samples(const DigitPair& data, int first_digit, int second_digit) {
  std::vector<std::size_t> rows[2];
  for (std::size_t row = 0; row < data.digits_train.size(); ++row) {
    const int k = data.digits_train[row] == first_digit ? 0 : 1;
    if (rows[k].size() < samples_per_digit) rows[k].push_back(row);
  }
  DigitImages samples;
  for (std::size_t i = 0; i < samples_per_digit; ++i)
    for (int k = 0; k < 2; ++k)
      if (i < rows[k].size())
        append_image(samples, data.x_train, rows[k][i], k == 0 ? first_digit : second_digit);
  return samples;
}

std::vector<EpochMetrics> rows_of(const std::vector<EpochMetrics>& epochs, const char* model) {
  std::vector<EpochMetrics> rows;
  for (const EpochMetrics& row : epochs)
    if (row.model == model) rows.push_back(row);
  return rows;
}

void add_network_views(FigureData& figure, const DigitPair& data, const Model& network) {
  const Model embed = network.slice(0, -2);  // layers[:-2]: the 2-D embedding
  const Model head = network.slice(-2, static_cast<std::ptrdiff_t>(network.layers().size()));
  NoGrad no_grad;
  const Tensor embedding = embed(data.x_test);  // {N,2}
  const Tensor probability = head(embedding);   // {N,1}
  const std::size_t n = data.x_test.shape()[0];
  for (std::size_t i = 0; i < n; ++i) {
    figure.embedding_x.push_back(embedding(i, 0));
    figure.embedding_y.push_back(embedding(i, 1));
    figure.probability.push_back(probability(i, 0));
    const bool is_first = data.digits_test[i] == figure.first_digit;
    if ((probability(i, 0) >= 0.5f) != is_first) {
      append_image(figure.misclassified, data.x_test, i, data.digits_test[i]);
      figure.misclassified.probabilities.push_back(probability(i, 0));
    }
  }
  figure.test_digits = data.digits_test;
  figure.probability_at = [head](double x, double y) {
    NoGrad no_grad;
    return static_cast<double>(
        head(Tensor::from({1, 2}, {static_cast<float>(x), static_cast<float>(y)})).item());
  };
}

}  // namespace

FigureData collect_figure_data(const DigitPair& data, int first_digit, int second_digit,
                               const std::optional<Model>& network,
                               const std::optional<Model>& regression,
                               const std::vector<EpochMetrics>& epochs,
                               const std::vector<BatchLoss>& batches) {
  FigureData figure;
  figure.first_digit = first_digit;
  figure.second_digit = second_digit;
  figure.training_samples = training_samples(data, first_digit, second_digit);
  figure.network_epochs = rows_of(epochs, "nn");
  figure.regression_epochs = rows_of(epochs, "lr");
  for (const BatchLoss& row : batches)
    if (row.model == "nn") figure.network_batches.push_back(row);
  if (network) add_network_views(figure, data, *network);
  if (regression) {
    const Tensor weights = regression->parameters().front().value;  // {784,1}
    if (weights.size() == image_side * image_side)
      figure.regression_weights.assign(weights.data(), weights.data() + weights.size());
  }
  return figure;
}

}  // namespace kudzu::compare
