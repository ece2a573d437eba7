// What kudzu-predict reads of the kudzu-compare run directory its model lies in: the digits
// the run was trained on (summary.json) and, for --explain, the run's test set in the
// network's 2-D embedding. The one place that knows that directory's layout.
#pragma once

#include <filesystem>
#include <optional>

#include "figures.hpp"
#include "kudzu/nn.hpp"

namespace kudzu::predict {

struct RunDirectory {
  std::filesystem::path dir;
  int first_digit = 3, second_digit = 8;  // label 1 and label 0
  std::filesystem::path data_dir;         // the MNIST directory the run read
};

// The run directory `model` lies in; nullopt when there is no summary.json beside it.
// DataError naming summary.json when it is there but damaged.
std::optional<RunDirectory> read_run_directory(const std::filesystem::path& model);

// The run's test images in `network`'s embedding, with its probabilities, for the contour
// figure. The MNIST files come from `data_dir`, or else from the run's own data directory.
compare::FigureData test_set_embedding(const RunDirectory& run, const Model& network,
                                       const std::optional<std::filesystem::path>& data_dir);

}  // namespace kudzu::predict
