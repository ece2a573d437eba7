// What a finished kudzu-compare run says of itself in its summary.json, as the programs that
// read a run back need it: --replot, and kudzu-predict for the run its model came from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kudzu/run_directory.hpp"

namespace kudzu::compare {

struct RunSummary {
  // The run's digits: two (label 1 and label 0), or more (class indices in this order).
  std::vector<int> digits = {3, 8};
  std::string network = "mlp";      // "mlp" or "lenet" ("mlp" in runs that do not say)
  std::size_t embedding = 2;        // the network's bottleneck (2 in runs that do not say);
                                    // 0 for a LeNet without one
  std::vector<std::string> models;  // "nn", "lr": the models trained, whose files are there
  std::filesystem::path data_dir;   // the MNIST folder the run read
};

// The checked summary.json of `run`. DataError naming the file when it is not a
// kudzu-compare summary (not JSON, not two or more different digits, no models listed).
RunSummary read_summary(const RunDirectory& run);

}  // namespace kudzu::compare
