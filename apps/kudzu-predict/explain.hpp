// --explain: one PNG per image showing what kudzu-predict did with it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "figures.hpp"
#include "kudzu/digit_image.hpp"

namespace kudzu::predict {

struct Explained {
  std::string file;               // the image's name, for the titles
  const DecodedImage& original;   // the image as given
  const PreparedDigit& prepared;  // the 28x28 the model saw
  const std::vector<std::string>& classes;
  const Prediction& prediction;
  // The run's test set in the network's embedding; without it (a model with no 2-D
  // embedding) the figure has no embedding panel.
  const compare::FigureData* embedding = nullptr;
};

// Writes the figure to `path` (atomically): the image as given, the 28x28 seen, the
// probabilities as bars, and the embedding with the image as a star over the run's contour
// figure (the test set's digits and the p = 0.5 line). At least 1400x700 pixels.
void write_explain_figure(const std::filesystem::path& path, const Explained& explained);

// The figure's file name for an image: its name with ".png" in DIR, "-2", "-3"... added when
// an earlier image of the same name took it (a/3.png and b/3.png).
std::filesystem::path explain_path(const std::filesystem::path& dir,
                                   const std::filesystem::path& image,
                                   std::vector<std::filesystem::path>& taken);

}  // namespace kudzu::predict
