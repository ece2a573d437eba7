// The write-up's two models, for any number of classes K: the network with its 2-D
// embedding and the linear baseline; and LeNet-5, the classic convolutional network.
//
//   Rng rng(42);
//   Model network = original_network(784, 2, 2, rng);   // 784-100-100-2-1, sigmoid
//   Model baseline = linear_classifier(784, 2, rng);     // 784-1, sigmoid
//   Model embed = network.slice(0, 5);                   // x -> the 2-D embedding
//   Model cnn = lenet(10, 0, rng);                       // {N,784} -> 10 probabilities
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

// LeNet-5 for rows of 784 pixels (28x28 images, row by row), as PyTorch's examples write it:
// Unflatten to {N,1,28,28}, Conv2d(1,6,5, padding 2), Relu, MaxPool2d(2,2), Conv2d(6,16,5),
// Relu, MaxPool2d(2,2), Flatten, Affine 400-120, Relu, Affine 120-84, Relu, then an
// `embedding`-unit Affine "embedding" when embedding > 0 (0: none), and the output Affine
// "output" with a Sigmoid for two classes (one unit) or a Softmax for K > 2. Layers "image",
// "conv1", "pool1", "conv2", "pool2", "flatten", "full1", "full2"; parameters drawn from rng in
// layer order.
Model lenet(std::size_t classes, std::size_t embedding, Rng& rng);

// Logistic regression, features-1 with a Sigmoid, for two classes; softmax regression,
// features-K, for K > 2. One layer "linear" drawn from rng.
Model linear_classifier(std::size_t features, std::size_t classes, Rng& rng);

}  // namespace kudzu
