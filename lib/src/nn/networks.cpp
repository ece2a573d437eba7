#include "kudzu/networks.hpp"

#include <vector>

namespace kudzu {

namespace {

// The output layer for `classes` from `width` features: one sigmoid unit for two classes, a
// softmax over K for more.
void add_output(std::vector<Layer>& layers, std::size_t width, std::size_t classes, Rng& rng) {
  if (classes == 2) {
    layers.push_back(Affine("output", width, 1, rng));
    layers.push_back(Sigmoid("sigmoid"));
  } else {
    layers.push_back(Affine("output", width, classes, rng));
    layers.push_back(Softmax("softmax"));
  }
}

}  // namespace

Model original_network(std::size_t features, std::size_t classes, std::size_t embedding, Rng& rng) {
  const auto widths = original_network_widths(features, classes, embedding);
  // Layer by layer, in this order: each Affine draws its weights from rng as it is made.
  std::vector<Layer> layers = {Affine("first", widths[0], widths[1], rng), Relu("relu"),
                               Affine("second", widths[1], widths[2], rng), Relu("relu"),
                               Affine("third", widths[2], widths[3], rng)};
  add_output(layers, widths[3], classes, rng);
  return Model(std::move(layers));
}

Model lenet(std::size_t classes, std::size_t embedding, Rng& rng) {
  // {N,784} -> {N,1,28,28} -> conv1 {N,6,28,28} -> pool1 {N,6,14,14} -> conv2 {N,16,10,10}
  // -> pool2 {N,16,5,5} -> {N,400} -> 120 -> 84.
  std::vector<Layer> layers = {Unflatten("image", 1, 28, 28),
                               Conv2d("conv1", 1, 6, 5, 1, 2, rng),
                               Relu("relu"),
                               MaxPool2d("pool1", 2, 2),
                               Conv2d("conv2", 6, 16, 5, 1, 0, rng),
                               Relu("relu"),
                               MaxPool2d("pool2", 2, 2),
                               Flatten("flatten"),
                               Affine("full1", 400, 120, rng),
                               Relu("relu"),
                               Affine("full2", 120, 84, rng),
                               Relu("relu")};
  std::size_t width = 84;
  if (embedding > 0) {
    layers.push_back(Affine("embedding", width, embedding, rng));
    width = embedding;
  }
  add_output(layers, width, classes, rng);
  return Model(std::move(layers));
}

Model linear_classifier(std::size_t features, std::size_t classes, Rng& rng) {
  if (classes == 2) return Model({Affine("linear", features, 1, rng), Sigmoid("sigmoid")});
  return Model({Affine("linear", features, classes, rng), Softmax("softmax")});
}

}  // namespace kudzu
