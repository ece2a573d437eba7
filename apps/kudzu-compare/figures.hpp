// The ten figures of a comparison run, drawn from plain numbers so that a fresh run and
// --replot (which reads them back from files) draw exactly the same pictures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kudzu/metrics.hpp"
#include "kudzu/plot/figure.hpp"

namespace kudzu::compare {

// A set of 28x28 digit images with what is known about each.
struct DigitImages {
  int rows = 28, columns = 28;
  std::vector<float> pixels;          // image after image, values in [0, 1]
  std::vector<std::uint8_t> digits;   // the digit each image shows
  std::vector<double> probabilities;  // the network's probability of the first digit, if known
  std::size_t count() const { return digits.size(); }
};

struct FigureData {
  int first_digit = 3, second_digit = 8;
  DigitImages training_samples;  // for samples.png
  DigitImages misclassified;     // test images the network gets wrong, with probabilities

  std::vector<EpochMetrics> network_epochs, regression_epochs;  // either may be empty
  std::vector<BatchLoss> network_batches;

  // The test set in the network's 2-D embedding (the output of layer "third").
  std::vector<double> embedding_x, embedding_y, probability;
  std::vector<std::uint8_t> test_digits;
  std::function<double(double, double)> probability_at;  // the final logistic unit on the plane

  std::vector<double> regression_weights;  // 784 weights, row-major 28x28; empty without lr
};

// What contour.png shows, drawn into `axes`: the probability bands and lines of the final
// unit over the embedding plane, the test images by digit, the mistakes marked, the p = 0.5
// boundary heavy; the axes' ranges hold the test images and every point of also_shown (so
// that a caller can add points of its own, as kudzu-predict does). Needs the embedding data.
void draw_probability_contour(plot::Axes& axes, const FigureData& data,
                              std::span<const plot::Point> also_shown = {});

// The name of every figure draw_figures can write.
std::vector<std::string> figure_names();

// The figure called `name` (one of figure_names()), built but not yet rendered; nothing when
// its data is missing. kudzu::UsageError for an unknown name.
std::optional<plot::Figure> build_figure(const std::string& name, const FigureData& data);

// Writes the PNGs into dir (each atomically) and returns their names in the order drawn.
// Figures whose data is missing (a run without one of the models) are skipped.
std::vector<std::string> draw_figures(const FigureData& data, const std::filesystem::path& dir);

}  // namespace kudzu::compare
