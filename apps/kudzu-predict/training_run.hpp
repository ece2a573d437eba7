// The model kudzu-predict reads and, when it is one of a kudzu-compare run's results, that
// run: the digits it was trained on and, for --explain, its test set in the network's 2-D
// embedding. The one place that knows a run directory's layout.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "figures.hpp"
#include "kudzu/model_file.hpp"
#include "kudzu/run_directory.hpp"
#include "run_summary.hpp"

namespace kudzu::predict {

struct TrainingRun {
  RunDirectory directory;  // every file checked against the run's manifest
  compare::RunSummary summary;
};

struct ModelSource {
  ModelFile file;
  std::optional<TrainingRun> run;  // the run `file` is a result of, if any
  std::string note;                // why a run beside the model is not used, if one is not
};

// Reads the model file `model`. When a run's manifest lies beside it and lists it, the whole
// run is checked first and the model comes from its checked bytes: a damaged or mixed run,
// or a model that is not the run's own, is a DataError naming the file. A model without a
// manifest beside it is read alone (a run older than manifests is then not used: see note).
ModelSource read_model(const std::filesystem::path& model);

// The run's test images in `network`'s embedding, with its probabilities, for the contour
// figure. The MNIST files come from `data_dir`, or else from the run's own data folder.
compare::FigureData test_set_embedding(const TrainingRun& run, const Model& network,
                                       const std::optional<std::filesystem::path>& data_dir);

}  // namespace kudzu::predict
