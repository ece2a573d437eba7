// The figures of a comparison run (ten for two digits, ten for more, partly others), drawn
// from plain numbers so that a fresh run and
// --replot (which reads them back from files) draw exactly the same pictures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "confusion.hpp"
#include "kudzu/metrics.hpp"
#include "kudzu/plot/figure.hpp"
#include "kudzu/thread_pool.hpp"

namespace kudzu::compare {

// A set of 28x28 digit images with what is known about each.
struct DigitImages {
  int rows = 28, columns = 28;
  std::vector<float> pixels;         // image after image, values in [0, 1]
  std::vector<std::uint8_t> digits;  // the digit each image shows
  // Two digits: the network's probability of the first digit; more: of the digit it decided
  // on (decided, an index into FigureData::digits). Empty when not known.
  std::vector<double> probabilities;
  std::vector<int> decided;
  std::size_t count() const { return digits.size(); }
};

struct FigureData {
  // Two digits (label 1 and label 0, a sigmoid) or more (classes in this order, a softmax).
  std::vector<int> digits = {3, 8};
  bool two_classes() const { return digits.size() == 2; }

  DigitImages training_samples;  // for samples.png
  DigitImages misclassified;     // test images the network gets wrong, with probabilities

  std::vector<EpochMetrics> network_epochs, regression_epochs;  // either may be empty
  std::vector<BatchLoss> network_batches;

  // The network on the test set: each image's digit, class and the class decided on.
  std::vector<std::uint8_t> test_digits;
  std::vector<int> test_classes, decided;
  // The test set in the network's 2-D embedding (the output of layer "third"); empty when
  // the bottleneck is not 2-D. Two digits: probability is p(first digit) of each test image
  // and probability_at the final logistic unit on the plane. More: class_probabilities gives
  // the softmax of each point of the plane, row-major {points, classes}.
  std::vector<double> embedding_x, embedding_y, probability;
  std::function<double(double, double)> probability_at;
  std::function<std::vector<double>(std::span<const plot::Point>)> class_probabilities;

  std::optional<Confusion> network_confusion, regression_confusion;  // on the test set

  // One 28x28 map (row-major) of the regression's weights per output: one for two digits,
  // one per digit for more. Empty without the regression.
  std::vector<std::vector<double>> regression_weights;
  // Per pixel, the fraction of training images with ink there (a value above 0.1).
  std::vector<double> ink_fraction;

  // A convolutional network (a LeNet): the filters of its first Conv2d, each its first input
  // channel's kernel x kernel weights; and one test image of each digit (in the order of
  // `digits`) through its Conv2d layers, after the Relu that follows each: per digit the
  // image, then every map of each Conv2d in turn, named per column in feature_map_names
  // ("input", "conv1 1", ...). Empty for a network without a Conv2d.
  std::string first_conv_name;
  std::vector<plot::Image> first_filters;
  std::vector<std::vector<plot::Image>> feature_maps;
  std::vector<int> feature_map_digits;  // the digit of each row of feature_maps
  std::vector<std::string> feature_map_names;
};

// What contour.png shows (two digits only), drawn into `axes`: the probability bands and lines of
// the final unit over the embedding plane, the test images by digit, the mistakes marked, the p =
// 0.5 boundary heavy; the axes' ranges hold the test images and every point of also_shown (so that
// a caller can add points of its own, as kudzu-predict does). Needs the embedding data.
void draw_probability_contour(plot::Axes& axes, const FigureData& data,
                              std::span<const plot::Point> also_shown = {});

// The name of every figure draw_figures can write.
std::vector<std::string> figure_names();

// The figure called `name` (one of figure_names()), built but not yet rendered; nothing when
// its data is missing. kudzu::UsageError for an unknown name.
std::optional<plot::Figure> build_figure(const std::string& name, const FigureData& data);

// Writes the PNGs into dir (each atomically) and returns their names in figure_names()'s
// order. Figures whose data is missing (a run without one of the models) are skipped. With a
// pool the figures are drawn side by side on its threads (the same bytes).
std::vector<std::string> draw_figures(const FigureData& data, const std::filesystem::path& dir,
                                      ThreadPool* pool = nullptr);

}  // namespace kudzu::compare
