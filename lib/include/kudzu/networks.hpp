// The write-up's two models, for any number of classes K: the network with its 2-D
// embedding and the linear baseline.
//
//   Rng rng(42);
//   Model network = original_network(784, 2, 2, rng);   // 784-100-100-2-1, sigmoid
//   Model baseline = linear_classifier(784, 2, rng);     // 784-1, sigmoid
//   Model embed = network.slice(0, 5);                   // x -> the 2-D embedding
#pragma once

#include <array>
#include <cstddef>

#include "kudzu/nn.hpp"
#include "kudzu/rng.hpp"

namespace kudzu {

// The widths original_network's four Affine layers take and give, input first:
// {features, 100, 100, embedding, 1 for two classes or else K}.
constexpr std::array<std::size_t, 5> original_network_widths(std::size_t features,
                                                             std::size_t classes,
                                                             std::size_t embedding) {
  return {features, 100, 100, embedding, classes == 2 ? 1 : classes};
}

// features-100-100-embedding-1 with Relu after the first two layers and a Sigmoid at the
// end for two classes (the original: 784-100-100-2-1); features-100-100-embedding-K ending
// in Softmax for K > 2. Layers "first", "second", "third", "output", drawn from rng in
// that order.
Model original_network(std::size_t features, std::size_t classes, std::size_t embedding, Rng& rng);

// Logistic regression, features-1 with a Sigmoid, for two classes; softmax regression,
// features-K, for K > 2. One layer "linear" drawn from rng.
Model linear_classifier(std::size_t features, std::size_t classes, Rng& rng);

}  // namespace kudzu
