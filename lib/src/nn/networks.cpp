#include "kudzu/networks.hpp"

#include <vector>

namespace kudzu {

Model original_network(std::size_t features, std::size_t classes, std::size_t embedding, Rng& rng) {
  // Layer by layer, in this order: each Affine draws its weights from rng as it is made.
  std::vector<Layer> layers = {Affine("first", features, 100, rng), Relu("relu"),
                               Affine("second", 100, 100, rng), Relu("relu"),
                               Affine("third", 100, embedding, rng)};
  if (classes == 2) {
    layers.push_back(Affine("output", embedding, 1, rng));
    layers.push_back(Sigmoid("sigmoid"));
  } else {
    layers.push_back(Affine("output", embedding, classes, rng));
    layers.push_back(Softmax("softmax"));
  }
  return Model(std::move(layers));
}

Model linear_classifier(std::size_t features, std::size_t classes, Rng& rng) {
  if (classes == 2) return Model({Affine("linear", features, 1, rng), Sigmoid("sigmoid")});
  return Model({Affine("linear", features, classes, rng), Softmax("softmax")});
}

}  // namespace kudzu
