#include "classifier.hpp"

#include <algorithm>

#include "kudzu/autograd.hpp"
#include "kudzu/error.hpp"
#include "kudzu/model_file.hpp"
#include "options.hpp"

namespace kudzu::predict {
namespace {

constexpr std::size_t digit_pixels = 28 * 28;

// The widths the model takes and gives: the inputs of its first affine layer, or of its first
// unflatten layer (a LeNet's, which makes 28x28 images of 784 pixels), and the outputs of its
// last affine layer.
std::pair<std::size_t, std::size_t> widths(const Model& model, const std::string& name) {
  std::optional<std::size_t> inputs, outputs;
  for (const Layer& layer : model.layers())
    if (layer.kind() == "affine") {
      const Shape& w = layer.parameters().front().value.shape();  // {nin, nout}
      if (!inputs) inputs = w[0];
      outputs = w[1];
    } else if (layer.kind() == "unflatten" && !inputs) {
      const std::span<const std::size_t> image = layer.settings();  // channels, height, width
      inputs = image[0] * image[1] * image[2];
    } else if (!inputs && layer.parameters().size() > 0) {
      throw Error(name + ": the model's first layer with parameters is a " +
                  std::string(layer.kind()) +
                  " layer that does not take rows of pixels, so it cannot classify images");
    }
  if (!outputs) throw Error(name + ": the model has no affine layer, so it cannot classify images");
  return {*inputs, *outputs};
}

}  // namespace

Classifier make_classifier(const ModelSource& source, const std::filesystem::path& model_path,
                           const std::vector<std::string>& classes) {
  const std::string name = model_path.string();
  const ModelFile& file = source.file;
  const std::optional<TrainingRun>& run = source.run;
  Classifier classifier{file.model, file.metadata.class_names, {}, {}};
  const auto [inputs, outputs] = widths(classifier.model, name);
  if (inputs != digit_pixels)
    throw Error(name + ": the model takes " + std::to_string(inputs) +
                " inputs, not the 784 pixels of a 28x28 digit image");
  if (!file.metadata.input.empty() && file.metadata.input != "mnist-28x28")
    throw Error(name + ": the model expects its input prepared as '" + file.metadata.input +
                "'; kudzu-predict prepares images as mnist-28x28");
  const std::string_view last = classifier.model.layers().back().kind();
  if (!((last == "sigmoid" && outputs == 1) || (last == "softmax" && outputs > 1)))
    throw Error(name + ": the model ends in a " + std::string(last) + " layer of " +
                std::to_string(outputs) +
                " outputs; kudzu-predict needs probabilities (one sigmoid, or a softmax)");
  const std::size_t probabilities = outputs == 1 ? 2 : outputs;
  if (!classes.empty()) {
    if (classes.size() != probabilities)
      throw OptionsError("--classes: " + std::to_string(classes.size()) + " names, but " + name +
                         " gives " + std::to_string(probabilities) + " probabilities");
    classifier.classes = classes;
  } else if (classifier.classes.empty()) {
    if (!run || probabilities != 2 || run->summary.digits.size() != 2)
      throw Error(name +
                  " does not name its classes (a version-1 model file) and is not the result of "
                  "a run: name them with --classes, e.g. --classes 3,8");
    const compare::RunSummary& summary = run->summary;
    classifier.classes = {std::to_string(summary.digits[0]), std::to_string(summary.digits[1])};
    classifier.assumption = name + " does not name its classes (a version-1 model file): taking " +
                            classifier.classes[0] + "," + classifier.classes[1] + " from " +
                            (run->directory.dir() / "summary.json").string() +
                            " (--classes sets them)";
  }
  // The original network: ... Affine(k, 2), Affine(2, 1), Sigmoid; its embedding is layers[:-2].
  const std::vector<Layer>& layers = classifier.model.layers();
  if (layers.size() >= 3 && last == "sigmoid" && layers[layers.size() - 2].kind() == "affine" &&
      layers[layers.size() - 2].parameters().front().value.shape()[0] == 2)
    classifier.embed = classifier.model.slice(0, -2);
  return classifier;
}

Prediction classify(const Classifier& classifier, const Tensor& input) {
  NoGrad no_grad;
  Prediction prediction;
  const Tensor output = classifier.model(input);  // {1, outputs}
  if (output.size() == 1) {
    const double p = output.item();
    prediction.probabilities = {p, 1 - p};
  } else {
    const std::vector<float> values = output.to_vector();
    prediction.probabilities.assign(values.begin(), values.end());
  }
  prediction.decided = static_cast<std::size_t>(
      std::max_element(prediction.probabilities.begin(), prediction.probabilities.end()) -
      prediction.probabilities.begin());
  if (classifier.embed) {
    const Tensor point = (*classifier.embed)(input);  // {1, 2}
    prediction.embedding = std::array<double, 2>{point(0, 0), point(0, 1)};
  }
  return prediction;
}

}  // namespace kudzu::predict
