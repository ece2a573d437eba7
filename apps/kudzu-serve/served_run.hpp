// What kudzu-serve serves: the models of one kudzu-compare run, checked once at start, and
// the picture the page draws under a person's digit: the run's test set in the network's 2-D
// embedding with the network's probability over that plane (as contour.png).
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "classifier.hpp"

namespace kudzu::serve {

struct ServedModel {
  std::string name;   // "nn" or "lr": its file's stem, and a request's "model"
  std::string title;  // "network", "logistic regression", as the page names it
  predict::Classifier classifier;
};

// The test set in the network's embedding. Each image's class is an index into the run's
// classes; probability is the network's p(first class) at each point and over the grid,
// values[row * columns + column], row 0 at y_low and column 0 at x_low.
struct EmbeddingPicture {
  std::vector<double> x, y, probability;
  std::vector<int> classes;
  double x_low = 0, x_high = 1, y_low = 0, y_high = 1;
  int columns = 0, rows = 0;
  std::vector<double> grid;
};

struct ServedRun {
  std::filesystem::path dir;
  std::vector<std::string> classes;  // shared by every model
  std::vector<ServedModel> models;   // the network first, when the run has one
  std::optional<EmbeddingPicture> embedding;
};

// The run in `dir`: nn.kudzu and lr.kudzu (the ones it has), read and checked as kudzu-predict
// reads them, and, for the network of a two-digit run, the embedding picture from the run's
// MNIST test set (from `data_dir` if given). kudzu::Error, one line, when the folder holds no
// model ("run scripts/compare.sh first") or a model cannot be used. `note` is told what is
// left out and why (no MNIST test set: no embedding picture).
ServedRun load_served_run(const std::filesystem::path& dir,
                          const std::optional<std::filesystem::path>& data_dir,
                          const std::function<void(const std::string&)>& note);

// The embedding picture of a two-class network whose layers[:-2] give 2-D points: the points
// given, and the network's probability over their bounds (with a margin) on a grid.
EmbeddingPicture embedding_picture(const Model& network, std::vector<double> x,
                                   std::vector<double> y, std::vector<int> classes,
                                   std::vector<double> probability);

// GET /api/run: {"run", "classes", "models": [{"name", "title"}], "embedding": {"x", "y",
// "classes", "probability", "grid": {"x_low", "x_high", "y_low", "y_high", "columns", "rows",
// "values"}} or null}.
nlohmann::ordered_json run_json(const ServedRun& run);

}  // namespace kudzu::serve
