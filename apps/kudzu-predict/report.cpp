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

nlohmann::ordered_json results_json(const std::filesystem::path& model,
                                    const std::vector<std::string>& classes,
                                    const std::vector<ImageResult>& results) {
  nlohmann::ordered_json images = nlohmann::ordered_json::array();
  for (const ImageResult& result : results) {
    nlohmann::ordered_json image = {{"file", result.file.string()}};
    if (!result.prediction) {
      image["error"] = result.error;
    } else {
      image["digit"] = classes[result.prediction->decided];
      nlohmann::ordered_json probabilities = nlohmann::ordered_json::object();
      for (std::size_t k = 0; k < classes.size(); ++k)
        probabilities[classes[k]] = rounded(result.prediction->probabilities[k]);
      image["probabilities"] = probabilities;
      if (const auto& point = result.prediction->embedding)
        image["embedding"] = {rounded((*point)[0]), rounded((*point)[1])};
    }
    images.push_back(image);
  }
  return {{"model", model.string()}, {"classes", classes}, {"images", images}};
}

}  // namespace kudzu::predict
