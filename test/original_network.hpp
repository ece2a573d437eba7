// The network of the original write-up (784 -> 100 -> 100 -> 2 -> 1, Relu, Sigmoid, BCE,
// plain gradient descent) written with ops alone, no training stack: the fixed-shape step
// that the allocation test counts and the benchmarks time.
#pragma once

#include <array>

#include "kudzu/kudzu.hpp"

namespace kudzu::testing {

struct OriginalNetwork {
  static constexpr std::size_t inputs = 784, embedding = 2;

  // w1 b1 w2 b2 w3 b3 w4 b4: Glorot-normal weights and zero biases, as the original.
  std::array<Tensor, 8> parameters;

  explicit OriginalNetwork(Rng& rng) {
    const auto widths = original_network_widths(inputs, 2, embedding);
    for (std::size_t layer = 0; layer < 4; ++layer) {
      const std::size_t nin = widths[layer], nout = widths[layer + 1];
      parameters[2 * layer] = Tensor::glorot_normal(nin, nout, rng).requires_grad(true);
      parameters[2 * layer + 1] = Tensor::zeros({1, nout}).requires_grad(true);
    }
  }

  // Logits {batch, 1} for images x {batch, 784}: the network before its sigmoid.
  Tensor logits(const Tensor& x) const {
    const auto& [w1, b1, w2, b2, w3, b3, w4, b4] = parameters;
    const Tensor h1 = relu(matmul(x, w1) + b1);
    const Tensor h2 = relu(matmul(h1, w2) + b2);
    const Tensor embedded = matmul(h2, w3) + b3;
    return matmul(embedded, w4) + b4;
  }

  // Probabilities {batch, 1}.
  Tensor forward(const Tensor& x) const { return sigmoid(logits(x)); }

  // Forward, backward and one gradient-descent update; returns the loss before the update.
  float train_step(const Tensor& x, const Tensor& y, float learning_rate) {
    // As BCE::of_model trains a model ending in Sigmoid: from the logits.
    Tensor loss = binary_cross_entropy_with_logits(logits(x), y);
    loss.backward();
    // p -= lr * g as one plain loop per parameter; the training stack's GD calls
    // cblas_saxpy instead, which is as fast or faster, so this step is not flattered.
    for (Tensor& p : parameters) {
      float* values = p.data();
      const float* gradient = p.grad().data();
      const std::size_t size = p.size();  // hoisted: an opaque call would stop vectorizing
      for (std::size_t i = 0; i < size; ++i) values[i] -= learning_rate * gradient[i];
      p.zero_grad();
    }
    return loss.item();
  }
};

}  // namespace kudzu::testing
