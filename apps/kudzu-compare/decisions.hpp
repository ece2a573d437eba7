// What a trained model decides on a set of images, and the confusion matrix of its decisions
// that summary.json and confusion.png show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "confusion.hpp"
#include "kudzu/nn.hpp"

namespace kudzu::compare {

// For each row of x: the class the model decides on and the probability it gives that
// class. A model with one (sigmoid) output gives p of class 0, the first digit: it decides
// on class 0 when p >= 0.5, else on class 1 (with probability 1 - p). A model with several
// outputs decides on the arg-max.
struct Decisions {
  std::vector<int> classes;
  std::vector<double> probabilities;
};
Decisions decide(const Model& model, const Tensor& x);

// The class of each digit in `digits`: the position of the digit in `classes` (the run's
// digits, in order). UsageError for a digit that is not one of them.
std::vector<int> classes_of(const std::vector<std::uint8_t>& digits,
                            const std::vector<int>& classes);

// UsageError unless truth and decided have the same length and hold classes below `classes`.
Confusion confusion_matrix(const std::vector<int>& truth, const std::vector<int>& decided,
                           std::size_t classes);

}  // namespace kudzu::compare
