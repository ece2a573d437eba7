#include "kudzu/networks.hpp"

#include <vector>

namespace kudzu {

Model original_network(std::size_t features, std::size_t classes, std::size_t embedding, Rng& rng) {
  const auto widths = original_network_widths(features, classes, embedding);
  // Layer by layer, in this order: each Affine draws its weights from rng as it is made.
  std::vector<Layer> layers = {
      Affine("first", widths[0], widths[1], rng),  Relu("relu"),
      Affine("second", widths[1], widths[2], rng), Relu("relu"),
      Affine("third", widths[2], widths[3], rng),  Affine("output", widths[3], widths[4], rng)};
  if (classes == 2)
    layers.push_back(Sigmoid("sigmoid"));
  else
    layers.push_back(Softmax("softmax"));
  return Model(std::move(layers));
}

Model linear_classifier(std::size_t features, std::size_t classes, Rng& rng) {
  if (classes == 2) return Model({Affine("linear", features, 1, rng), Sigmoid("sigmoid")});
  return Model({Affine("linear", features, classes, rng), Softmax("softmax")});
}

}  // namespace kudzu
