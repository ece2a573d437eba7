// What a finished kudzu-compare run says of itself in its summary.json, as the programs that
// read a run back need it: --replot, and kudzu-predict for the run its model came from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kudzu/run_directory.hpp"

namespace kudzu::compare {

struct RunSummary {
  int first_digit = 3, second_digit = 8;  // label 1 and label 0
  std::vector<std::string> models;        // "nn", "lr": the models trained, whose files are there
  std::filesystem::path data_dir;         // the MNIST folder the run read
};

// The checked summary.json of `run`. DataError naming the file when it is not a
// kudzu-compare summary (not JSON, no two different digits, no models listed).
RunSummary read_summary(const RunDirectory& run);

}  // namespace kudzu::compare
