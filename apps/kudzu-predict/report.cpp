#include "report.hpp"

#include <cmath>
#include <cstdio>

namespace kudzu::predict {
namespace {

// Six decimals are more than a float's probability holds; JSON then prints 0.97, not
// 0.9700000286102295.
double rounded(double value) { return std::round(value * 1e6) / 1e6; }

}  // namespace

std::string result_line(const ImageResult& result, const std::vector<std::string>& classes) {
  std::string line = result.file.string() + ": ";
  if (!result.prediction) return line + result.error;
  line += classes[result.prediction->decided];
  for (std::size_t k = 0; k < classes.size(); ++k) {
    char probability[32];
    std::snprintf(probability, sizeof probability, "%.3f", result.prediction->probabilities[k]);
    line += "  p(" + classes[k] + ") " + probability;
  }
  return line;
}

nlohmann::ordered_json prediction_json(const std::vector<std::string>& classes,
                                       const Prediction& prediction) {
  nlohmann::ordered_json probabilities = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < classes.size(); ++k)
    probabilities[classes[k]] = rounded(prediction.probabilities[k]);
  nlohmann::ordered_json json = {{"digit", classes[prediction.decided]},
                                 {"probabilities", probabilities}};
  if (const auto& point = prediction.embedding)
    json["embedding"] = {rounded((*point)[0]), rounded((*point)[1])};
  return json;
}

nlohmann::ordered_json results_json(const std::filesystem::path& model,
                                    const std::vector<std::string>& classes,
                                    const std::vector<ImageResult>& results) {
  nlohmann::ordered_json images = nlohmann::ordered_json::array();
  for (const ImageResult& result : results) {
    nlohmann::ordered_json image = {{"file", result.file.string()}};
    if (!result.prediction) {
      image["error"] = result.error;
    } else {
      image.update(prediction_json(classes, *result.prediction));
    }
    images.push_back(image);
  }
  return {{"model", model.string()}, {"classes", classes}, {"images", images}};
}

}  // namespace kudzu::predict
