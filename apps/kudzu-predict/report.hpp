// What kudzu-predict prints: a line per image, or one JSON document for them all (and
// kudzu-serve, the JSON of one image).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "classifier.hpp"

namespace kudzu::predict {

struct ImageResult {
  std::filesystem::path file;
  std::optional<Prediction> prediction;  // empty when the image could not be classified
  std::string error;                     // why not: "no digit found", or the file's problem
};

// "my3.png: 3  p(3) 0.970  p(8) 0.030"
std::string result_line(const ImageResult& result, const std::vector<std::string>& classes);

// One image's answer: {"digit", "probabilities": {class: p, ...}, "embedding": [x, y]}, in
// that order; "embedding" only for the network. kudzu-serve answers the same.
nlohmann::ordered_json prediction_json(const std::vector<std::string>& classes,
                                       const Prediction& prediction);

// {"model": ..., "classes": [...], "images": [{"file", "digit", "probabilities": {...},
// "embedding": [x, y]} or {"file", "error"}, ...]}, in that order; "embedding" only for the
// network.
nlohmann::ordered_json results_json(const std::filesystem::path& model,
                                    const std::vector<std::string>& classes,
                                    const std::vector<ImageResult>& results);

}  // namespace kudzu::predict
