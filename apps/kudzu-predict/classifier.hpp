// The model kudzu-predict asks: loaded, checked to take a 28x28 digit image and to give
// probabilities, its classes named, and, for the network, its 2-D embedding.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kudzu/model_file.hpp"
#include "kudzu/nn.hpp"
#include "training_run.hpp"

namespace kudzu::predict {

struct Classifier {
  Model model;
  std::vector<std::string> classes;  // the name of each probability, in output order
  std::string assumption;            // how the classes were chosen when the file names none
  std::optional<Model> embed;        // layers[:-2] of a network with a 2-D embedding
};

struct Prediction {
  std::vector<double> probabilities;  // one per class, in the order of Classifier::classes
  std::size_t decided = 0;            // the class with the largest probability
  std::optional<std::array<double, 2>> embedding;
};

// The model of `source`, read from `model_path`. kudzu::Error, one line, when it does not take
// 784 inputs, does not end in a sigmoid or softmax, or expects another input preparation; when
// it names no classes, `classes` (--classes) names them, or else the digits of the run it came
// from, or else it is an error. OptionsError when `classes` does not fit the model.
Classifier make_classifier(const ModelSource& source, const std::filesystem::path& model_path,
                           const std::vector<std::string>& classes);

Prediction classify(const Classifier& classifier, const Tensor& input);

}  // namespace kudzu::predict
